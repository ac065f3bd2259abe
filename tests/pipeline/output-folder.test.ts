import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { main } from '../../src/cli/hanok';
import { OUTPUT_MARKER, OUTPUT_MARKER_CONTENT, OutputTree, recoverInterruptedWrite, writeOutputTree } from '../../src/pipeline/output-folder';
import { EXAMPLE_CLUSTERS_DIR, REPO_ROOT } from '../helpers';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every entry below a folder: files with content, folders as '<dir>', links as '<link>'. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      const relative = path.relative(root, full);
      if (entry.isSymbolicLink()) entries[relative] = '<link>';
      else if (entry.isDirectory()) {
        entries[relative] = '<dir>';
        walk(full);
      } else entries[relative] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return entries;
}

async function hanok(cwd: string, ...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(argv, () => undefined, (line) => err.push(line));
    return { code, err: err.join('\n') };
  } finally {
    process.chdir(previous);
  }
}

/** A project folder: clusters/ with the examples and a user's file next to them. */
function project(): string {
  const root = tempDir('hanok-project-');
  fs.cpSync(EXAMPLE_CLUSTERS_DIR, path.join(root, 'clusters'), { recursive: true });
  fs.writeFileSync(path.join(root, 'notes.txt'), 'mine');
  return root;
}

describe('synth output safety', () => {
  test.each([
    ['.', 'it is the current folder'],
    ['clusters', 'it is the clusters folder'],
    ['..', 'it contains the current folder'],
    ['notes.txt', 'it is an existing file, not a folder'],
  ])('fails when --out is %s, deleting nothing', async (out, reason) => {
    const root = project();
    const before = snapshot(root);
    const result = await hanok(root, 'synth', '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`refusing to write the output to ${out}: ${reason}; nothing was changed`);
    expect(snapshot(root)).toEqual(before);
  });

  test('fails when the output folder holds files hanok did not write, or contains the clusters folder', async () => {
    const root = project();
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'thesis.tex'), 'years of work');
    const before = snapshot(root);
    const foreign = await hanok(root, 'synth', '--out', 'docs');
    expect(foreign.err).toContain('refusing to write the output to docs: it holds files hanok did not write (thesis.tex) and no .hanok-output marker');
    const parent = await hanok(path.join(root, 'docs'), 'synth', '--clusters', '../clusters', '--out', '..');
    expect(parent.err).toContain('refusing to write the output to ..: it contains the current folder');
    expect(snapshot(root)).toEqual(before);
  });

  test('fails on the root of a git repository', async () => {
    const root = project();
    const repo = tempDir('hanok-repo-');
    fs.mkdirSync(path.join(repo, '.git'));
    const result = await hanok(root, 'synth', '--out', repo);
    expect(result.err).toContain('it is the root of a git repository');
    expect(fs.readdirSync(repo)).toEqual(['.git']);
  });

  test('writes a missing or empty folder, marks it, and replaces a marked one; the output has normal permissions', async () => {
    const root = project();
    expect((await hanok(root, 'synth', '--out', 'out')).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'out', OUTPUT_MARKER), 'utf8')).toBe(OUTPUT_MARKER_CONTENT);
    const mode = fs.statSync(path.join(root, 'out')).mode & 0o777;
    expect(mode).toBe(0o777 & ~currentUmask());
    fs.writeFileSync(path.join(root, 'out', 'stray'), 'x');
    expect((await hanok(root, 'synth', '--out', 'out')).code).toBe(0);
    expect(fs.existsSync(path.join(root, 'out', 'stray'))).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.includes('.hanok-'))).toEqual([]);
  });
});

function currentUmask(): number {
  const result = spawnSync('sh', ['-c', 'umask'], { encoding: 'utf8' });
  return parseInt(result.stdout.trim(), 8);
}

function treeOf(generation: string, files = 3): OutputTree {
  return new Map([
    ['lab', new Map(Array.from({ length: files }, (_, index) => [`f${String(index).padStart(4, '0')}.yaml`, `${generation} ${index}\n`.repeat(40)]))],
    ['openmcp', new Map([['kustomization.yaml', `${generation}\n`]])],
  ]);
}

function expectedSnapshot(tree: OutputTree): Record<string, string> {
  const entries: Record<string, string> = { [OUTPUT_MARKER]: OUTPUT_MARKER_CONTENT };
  for (const [cluster, files] of tree) {
    entries[cluster] = '<dir>';
    for (const [file, content] of files) entries[path.join(cluster, file)] = content;
  }
  return entries;
}

describe('recovery from an interrupted synth', () => {
  test('restores the previous output when a run was killed between the two renames, and says so', () => {
    const parent = tempDir('hanok-recover-');
    const out = path.join(parent, 'dist');
    writeOutputTree(treeOf('old'), out);
    // A killed run: the old tree renamed aside, the staging folder complete, the output folder missing.
    fs.renameSync(out, `${out}.hanok-old-999999`);
    fs.mkdirSync(path.join(parent, '.hanok-tmp-dist-999999-abcd1234'));
    const notices: string[] = [];
    recoverInterruptedWrite(out, (message) => notices.push(message));
    expect(snapshot(out)).toEqual(expectedSnapshot(treeOf('old')));
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(notices).toEqual([
      `removed ${path.join(parent, '.hanok-tmp-dist-999999-abcd1234')}, left by an interrupted synth`,
      `restored ${out} from ${out}.hanok-old-999999, left by an interrupted synth`,
    ]);
  });

  test('synth repairs first, even when the run then fails on the configuration', async () => {
    const root = project();
    expect((await hanok(root, 'synth', '--out', 'out')).code).toBe(0);
    fs.renameSync(path.join(root, 'out'), path.join(root, 'out.hanok-old-999999'));
    fs.writeFileSync(path.join(root, 'clusters', 'lab.yaml'), 'not: [valid');
    const result = await hanok(root, 'synth', '--out', 'out');
    expect(result.code).toBe(1);
    expect(result.err).toContain(`hanok: restored ${path.join(root, 'out')} from ${path.join(root, 'out.hanok-old-999999')}, left by an interrupted synth`);
    expect(fs.existsSync(path.join(root, 'out', OUTPUT_MARKER))).toBe(true);
  });

  test('removes a previous tree left after a completed swap, also inside the output with --only', () => {
    const parent = tempDir('hanok-recover-');
    const out = path.join(parent, 'dist');
    writeOutputTree(treeOf('new'), out);
    fs.mkdirSync(`${out}.hanok-old-999999`);
    fs.mkdirSync(path.join(out, 'lab.hanok-old-999999'));
    writeOutputTree(treeOf('newer'), out);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(snapshot(out)).toEqual(expectedSnapshot(treeOf('newer')));
  });

  test('killing synth at random moments always leaves the old or the new tree complete, and no leftovers', async () => {
    // GIVEN the output module compiled to plain JavaScript, so that a child process starts in milliseconds
    const build = tempDir('hanok-kill-build-');
    for (const name of ['pipeline/output-folder', 'pipeline/fs-steps', 'config/errors']) {
      const source = fs.readFileSync(path.join(REPO_ROOT, 'src', `${name}.ts`), 'utf8');
      fs.mkdirSync(path.join(build, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(build, `${name}.js`), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
    }
    const oldTree = treeOf('old', 400);
    const newTree = treeOf('new', 400);
    const treeFile = path.join(build, 'tree.json');
    fs.writeFileSync(treeFile, JSON.stringify([...newTree].map(([cluster, files]) => [cluster, [...files]])));
    fs.writeFileSync(
      path.join(build, 'child.js'),
      `const { writeOutputTree } = require('./pipeline/output-folder.js');
       const tree = new Map(JSON.parse(require('fs').readFileSync(${JSON.stringify(treeFile)}, 'utf8')).map(([c, f]) => [c, new Map(f)]));
       writeOutputTree(tree, process.argv[2]);`,
    );
    const parent = tempDir('hanok-kill-');
    const out = path.join(parent, 'dist');
    const runChild = (killAfter?: number) =>
      new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [path.join(build, 'child.js'), out], { stdio: 'ignore' });
        const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfter);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    const started = Date.now();
    writeOutputTree(oldTree, out);
    await runChild();
    const duration = Math.max(20, Date.now() - started);
    const outcomes = new Set<string>();
    // WHEN a run is killed at many random moments, from start-up through staging and the swap
    for (let round = 0; round < 30; round++) {
      writeOutputTree(oldTree, out);
      await runChild(Math.random() * duration * 1.2);
      recoverInterruptedWrite(out, () => undefined);
      // THEN the output is exactly the old or exactly the new tree, with nothing left beside it
      const found = snapshot(out);
      const which = JSON.stringify(found) === JSON.stringify(expectedSnapshot(oldTree)) ? 'old' : JSON.stringify(found) === JSON.stringify(expectedSnapshot(newTree)) ? 'new' : 'broken';
      expect(which).not.toBe('broken');
      outcomes.add(which);
      expect(fs.readdirSync(parent)).toEqual(['dist']);
    }
    writeOutputTree(newTree, out);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(snapshot(out)).toEqual(expectedSnapshot(newTree));
  }, 120_000);
});
