import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import * as yaml from 'js-yaml';
import * as tar from 'tar';
import { packageRoot } from '../../src/assets/package-files';
import { bundleFiles, writeBundle } from '../../src/pipeline/bundle';
import { verifyBundle } from '../../src/pipeline/bundle-verify';
import { UserError } from '../../src/config/errors';
import { ClusterOutput, synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster, REPO_ROOT } from '../helpers';

const output = synthesizeCluster(exampleCluster('lab'));
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-bundle-test-'));

function bundle(name: string, source: ClusterOutput = output): string {
  const file = path.join(directory, name);
  writeBundle(bundleFiles(source), source.cluster.name, file);
  return file;
}

/** Entry paths and contents of a bundle. */
function entries(file: string): Map<string, string> {
  const result = new Map<string, string>();
  tar.t({
    file,
    sync: true,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => result.set(entry.path, Buffer.concat(chunks).toString('utf8')));
    },
  });
  return result;
}

describe('air-gap bundle', () => {
  test('holds the cluster\'s dist/ folder, the node scripts, the mirror script, a README and SHA256SUMS over every file', () => {
    const contents = entries(bundle('lab.tar.gz'));
    const paths = [...contents.keys()];
    for (const [file, content] of output.files) {
      expect(contents.get(`hanok-lab/dist/lab/${file}`)).toBe(content);
    }
    const scripts = fs.readdirSync(path.join(REPO_ROOT, 'scripts/node')).filter((file) => file.endsWith('.sh'));
    expect(scripts).toEqual(expect.arrayContaining(['mirror-images.sh', 'apply.sh', 'prepare-node.sh']));
    for (const script of scripts) {
      expect(paths).toContain(`hanok-lab/scripts/node/${script}`);
    }
    expect(paths).toEqual(expect.arrayContaining(['hanok-lab/dist/lab/images.txt', 'hanok-lab/README.txt', 'hanok-lab/SHA256SUMS']));
    const sums = contents.get('hanok-lab/SHA256SUMS')!.trim().split('\n').map((line) => line.split('  ')[1]);
    expect(sums.sort()).toEqual(paths.filter((entry) => entry !== 'hanok-lab/SHA256SUMS').map((entry) => entry.slice('hanok-lab/'.length)).sort());
  });

  test('is reproducible: the same input gives byte-identical bundles', () => {
    const first = fs.readFileSync(bundle('first.tar.gz'));
    const second = fs.readFileSync(bundle('second.tar.gz'));
    expect(second.equals(first)).toBe(true);
  });

  test('has fixed times, no owners, sorted entries, 0644/0755 modes and a gzip header without time stamp', () => {
    const file = bundle('meta.tar.gz');
    const bytes = fs.readFileSync(file);
    expect(bytes.readUInt32LE(4)).toBe(0);
    const headers: Array<{ path: string; mode: number; mtime: number; uid: number; gid: number }> = [];
    tar.t({ file, sync: true, onReadEntry: (entry) => headers.push({ path: entry.path, mode: entry.mode!, mtime: entry.mtime!.getTime(), uid: entry.uid ?? 0, gid: entry.gid ?? 0 }) });
    expect(headers.map((header) => header.path)).toEqual([...headers.map((header) => header.path)].sort());
    expect(new Set(headers.map((header) => header.mtime))).toEqual(new Set([Date.parse('2020-01-01T00:00:00Z')]));
    expect(headers.every((header) => header.uid === 0 && header.gid === 0)).toBe(true);
    for (const header of headers) {
      expect(header.mode & 0o777).toBe(header.path.endsWith('.sh') ? 0o755 : 0o644);
    }
  });

  test('verify accepts an intact bundle', async () => {
    expect(await verifyBundle(bundle('intact.tar.gz'))).toEqual({ files: expect.any(Number), problems: [], signature: 'unsigned' });
  });

  test.each([
    ['the gzip header', () => 4],
    ['the middle', (length: number) => Math.floor(length / 2)],
    ['the gzip trailer', (length: number) => length - 2],
  ])('verify catches a changed byte in %s', async (_where, at) => {
    const file = bundle('changed.tar.gz');
    const bytes = fs.readFileSync(file);
    const index = at(bytes.length);
    bytes[index] ^= 0x01;
    fs.writeFileSync(file, bytes);
    expect((await verifyBundle(file)).problems.length).toBeGreaterThan(0);
  });

  test('verify catches a changed file even when the archive was rebuilt around it', async () => {
    const file = bundle('rebuilt.tar.gz');
    const archive = zlib.gunzipSync(fs.readFileSync(file));
    const at = archive.indexOf('kind: DaemonSet');
    archive.write('kind: Daemonset', at);
    const gzipped = zlib.gzipSync(archive, { level: 9 });
    fs.readFileSync(file).subarray(0, 10).copy(gzipped, 0);
    fs.writeFileSync(file, gzipped);
    expect((await verifyBundle(file)).problems).toEqual(['hanok-lab/dist/lab/01-networking.yaml: SHA-256 does not match SHA256SUMS']);
  });

  test('carries no secret values: only the names in secrets.example, never the operator\'s file', () => {
    const contents = entries(bundle('secrets.tar.gz'));
    expect([...contents.keys()].filter((entry) => /secrets/.test(entry))).toEqual(['hanok-lab/dist/lab/secrets.example']);
    const assignments = contents.get('hanok-lab/dist/lab/secrets.example')!.split('\n').filter((line) => !line.startsWith('#') && line.includes('='));
    expect(assignments.every((line) => line.endsWith('='))).toBe(true);
    const objects = [...contents.entries()].filter(([entry]) => /\/\d\d-[^/]+\.yaml$/.test(entry)).flatMap(([, content]) => yaml.loadAll(content) as any[]);
    const secrets = objects.filter((object) => object?.kind === 'Secret');
    expect(secrets.every((secret) => secret.data === undefined && secret.stringData === undefined)).toBe(true);
  });

  test('fails when the output holds a Secret with values', () => {
    const [first, ...rest] = output.manifests;
    const leaky: ClusterOutput = {
      ...output,
      manifests: [{ ...first, objects: [...first.objects, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'default' }, data: { password: 'c2VjcmV0' } }] }, ...rest],
    };
    expect(() => bundleFiles(leaky)).toThrow(new UserError('lab: 01-networking.yaml: Secret default/leak has values; bundles never carry secret values'));
  });

  test('finds the scripts from the package root, wherever it runs from', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
  });
});
