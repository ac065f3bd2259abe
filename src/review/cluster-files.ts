import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../config/errors';
import { FLEET_OUTPUT } from '../config/fleet';
import { synthesizeClusters, synthesizeFleetFiles } from '../pipeline/synth';
import { HanokExtension } from '../extensions/extension';

/** The files of one output state: cluster name → (path inside `<out>/<cluster>/` → content). */
export type OutputState = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Synthesizes the cluster files of a folder in memory; nothing is written. */
export function synthesizedState(clustersDir: string, extensions: readonly HanokExtension[] = []): OutputState {
  const outputs = synthesizeClusters(clustersDir, undefined, { extensions });
  const state = new Map<string, ReadonlyMap<string, string>>(outputs.map((output) => [output.cluster.name, output.files]));
  const fleet = synthesizeFleetFiles(clustersDir, outputs);
  if (fleet) state.set(FLEET_OUTPUT, fleet);
  return state;
}

/**
 * Synthesizes the cluster files as they are at a git ref, with the current code: the files are copied from git into a
 * temporary folder (the work tree and `dist/` are never touched) and synthesized in memory. A ref without the folder
 * is an empty state, so every cluster shows as added.
 */
export function stateAtRef(ref: string, clustersDir: string, extensions: readonly HanokExtension[] = []): OutputState {
  const directory = path.resolve(clustersDir);
  const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  let top: string;
  try {
    top = run(directory, 'rev-parse', '--show-toplevel').trim();
  } catch {
    throw new UserError(`${clustersDir} is not inside a git repository; compare two output folders instead`);
  }
  const git = (...args: string[]) => run(top, ...args);
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new UserError(`--base: ${ref} is not a commit of the git repository at ${top}`);
  }
  const folder = run(directory, 'rev-parse', '--show-prefix').trim().replace(/\/$/, '');
  const names = git('ls-tree', '--name-only', `${ref}`, '--', `${folder}/`)
    .split('\n')
    .filter((name) => /\.ya?ml$/.test(name));
  if (names.length === 0) {
    return new Map();
  }
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-diff-'));
  try {
    // The clusters folder's parent as it was at the ref: cluster files name files beside them (a CA in certs/, bases
    // in ../bases/), which must come from the same commit.
    const parent = path.posix.dirname(folder);
    const archive = execFileSync('git', ['archive', '--format=tar', ref, '--', parent === '.' ? '.' : parent], {
      cwd: top,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    execFileSync('tar', ['-x', '-C', temporary], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
    return synthesizedState(path.join(temporary, folder), extensions);
  } catch (error) {
    if (error instanceof UserError) {
      throw new UserError(`the cluster files at ${ref} do not synthesize with the current code:\n${error.message}`);
    }
    throw error;
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** Reads an output folder as synth wrote it: one sub-folder per cluster. */
export function stateFromFolder(folder: string): OutputState {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new UserError(`${folder}: output folder not found`);
  }
  const state = new Map<string, Map<string, string>>();
  for (const cluster of fs.readdirSync(folder).sort()) {
    const root = path.join(folder, cluster);
    if (!fs.statSync(root).isDirectory() || cluster.startsWith('.')) continue;
    const files = new Map<string, string>();
    const walk = (relative: string) => {
      for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.isFile()) files.set(child, fs.readFileSync(path.join(root, child), 'utf8'));
      }
    };
    walk('');
    state.set(cluster, files);
  }
  return state;
}
