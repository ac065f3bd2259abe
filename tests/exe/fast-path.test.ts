import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { carriedMinors, NODE_STAMP } from '../../scripts/build-fast';
import { schemaMinorFor } from '../../src/checks/versioned-schemas';
import { readTree, REPO_ROOT } from '../helpers';

/**
 * The fast path of `npm run build:fast` (scripts/build-fast.ts): a start-up snapshot of the bundled CLI that
 * bin/hanok.js starts from when it is current. Built here into a temporary folder from the compiled lib/ (which
 * `npm ci` builds in CI; rebuilt first when a source is newer), so a developer's own lib/fast/ is left alone.
 */
const compiledCli = path.join(REPO_ROOT, 'lib', 'src', 'cli', 'hanok.js');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const child = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(child) : fs.statSync(child).mtimeMs);
  }
  return newest;
}

describe('the start-up snapshot (npm run build:fast)', () => {
  let work: string;
  let blob: string;

  beforeAll(() => {
    const built = fs.existsSync(compiledCli) ? newestSource(path.join(REPO_ROOT, 'lib', 'src')) : 0;
    if (built < Math.max(newestSource(path.join(REPO_ROOT, 'src')), newestSource(path.join(REPO_ROOT, 'crds')))) {
      execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-fast-'));
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'lib', 'scripts', 'build-fast.js'), path.join(work, 'fast')], { cwd: REPO_ROOT, stdio: 'pipe' });
    blob = path.join(work, 'fast', 'hanok.blob');
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const fromSnapshot = (args: string[]) => spawnSync(process.execPath, ['--snapshot-blob', blob, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const plain = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'hanok.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HANOK_FAST: '0' } });

  test('synthesizes exactly the committed dist/, drawings included', () => {
    // GIVEN the example clusters
    const out = path.join(work, 'dist');
    // WHEN synthesized from the snapshot
    const result = fromSnapshot(['synth', '--clusters', 'clusters', '--out', out]);
    // THEN byte for byte what the plain path committed
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  }, 120_000);

  test('prints and exits as the plain path does, for success, bad arguments and a failing check', () => {
    const clusters = path.join(work, 'broken');
    fs.cpSync(path.join(REPO_ROOT, 'clusters'), clusters, { recursive: true });
    const lab = path.join(clusters, 'lab.yaml');
    fs.writeFileSync(lab, fs.readFileSync(lab, 'utf8').replace(/^( {2}name:) lab$/m, '$1 Not_A_Name'));
    // AND a cluster of a Kubernetes minor whose API validators the snapshot does not carry (loaded from lib/)
    expect(carriedMinors()).not.toContain(schemaMinorFor('1.34'));
    const older = path.join(work, 'older');
    fs.mkdirSync(older);
    fs.cpSync(path.join(REPO_ROOT, 'clusters', 'certs'), path.join(older, 'certs'), { recursive: true });
    fs.writeFileSync(path.join(older, 'lab.yaml'), fs.readFileSync(path.join(REPO_ROOT, 'clusters', 'lab.yaml'), 'utf8').replace(/^spec:$/m, 'spec:\n  kubernetesVersion: 1.34.3'));
    for (const args of [['validate', '--clusters', 'clusters'], ['synth', '--bogus'], ['validate', '--clusters', clusters], ['validate', '--clusters', older], ['versions']]) {
      const fast = fromSnapshot(args);
      const expected = plain(args);
      expect({ args, status: fast.status, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ args, status: expected.status, stdout: expected.stdout, stderr: expected.stderr });
    }
  }, 120_000);

  /**
   * A package folder as npm installs hanok: bin/ (both launchers), lib/fast (the snapshot built above) and lib/src:
   * the compiled lib/src itself (a link), or with `stale`, a copy of it written now (another build), whose run.js
   * says on stderr that it was loaded.
   */
  const packageFolder = (name: string, options: { stale?: boolean } = {}): string => {
    const root = path.join(work, name);
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'bin'), path.join(root, 'bin'), { recursive: true });
    fs.cpSync(path.join(work, 'fast'), path.join(root, 'lib', 'fast'), { recursive: true });
    // What lib/src requires beside itself: the package's modules, files and the rest of lib/ (imports/).
    for (const shared of ['node_modules', 'package.json', 'crds', 'scripts', 'schema']) {
      fs.symlinkSync(path.join(REPO_ROOT, shared), path.join(root, shared));
    }
    for (const shared of fs.readdirSync(path.join(REPO_ROOT, 'lib')).filter((name) => name !== 'src' && name !== 'fast')) {
      fs.symlinkSync(path.join(REPO_ROOT, 'lib', shared), path.join(root, 'lib', shared));
    }
    if (options.stale) {
      fs.cpSync(path.join(REPO_ROOT, 'lib', 'src'), path.join(root, 'lib', 'src'), { recursive: true });
      fs.appendFileSync(path.join(root, 'lib', 'src', 'cli', 'run.js'), "\nprocess.stderr.write('loaded lib/\\n');\n");
    } else {
      fs.symlinkSync(path.join(REPO_ROOT, 'lib', 'src'), path.join(root, 'lib', 'src'));
    }
    return root;
  };
  /** Makes a package folder's lib/src another build, as packageFolder's `stale` does. */
  const makeStale = (root: string): void => {
    fs.rmSync(path.join(root, 'lib', 'src'));
    fs.rmSync(path.join(root, 'lib', 'fast'), { recursive: true });
    fs.renameSync(path.join(packageFolder(`${path.basename(root)}-stale`, { stale: true }), 'lib', 'src'), path.join(root, 'lib', 'src'));
    fs.cpSync(path.join(work, 'fast'), path.join(root, 'lib', 'fast'), { recursive: true });
  };
  const run = (command: string[], fast: string | undefined, cwd = REPO_ROOT) =>
    spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, HANOK_FAST: fast } });

  test('the snapshot runs only on the build of lib/ it was made from, and otherwise loads that lib/', () => {
    // GIVEN the snapshot started as both launchers start it, told which lib/src they would load
    const checked = (libSrc: string, fast: string | undefined, args: string[]) =>
      spawnSync(process.execPath, ['--snapshot-blob', blob, '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HANOK_FAST: fast, HANOK_FAST_CHECK: libSrc } });
    const expected = plain(['versions']);
    // WHEN lib/src is the build it was made from THEN it runs (HANOK_FAST=1 would refuse to load lib/)
    expect(checked(path.join(packageFolder('current'), 'lib', 'src'), '1', ['versions'])).toMatchObject({ status: 0, stderr: '', stdout: expected.stdout });
    // WHEN lib/src is another build THEN it loads that lib/ and runs it, with the plain path's output
    const stale = packageFolder('stale', { stale: true });
    expect(checked(path.join(stale, 'lib', 'src'), undefined, ['versions'])).toMatchObject({ status: 0, stderr: 'loaded lib/\n', stdout: expected.stdout });
    const out = path.join(work, 'stale-out');
    const synth = checked(path.join(stale, 'lib', 'src'), '', ['synth', '--clusters', 'clusters', '--out', out]);
    expect(synth).toMatchObject({ status: 0, stderr: 'loaded lib/\n' });
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
    // AND under HANOK_FAST=1 it refuses, having run nothing
    expect(checked(path.join(stale, 'lib', 'src'), '1', ['versions'])).toMatchObject({ status: 1, stdout: '', stderr: expect.stringContaining('npm run build:fast') });
    // WHEN there is no lib/src at all THEN it says to build
    expect(checked(path.join(work, 'nothing', 'lib', 'src'), undefined, ['versions'])).toMatchObject({ status: 1, stderr: expect.stringContaining('not built yet') });
  }, 120_000);

  test('bin/hanok.js starts the snapshot in the Node that made it, and otherwise loads lib/', () => {
    const root = packageFolder('package-js');
    const launcher = [process.execPath, path.join(root, 'bin', 'hanok.js')];
    // WHEN the snapshot was made by this Node THEN HANOK_FAST=1 (which insists on it) runs
    expect(run([...launcher, 'versions'], '1')).toMatchObject({ status: 0, stderr: '', stdout: plain(['versions']).stdout });
    // AND hanok's own options reach hanok, not the Node that starts the snapshot (which has a --version and --help)
    for (const option of ['--version', '--help']) {
      const fast = run([...launcher, option], '1');
      const expected = plain([option]);
      expect({ option, status: fast.status, stdout: fast.stdout }).toEqual({ option, status: expected.status, stdout: expected.stdout });
    }
    // AND it goes through the snapshot's own check of the build: a stale lib/src is loaded instead
    makeStale(root);
    expect(run([...launcher, 'versions'], '')).toMatchObject({ status: 0, stderr: 'loaded lib/\n' });
    expect(run([...launcher, 'versions'], '1')).toMatchObject({ status: 1, stderr: expect.stringContaining('npm run build:fast') });
    // WHEN lib/fast/node names another Node binary (here: this path, another size) THEN the snapshot is never
    // started: lib/ is loaded, or HANOK_FAST=1 refuses
    const nodeStamp = path.join(root, 'lib', 'fast', NODE_STAMP);
    expect(fs.readFileSync(nodeStamp, 'utf8')).toMatch(new RegExp(`^${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d+ \\d+\n$`));
    fs.writeFileSync(nodeStamp, `${process.execPath} 1 1\n`);
    expect(run([...launcher, 'versions'], '1')).toMatchObject({ status: 1, stderr: expect.stringContaining('npm run build:fast') });
    expect(run([...launcher, 'versions'], undefined)).toMatchObject({ status: 0, stderr: 'loaded lib/\n' });
  }, 120_000);

  test('bin/hanok, the installed command, starts the snapshot itself, and is bin/hanok.js otherwise', () => {
    // GIVEN a package folder, its command reached through a symbolic link as npm links node_modules/.bin/hanok
    const root = packageFolder('package-sh');
    const linked = path.join(work, 'dot-bin', 'hanok');
    fs.mkdirSync(path.dirname(linked));
    fs.symlinkSync(path.join(root, 'bin', 'hanok'), linked);
    const hanokJs = path.join(root, 'bin', 'hanok.js');
    const moved = `${hanokJs}.moved`;
    // WHEN the snapshot was made by the `node` on the PATH THEN it runs without bin/hanok.js (no second Node)
    fs.renameSync(hanokJs, moved);
    expect(run([linked, 'versions'], '1')).toMatchObject({ status: 0, stderr: '', stdout: plain(['versions']).stdout });
    for (const option of ['--version', '--help']) {
      const fast = run([linked, option], '1');
      const expected = plain([option]);
      expect({ option, status: fast.status, stdout: fast.stdout }).toEqual({ option, status: expected.status, stdout: expected.stdout });
    }
    const out = path.join(work, 'sh-out');
    expect(run([linked, 'synth', '--clusters', 'clusters', '--out', out], undefined)).toMatchObject({ status: 0, stderr: '' });
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
    // AND the snapshot checks its build: a stale lib/src is loaded instead
    makeStale(root);
    expect(run([linked, 'versions'], undefined)).toMatchObject({ status: 0, stderr: 'loaded lib/\n' });
    // WHEN HANOK_FAST=0, or lib/fast/node names another Node binary THEN it is bin/hanok.js, which is missing here
    for (const [fast, nodeLine] of [['0', undefined], ['1', `${process.execPath} 1 1`]] as const) {
      if (nodeLine) fs.writeFileSync(path.join(root, 'lib', 'fast', NODE_STAMP), `${nodeLine}\n`);
      expect(run([linked, 'versions'], fast)).toMatchObject({ status: 1, stderr: expect.stringContaining(hanokJs) });
    }
    // AND with bin/hanok.js back, it runs as bin/hanok.js does: HANOK_FAST=0 loads lib/
    fs.renameSync(moved, hanokJs);
    expect(run([linked, 'versions'], '0')).toMatchObject({ status: 0, stderr: 'loaded lib/\n', stdout: plain(['versions']).stdout });
  }, 120_000);
});
