import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../config/errors';
import { codeOf, describeFsError, guard, makeFolders } from './fs-steps';
import type { OutputWrites } from './output-worker';

/**
 * The file hanok writes into the root of every output folder. synth replaces a folder only when it carries this
 * file, or is empty or missing, so `--out .` or `--out clusters` can never delete a user's files.
 */
export const OUTPUT_MARKER = '.hanok-output';
export const OUTPUT_MARKER_CONTENT =
  'This folder is written by `hanok synth`, which replaces all of it on every run.\n' +
  'Do not keep other files here: edit clusters/*.yaml and run synth again.\n';

const TMP_PREFIX = '.hanok-tmp-';
const OLD_INFIX = '.hanok-old-';

/** Files to write: cluster folder name to (path relative to it, content). */
export type OutputTree = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface OutputFolderOptions {
  /** The folder of cluster files, which the output may neither be nor contain. */
  readonly clustersDir?: string;
  /**
   * Replace the whole output folder, so that folders of clusters that no longer exist go away.
   * @default true
   */
  readonly replaceAll?: boolean;
  /** Receives what was found and repaired from an earlier, interrupted run, and cleanup problems. */
  readonly notice?: (message: string) => void;
}

/**
 * Checks that `outDir` may be replaced by hanok, throwing a UserError naming the folder and the reason otherwise.
 * Nothing is changed.
 */
export function assertReplaceable(outDir: string, clustersDir?: string): void {
  const target = path.resolve(outDir);
  const refuse = (why: string, todo = 'choose another --out'): never => {
    throw new UserError(`refusing to write the output to ${outDir}: ${why}; nothing was changed (${todo})`);
  };
  const real = realPathOf(target);
  const cwd = realPathOf(process.cwd());
  if (isSameOrInside(cwd, real)) {
    refuse(real === cwd ? 'it is the current folder' : 'it contains the current folder');
  }
  if (clustersDir !== undefined) {
    const clusters = realPathOf(path.resolve(clustersDir));
    if (isSameOrInside(clusters, real)) {
      refuse(real === clusters ? 'it is the clusters folder' : `it contains the clusters folder ${clustersDir}`);
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    return refuse(`cannot inspect it (${describeFsError(error)})`);
  }
  if (stat.isSymbolicLink()) {
    refuse('it is a symbolic link, which synth would replace by a folder', 'give the folder it points to');
  }
  if (!stat.isDirectory()) {
    refuse('it is an existing file, not a folder');
  }
  if (fs.existsSync(path.join(target, '.git'))) {
    refuse('it is the root of a git repository');
  }
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch (error) {
    return refuse(`cannot read it (${describeFsError(error)})`, 'make it readable or choose another --out');
  }
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    const shown = entries.sort().slice(0, 3).join(', ') + (entries.length > 3 ? ', ...' : '');
    refuse(
      `it holds files hanok did not write (${shown}) and no ${OUTPUT_MARKER} marker`,
      'empty or remove it if it is an old hanok output, or choose another --out',
    );
  }
}

/**
 * Writes the tree crash-safely: everything goes to a staging folder beside the output, which is then swapped in by
 * renames. A kill at any moment leaves the old or the new tree, and the next run repairs the leftovers first.
 */
export function writeOutputTree(tree: OutputTree, outDir: string, options: OutputFolderOptions = {}): void {
  const staging = OutputStaging.open(outDir, options);
  try {
    for (const [cluster, files] of tree) {
      staging.write(cluster, files);
    }
    staging.commit();
  } finally {
    staging.discard();
  }
}

/**
 * A staging folder beside the output that cluster folders are written into one at a time, as they are synthesized,
 * so that no run holds every cluster's files; `commit` swaps it in as writeOutputTree does. Until then the output
 * folder is untouched, and `discard` (always call it, in a `finally`) removes what is left of the staging folder.
 */
export class OutputStaging {
  /** Repairs an interrupted run's leftovers, refuses a folder hanok may not replace, and creates the staging folder. */
  static open(outDir: string, options: OutputFolderOptions = {}): OutputStaging {
    const target = path.resolve(outDir);
    const notice = options.notice ?? (() => undefined);
    recoverInterruptedWrite(outDir, notice);
    assertReplaceable(outDir, options.clustersDir);
    const parent = path.dirname(target);
    guard(`create the parent folder ${path.dirname(outDir)}`, () => makeFolders(parent));
    const staging = path.join(parent, `${TMP_PREFIX}${path.basename(target)}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    // mkdir, not mkdtemp, so the output gets the umask's usual mode rather than 0700.
    guard(`create a staging folder in ${path.dirname(outDir)}`, () => fs.mkdirSync(staging));
    const result = new OutputStaging(outDir, target, staging, options, notice);
    try {
      guard(`write the output to ${path.dirname(outDir)}`, () => fs.writeFileSync(path.join(staging, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT));
    } catch (error) {
      result.discard();
      throw error;
    }
    return result;
  }

  private readonly written: string[] = [];
  // Each folder is made once, not once per file: a cluster's 40-odd files share a handful of folders.
  private readonly made = new Set<string>();
  private background: OutputWrites | undefined;

  private constructor(
    private readonly outDir: string,
    private readonly target: string,
    private readonly staging: string,
    private readonly options: OutputFolderOptions,
    private readonly notice: (message: string) => void,
  ) {}

  /** Writes one folder of the output (a cluster's, or `fleet`), path relative to it and content. */
  write(folderName: string, files: ReadonlyMap<string, string>): void {
    this.claim(folderName);
    guard(`write the output to ${path.dirname(this.outDir)}`, () => {
      for (const [relative, content] of files) {
        const file = path.join(this.staging, folderName, relative);
        const folder = path.dirname(file);
        if (!this.made.has(folder)) {
          fs.mkdirSync(folder, { recursive: true });
          this.made.add(folder);
        }
        fs.writeFileSync(file, content);
      }
    });
  }

  /**
   * Like write, but the output worker (`writes`, see output-worker.ts) writes the folder, and draws `dots` into it,
   * while the caller goes on with the next cluster. commit first waits for every such folder and fails exactly as
   * write would have, changing nothing; discard first stops the worker, then removes. A staging uses one `writes`.
   */
  writeInBackground(folderName: string, files: ReadonlyMap<string, string>, dots: ReadonlyMap<string, string> | undefined, writes: OutputWrites): void {
    if ((this.background ??= writes) !== writes) throw new Error('a staging folder is written by one output worker run');
    writes.post({ folder: this.claim(folderName), files, dots, what: `write the output to ${path.dirname(this.outDir)}` });
  }

  private claim(folderName: string): string {
    if (this.written.includes(folderName)) throw new Error(`the output folder ${folderName} is written twice`);
    this.written.push(folderName);
    return path.join(this.staging, folderName);
  }

  /**
   * Swaps the staged output in: the whole output folder, or with `replaceAll: false` only the folders written (the
   * others are left as they are). Refuses, changing nothing, when the output folder has become one hanok may not
   * replace since `open`.
   */
  commit(): void {
    this.background?.finish();
    // Checked again: a run that writes clusters as it synthesizes them may have been long.
    assertReplaceable(this.outDir, this.options.clustersDir);
    if (this.options.replaceAll ?? true) {
      swapIn(this.staging, this.target, this.notice);
      return;
    }
    guard(`write ${this.outDir}`, () => {
      makeFolders(this.target);
      fs.writeFileSync(path.join(this.target, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT);
    });
    for (const folderName of this.written) {
      swapIn(path.join(this.staging, folderName), path.join(this.target, folderName), this.notice);
    }
  }

  /** Removes the staging folder, or what a commit left of it; the output folder is not touched. */
  discard(): void {
    this.background?.stop();
    removeQuietly(this.staging, this.notice);
  }
}

/**
 * Repairs what an interrupted write left: an output folder renamed aside (`<out>.hanok-old-<pid>`) whose replacement
 * never arrived is renamed back; a previous tree left after a completed swap and staging folders are removed.
 * Leftovers of a process that is still running are left alone.
 */
export function recoverInterruptedWrite(outDir: string, notice: (message: string) => void): void {
  const target = path.resolve(outDir);
  recoverIn(path.dirname(target), (name) => name === path.basename(target), notice);
  if (isMarkedFolder(target)) {
    recoverIn(target, () => true, notice);
  }
}

function recoverIn(directory: string, owns: (base: string) => boolean, notice: (message: string) => void): void {
  let names: string[];
  try {
    names = fs.readdirSync(directory).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const old = /^(.+)\.hanok-old-(\d+)$/.exec(name);
    const tmp = new RegExp(`^${escapeRegExp(TMP_PREFIX)}(.+)-(\\d+)-[0-9a-f]+$`).exec(name);
    const base = old?.[1] ?? tmp?.[1];
    const pid = Number(old?.[2] ?? tmp?.[2]);
    if (base === undefined || !owns(base) || (pid !== process.pid && isRunning(pid))) {
      continue;
    }
    const full = path.join(directory, name);
    if (old && !fs.existsSync(path.join(directory, base))) {
      guard(`restore ${full}`, () => fs.renameSync(full, path.join(directory, base)));
      notice(`restored ${path.join(directory, base)} from ${full}, left by an interrupted synth`);
    } else {
      removeQuietly(full, notice);
      notice(`removed ${full}, left by an interrupted synth`);
    }
  }
}

/** Replaces `target` by `replacement` with two renames, restoring the old folder if the second fails. */
function swapIn(replacement: string, target: string, notice: (message: string) => void): void {
  const previous = `${target}${OLD_INFIX}${process.pid}`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) {
    guard(`replace ${target}`, () => fs.renameSync(target, previous));
  }
  try {
    fs.renameSync(replacement, target);
  } catch (error) {
    if (hadPrevious) {
      fs.renameSync(previous, target);
    }
    throw new UserError(`cannot move the new output into ${target} (${describeFsError(error)}); the previous output is unchanged`);
  }
  if (hadPrevious) {
    // The new output is in place; failing to delete the old copy is worth a notice, not a failed run.
    removeQuietly(previous, notice);
  }
}

function removeQuietly(folder: string, notice: (message: string) => void): void {
  try {
    fs.rmSync(folder, { recursive: true, force: true });
  } catch (error) {
    notice(`could not remove ${folder} (${describeFsError(error)}); remove it by hand`);
  }
}

function isMarkedFolder(folder: string): boolean {
  try {
    return fs.lstatSync(folder).isDirectory() && fs.existsSync(path.join(folder, OUTPUT_MARKER));
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/** The real path of a path whose tail may not exist yet: the nearest existing ancestor resolved, the rest appended. */
function realPathOf(absolute: string): string {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isSameOrInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
