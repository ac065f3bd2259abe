import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { EXAMPLE_CLUSTERS_DIR, REPO_ROOT } from '../helpers';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A copy of the example clusters, plus `extra` set up in it. */
function clustersWith(extra: (directory: string) => void): string {
  const directory = path.join(tempDir('hanok-hostile-'), 'clusters');
  fs.cpSync(EXAMPLE_CLUSTERS_DIR, directory, { recursive: true });
  extra(directory);
  return directory;
}

/** An output folder hanok wrote before, to show that a failed run leaves it byte-identical. */
async function previousOutput(): Promise<{ out: string; before: string }> {
  const out = path.join(tempDir('hanok-hostile-out-'), 'dist');
  expect((await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab')).code).toBe(0);
  return { out, before: listing(out) };
}

function listing(root: string): string {
  const lines: string[] = [];
  const walk = (directory: string) => {
    for (const name of fs.readdirSync(directory).sort()) {
      const full = path.join(directory, name);
      const stat = fs.lstatSync(full);
      lines.push(`${path.relative(root, full)} ${stat.mode.toString(8)} ${stat.isFile() ? fs.readFileSync(full, 'utf8').length : ''}`);
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(root);
  return lines.join('\n');
}

describe('cluster files that are not plain files', () => {
  const outside = path.join(tempDir('hanok-outside-'), 'secret.yaml');
  fs.writeFileSync(outside, 'password: hunter2-should-never-be-echoed\n');

  test.each<[string, (directory: string) => void, string]>([
    ['a dangling symlink', (d) => fs.symlinkSync(path.join(d, 'missing.yaml'), path.join(d, 'dangling.yaml')), 'dangling.yaml: is a dangling symbolic link'],
    ['a symlink loop', (d) => fs.symlinkSync(path.join(d, 'loop.yaml'), path.join(d, 'loop.yaml')), 'loop.yaml: is a symbolic link loop'],
    ['a directory', (d) => fs.mkdirSync(path.join(d, 'folder.yaml')), 'folder.yaml: is a folder, not a cluster file'],
    ['a FIFO', (d) => spawnSync('mkfifo', [path.join(d, 'pipe.yaml')]), 'pipe.yaml: is a FIFO, not a regular file'],
    ['a symlink to a file outside the clusters folder', (d) => fs.symlinkSync(outside, path.join(d, 'secret.yaml')), 'secret.yaml: is a symbolic link to a file outside the clusters folder'],
    ['too large', (d) => fs.writeFileSync(path.join(d, 'big.yaml'), `# ${'x'.repeat(300 * 1024)}\n`), 'big.yaml: is 307203 bytes; a cluster file is at most 262144 bytes'],
    ['not UTF-8', (d) => fs.writeFileSync(path.join(d, 'binary.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x41])), 'binary.yaml: is not UTF-8 text'],
  ])('fails with one clear line when a cluster file is %s, leaving the output untouched', async (_case, setUp, message) => {
    const { out, before } = await previousOutput();
    const result = await run('synth', '--clusters', clustersWith(setUp), '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err).not.toMatch(/\n\s+at |hunter2/);
    expect(listing(out)).toBe(before);
  });
});

describe('output places that cannot be written', () => {
  test('bundle --out refuses an existing folder and a FIFO', async () => {
    const folder = tempDir('hanok-bundle-dir-');
    const folderResult = await run('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', folder);
    expect(folderResult).toMatchObject({ code: 1, err: expect.stringContaining(`--out ${folder}: is a folder; give the bundle's file name`) });
    const fifo = path.join(folder, 'pipe.tar.gz');
    spawnSync('mkfifo', [fifo]);
    const fifoResult = await run('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', fifo);
    expect(fifoResult).toMatchObject({ code: 1, err: expect.stringContaining('exists and is not a regular file') });
  });

  test('verify refuses a folder and a FIFO without hanging', async () => {
    const folder = tempDir('hanok-verify-dir-');
    expect(await run('verify', folder)).toMatchObject({ code: 1, err: expect.stringContaining(`${folder}: is a folder; give the bundle file`) });
    const fifo = path.join(folder, 'pipe.tar.gz');
    spawnSync('mkfifo', [fifo]);
    expect(await run('verify', fifo)).toMatchObject({ code: 1, err: expect.stringContaining('is not a regular file') });
  });
});

/** A cluster file of about 1 KB that stands for 10^9 values once its aliases are expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level++) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\napiVersion: hanok.dev/v1alpha1\nkind: Cluster\nmetadata: { name: lab }\nspec: *a8\n`;
}

const HOSTILE_FILES: Record<string, string> = {
  'billion laughs': billionLaughs(),
  'deep nesting': `apiVersion: hanok.dev/v1alpha1\nspec: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
  'a 200 KB export path': `apiVersion: hanok.dev/v1alpha1\nkind: Cluster\nmetadata: { name: lab }\nspec: { nfs: { server: 10.0.0.1, exportPath: "/${'x'.repeat(200_000)}" } }\n`,
  'a wide map': `apiVersion: hanok.dev/v1alpha1\nspec:\n${Array.from({ length: 20_000 }, (_, index) => `  k${index}: 1`).join('\n')}\n`,
};

describe('hostile YAML', () => {
  let results: Record<string, { code: number; err: string; ms: number }>;
  beforeAll(() => {
    results = runHostile(HOSTILE_FILES);
  }, 120_000);

  test('the alias expansion is refused before anything expands it', () => {
    expect(results['billion laughs'].err).toContain('lab.yaml: the document expands to more than 20000 values (each use of a YAML alias counts again)');
  });

  test('long values are refused with a short quotation', () => {
    expect(results['a 200 KB export path'].err).toContain('lab.yaml: spec.nfs.exportPath: value is 200001 characters long (expected at most 1024 characters)');
    expect(results['a 200 KB export path'].err.length).toBeLessThan(1000);
  });

  // A benchmark-style check, without timed assertions: every hostile file is refused by one process whose heap is
  // capped far below what expanding them would need, and the timings are printed for whoever looks.
  test('every hostile file is refused in bounded memory, with exit code 1 and no stack trace', () => {
    for (const [name, result] of Object.entries(results)) {
      expect({ name, code: result.code }).toEqual({ name, code: 1 });
      expect(result.err).not.toMatch(/\n\s+at |RangeError|heap/);
      expect(result.err.length).toBeLessThan(4000);
    }
    console.log(Object.entries(results).map(([name, result]) => `${name}: ${result.ms} ms`).join('\n'));
  });
});

/** Runs `hanok validate` on each file in one child process with a 256 MiB heap; returns each exit code and stderr. */
function runHostile(files: Record<string, string>): Record<string, { code: number; err: string; ms: number }> {
  const root = tempDir('hanok-yaml-');
  const cases = Object.entries(files).map(([name, text], index) => {
    const directory = path.join(root, `case${index}`);
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, 'lab.yaml'), text);
    return { name, directory };
  });
  const script = `
    const { main } = require(${JSON.stringify(path.join(REPO_ROOT, 'src/cli/hanok'))});
    (async () => {
      const results = {};
      for (const { name, directory } of ${JSON.stringify(cases)}) {
        const err = [];
        const started = Date.now();
        const code = await main(['validate', '--clusters', directory], () => {}, (line) => err.push(line));
        results[name] = { code, err: err.join('\\n'), ms: Date.now() - started };
      }
      process.stdout.write(JSON.stringify(results));
    })();`;
  const child = spawnSync(process.execPath, ['--max-old-space-size=256', '-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the child failed (${child.status} ${child.signal}): ${child.stderr.slice(0, 2000)}`);
  return JSON.parse(child.stdout);
}
