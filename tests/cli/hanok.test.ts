import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTER_NAMES, EXAMPLE_CLUSTERS_DIR, exampleCluster } from '../helpers';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-cli-'));

describe('hanok images', () => {
  test('prints every image of one cluster\'s manifests, sorted, once each', async () => {
    const result = await run('images', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual(synthesizeCluster(exampleCluster('lab')).images);
  });

  test('without --cluster prints the images of every cluster, deduplicated', async () => {
    const result = await run('images', '--clusters', EXAMPLE_CLUSTERS_DIR);
    const all = [...new Set(EXAMPLE_CLUSTER_NAMES.flatMap((name) => synthesizeCluster(exampleCluster(name)).images))].sort();
    expect(result.out.split('\n')).toEqual(all);
  });
});

describe('hanok bundle and verify', () => {
  test('writes a bundle that verify accepts', async () => {
    const file = path.join(directory, 'lab.tar.gz');
    const written = await run('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', file);
    expect(written.code).toBe(0);
    expect(written.out).toContain(`wrote ${file}`);
    const verified = await run('verify', file);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/files match SHA256SUMS; not signed/);
  });

  test('verify fails, listing the problem, when a byte changed', async () => {
    const file = path.join(directory, 'changed.tar.gz');
    expect((await run('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', file)).code).toBe(0);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 3)] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const verified = await run('verify', file);
    expect(verified.code).toBe(1);
    expect(verified.err).toContain(`${file} is not intact`);
  });

  test.each([
    [['bundle', '--cluster', 'lab'], 'bundle needs --cluster NAME and --out FILE.tar.gz'],
    [['verify'], 'verify needs the bundle file'],
    [['verify', '/nonexistent/x.tar.gz'], '/nonexistent/x.tar.gz: no such bundle'],
    [['verify', 'a.tar.gz', 'b.tar.gz'], 'unexpected argument b.tar.gz'],
    [['images', 'lab'], 'unexpected argument lab'],
    [['images', '--cluster', 'nowhere'], '--cluster names unknown cluster nowhere'],
  ])('fails on %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(message);
  });
});
