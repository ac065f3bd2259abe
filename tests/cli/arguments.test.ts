import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { main } from '../../src/cli/hanok';
import { ClusterOutput } from '../../src/pipeline/synthesize-cluster';
import { summarize } from '../../src/pipeline/summary';
import { EXAMPLE_CLUSTERS_DIR, exampleCluster, exampleDocument } from '../helpers';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hanok command line', () => {
  test('--version prints the package version', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: 'hanok 0.1.0', err: '' });
  });

  test.each([
    [['synht'], "unknown command 'synht' (did you mean synth?)"],
    [['verfy', 'x.tar.gz'], "unknown command 'verfy' (did you mean verify?)"],
    [['synth', '--clustrs', 'x'], 'unknown option --clustrs for synth (did you mean --clusters?)'],
    [['synth', '--stirct'], 'unknown option --stirct for synth (did you mean --strict?)'],
    [['--verison'], 'unknown option --verison (did you mean --version?)'],
    [['--out', 'x', 'synth'], '--out goes after the command'],
    [['synth', '--strict=yes'], '--strict takes no value'],
    [['synth', '--out', '--only', 'lab'], '--out needs a value (DIR)'],
    [['synth', '--out', 'a', '--out', 'b'], '--out given twice'],
    [['synth', '--out='], '--out needs a value (DIR)'],
  ])('fails with exit code 2 and a suggestion on %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage:');
  });

  test('a command explains itself with --help', async () => {
    const result = await run('bundle', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('hanok bundle --cluster NAME --out FILE.tar.gz');
    expect(result.out).toContain('--sign-key KEY');
    expect(result.out).not.toContain('hanok synth');
  });

  test('--only takes several names, as before', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-args-')), 'out');
    const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab', 'cluster1');
    expect(result.code).toBe(0);
    expect(result.out.split('\n').pop()).toBe(`wrote 2 clusters to ${out}/ (cluster1, lab)`);
  });

  test('the summary names the real output folder and counts in the singular for one', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-args-')), 'site-output');
    const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab');
    expect(result.out.split('\n').pop()).toBe(`wrote 1 cluster to ${out}/lab/`);
    const output = { cluster: exampleCluster('lab'), manifests: [{ name: 'x', chart: 'x', objects: [{}] }], files: new Map([['a', '']]), images: ['i'], suppliedSecrets: [{}], appliedPatches: [], check: { appliedWaivers: [{}], warnings: ['w'], failures: [] } } as unknown as ClusterOutput;
    expect(summarize(output).split('\n')[0]).toBe('lab: 1 object in 1 file, 1 image, 1 supplied secret, 1 waiver, 1 warning');
  });

  test('--strict fails on warnings and writes nothing; without it the same input passes', async () => {
    // GIVEN lab, whose OpenFx gateway runs the upstream image that calls removed APIs: a warning, not an error
    const clusters = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-strict-'));
    const document = exampleDocument('lab');
    fs.writeFileSync(path.join(clusters, 'lab.yaml'), yaml.dump(document));
    const relaxed = await run('validate', '--clusters', clusters);
    const warnings = relaxed.out.match(/(\d+) warnings?$/m);
    expect(relaxed.code).toBe(0);
    expect(Number(warnings?.[1])).toBeGreaterThan(0);
    const out = path.join(clusters, '..', `${path.basename(clusters)}-out`);
    const strict = await run('synth', '--clusters', clusters, '--out', out, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/--strict: \d+ warnings? fails? the run:\n {2}lab: /);
    expect(fs.existsSync(out)).toBe(false);
    expect((await run('validate', '--clusters', clusters, '--strict')).code).toBe(1);
  });
});
