import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { bundleFiles, writeBundle } from '../../src/pipeline/bundle';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster } from '../helpers';

async function hanok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hanok bundle --images options', () => {
  test('fails on --packages or --pull-from without --images', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-bundle-')), 'x.tar.gz');
    expect((await hanok('bundle', '--cluster', 'lab', '--out', out, '--packages', 'debs')).err).toContain('--packages, --pull-from and --pull-insecure go with --images');
    expect((await hanok('bundle', '--cluster', 'lab', '--out', out, '--pull-from', 'cache.example.org')).code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('hanok verify (streamed)', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-verify-')), 'lab.tar.gz');
  const output = synthesizeCluster(exampleCluster('lab'));
  writeBundle(bundleFiles(output), 'lab', file);

  test('accepts a bundle without images, as before', async () => {
    const result = await hanok('verify', file);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/: \d+ files match SHA256SUMS; not signed/);
  });

  test('fails on a changed gzip header, and on truncated data', async () => {
    const bytes = fs.readFileSync(file);
    const header = path.join(path.dirname(file), 'header.tar.gz');
    fs.writeFileSync(header, Buffer.concat([bytes.subarray(0, 4), Buffer.from([1]), bytes.subarray(5)]));
    const changed = await hanok('verify', header);
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('is not intact');
    const truncated = path.join(path.dirname(file), 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await hanok('verify', truncated);
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not intact');
  });
});
