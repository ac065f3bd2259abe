import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO_ROOT } from '../helpers';

/**
 * Builds the single executable as `npm run build:exe` does, copies it to a folder with no hanok package around it,
 * and runs it: its synth must equal the committed dist/, and it must verify bundles without Node or npm.
 */
const supported = process.platform === 'linux' && process.arch === 'x64';
const describeExe = supported ? describe : describe.skip;
if (!supported) {
  console.warn(`single-executable tests skipped: the executable is built for Linux x64, this is ${process.platform} ${process.arch}`);
}


describeExe('the single hanok executable', () => {
  let exe: string;
  let work: string;

  beforeAll(() => {
    // The executable bundles lib/: build it from the current sources first.
    execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-exe-'));
    const built = path.join(work, 'built', 'hanok');
    fs.mkdirSync(path.dirname(built));
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'lib', 'scripts', 'build-exe.js'), built], { cwd: REPO_ROOT, stdio: 'pipe' });
    // Alone in a folder outside the repository: nothing to fall back on.
    exe = path.join(work, 'site', 'hanok');
    fs.mkdirSync(path.dirname(exe));
    fs.copyFileSync(built, exe);
    fs.chmodSync(exe, 0o755);
    fs.rmSync(path.dirname(built), { recursive: true });
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const run = (args: string[], cwd: string) => spawnSync(exe, args, { cwd, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });

  test('synthesizes exactly the committed dist/', () => {
    // GIVEN the repository's clusters; paths in generated headers are relative to it, so run from there
    const out = path.join(work, 'dist');
    // WHEN
    const result = run(['synth', '--clusters', 'clusters', '--out', out], REPO_ROOT);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  }, 60_000);

  test('writes and verifies a bundle, and fails on a tampered one, outside any hanok folder', () => {
    const clusters = path.join(work, 'clusters');
    fs.cpSync(path.join(REPO_ROOT, 'clusters'), clusters, { recursive: true });
    const bundle = path.join(work, 'lab.tar.gz');
    const written = run(['bundle', '--clusters', clusters, '--cluster', 'lab', '--out', bundle], work);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    const verified = run(['verify', bundle], work);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/files match SHA256SUMS/);
    // a changed byte in the compressed stream
    const bytes = fs.readFileSync(bundle);
    bytes[bytes.length - 40] ^= 0xff;
    const tampered = path.join(work, 'tampered.tar.gz');
    fs.writeFileSync(tampered, bytes);
    expect(run(['verify', tampered], work).status).not.toBe(0);
  }, 60_000);

  test('travels in a bundle with the cluster files and re-synthesizes a changed cluster at the site', () => {
    // GIVEN a bundle built with the executable inside, unpacked at a "site"
    const bundle = path.join(work, 'with-exe.tar.gz');
    const written = run(['bundle', '--clusters', path.join(REPO_ROOT, 'clusters'), '--cluster', 'cluster1', '--out', bundle, '--exe', exe], work);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    const site = path.join(work, 'site-unpacked');
    fs.mkdirSync(site);
    execFileSync('tar', ['-xzf', bundle, '-C', site]);
    const root = path.join(site, 'hanok-cluster1');
    // THEN it carries the OpenMCP fleet's cluster files and the CA file they name, and its own executable verifies the bundle
    expect(fs.readdirSync(path.join(root, 'clusters'))).toEqual(['certs', 'cluster1.yaml', 'cluster2.yaml', 'openmcp.yaml']);
    expect(fs.readdirSync(path.join(root, 'clusters', 'certs'))).toEqual(['site-ca.crt']);
    const bundled = path.join(root, 'bin', 'hanok');
    expect(fs.statSync(bundled).mode & 0o777).toBe(0o755);
    expect(spawnSync(bundled, ['verify', bundle], { encoding: 'utf8' }).status).toBe(0);
    // WHEN the site changes its cluster file and re-synthesizes with the bundled executable
    const file = path.join(root, 'clusters', 'cluster1.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('10.0.3.200-10.0.3.209', '10.0.3.200-10.0.3.205'));
    const resynth = spawnSync(bundled, ['synth', '--clusters', 'clusters', '--out', 'dist', '--only', 'cluster1'], { cwd: root, encoding: 'utf8' });
    // THEN
    expect(resynth.status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'dist', 'cluster1', '01-networking.yaml'), 'utf8')).toContain('10.0.3.200-10.0.3.205');
  }, 120_000);

  test('answers --help like the npm-installed command', () => {
    const result = run(['--help'], work);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('hanok synth');
  });
});
