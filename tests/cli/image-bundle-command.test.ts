import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, parseArgs } from '../../src/cli/hanok';
import { bundleFiles, writeBundle } from '../../src/pipeline/bundle';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster, REPO_ROOT } from '../helpers';

function hanok(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hanok bundle --images options', () => {
  test('parses --images, --packages, --pull-from and --pull-insecure', () => {
    expect(parseArgs(['bundle', '--cluster', 'lab', '--out', 'x.tar.gz', '--images', '--packages', 'debs', '--pull-from', 'cache.example.org/proxy', '--pull-insecure'])).toMatchObject({
      images: true,
      packages: 'debs',
      pullFrom: 'cache.example.org/proxy',
      pullInsecure: true,
    });
  });

  test('fails on --packages or --pull-from without --images', () => {
    expect(hanok('bundle', '--cluster', 'lab', '--out', 'x.tar.gz', '--packages', 'debs').err).toContain('--packages, --pull-from and --pull-insecure need --images');
    expect(hanok('bundle', '--cluster', 'lab', '--out', 'x.tar.gz', '--pull-from', 'cache.example.org').code).toBe(1);
  });
});

describe('hanok verify (streamed)', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-verify-')), 'lab.tar.gz');
  const output = synthesizeCluster(exampleCluster('lab'));
  writeBundle(bundleFiles(output, REPO_ROOT), 'lab', file);

  test('accepts a bundle without images, as before', () => {
    const result = hanok('verify', file);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/: \d+ files match SHA256SUMS$/);
  });

  test('fails on a changed gzip header, and on truncated data', () => {
    const bytes = fs.readFileSync(file);
    const header = path.join(path.dirname(file), 'header.tar.gz');
    fs.writeFileSync(header, Buffer.concat([bytes.subarray(0, 4), Buffer.from([1]), bytes.subarray(5)]));
    expect(hanok('verify', header).err).toContain('the gzip header is not the one hanok writes');
    const truncated = path.join(path.dirname(file), 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = hanok('verify', truncated);
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not intact');
  });
});
