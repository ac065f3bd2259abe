import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { carriedMinors, STALE_EXIT_CODE } from '../../scripts/build-fast';
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

  test('bin/hanok.js starts from a snapshot of the current build, and falls back to lib/ when it is stale', () => {
    // GIVEN a package folder whose bin/hanok.js sees the compiled lib/src and the snapshot built above
    const root = path.join(work, 'package');
    fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(root, 'lib'));
    fs.cpSync(path.join(REPO_ROOT, 'bin'), path.join(root, 'bin'), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'lib', 'src'), path.join(root, 'lib', 'src'));
    fs.cpSync(path.join(work, 'fast'), path.join(root, 'lib', 'fast'), { recursive: true });
    const run = (fast: string) => spawnSync(process.execPath, [path.join(root, 'bin', 'hanok.js'), 'versions'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HANOK_FAST: fast } });
    // WHEN the snapshot is current THEN HANOK_FAST=1 (which insists on it) runs
    expect(run('1')).toMatchObject({ status: 0, stderr: '' });
    // AND hanok's own options reach hanok, not the Node that starts the snapshot (which has a --version and --help)
    for (const option of ['--version', '--help']) {
      const fast = spawnSync(process.execPath, [path.join(root, 'bin', 'hanok.js'), option], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HANOK_FAST: '1' } });
      const expected = plain([option]);
      expect({ option, status: fast.status, stdout: fast.stdout }).toEqual({ option, status: expected.status, stdout: expected.stdout });
    }
    // WHEN the stamp names another build of lib/ THEN HANOK_FAST=1 refuses, and by default bin/hanok.js loads lib/
    const stampFile = path.join(root, 'lib', 'fast', 'stamp.json');
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, newest: stamp.newest - 1 }));
    expect(run('1')).toMatchObject({ status: 1, stderr: expect.stringContaining('npm run build:fast') });
    const fallback = spawnSync(process.execPath, [path.join(root, 'bin', 'hanok.js'), 'versions'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HANOK_FAST: '' } });
    expect(fallback).toMatchObject({ status: 0, stderr: '', stdout: plain(['versions']).stdout });
    fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, files: stamp.files + 1 }));
    expect(run('1')).toMatchObject({ status: 1 });
    // AND a snapshot made by another Node is never started
    fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, node: 'v0.0.0' }));
    expect(run('1')).toMatchObject({ status: 1 });
  }, 120_000);

  test('a snapshot process started by bin/hanok.js runs nothing until the launcher says the build is current', () => {
    // GIVEN the snapshot started as bin/hanok.js starts it, before the launcher has checked lib/src: gated on fd 3
    const writeVerdict = (verdict: string | undefined): string => {
      const file = path.join(work, `verdict-${verdict ?? 'none'}`);
      fs.writeFileSync(file, verdict ?? '');
      return file;
    };
    const gated = (verdict: string | undefined, args: string[]) =>
      spawnSync(process.execPath, ['--snapshot-blob', blob, '--', ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, HANOK_FAST_GATE: '3' },
        // spawnSync writes `input` to fd 0 only, so fd 3 is a file holding the verdict (empty: the launcher ended).
        stdio: ['ignore', 'pipe', 'pipe', fs.openSync(writeVerdict(verdict), 'r')],
      });
    const out = path.join(work, 'gated-out');
    // WHEN the launcher finds the build stale ('0'), or ends without a verdict
    for (const verdict of ['0', undefined]) {
      const refused = gated(verdict, ['synth', '--clusters', 'clusters', '--out', out]);
      // THEN it exits with its own code, having printed and written nothing
      expect({ verdict, status: refused.status, stdout: refused.stdout, stderr: refused.stderr }).toEqual({ verdict, status: STALE_EXIT_CODE, stdout: '', stderr: '' });
      expect(fs.existsSync(out)).toBe(false);
    }
    // WHEN it finds the build current ('1') THEN hanok runs as from the plain path
    const allowed = gated('1', ['versions']);
    expect({ status: allowed.status, stdout: allowed.stdout }).toEqual({ status: 0, stdout: plain(['versions']).stdout });
  }, 120_000);
});
