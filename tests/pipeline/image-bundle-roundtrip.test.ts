import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import * as yaml from 'js-yaml';
import * as tar from 'tar';
import { buildTinyImage, freePort, hasSkopeo, LoopbackRegistry, pushTinyImage, registryBinary, registryConfig, servedDigest, startRegistry, TinyImage } from '../../scripts/loopback-registry';
import { main } from '../../src/cli/hanok';
import { FLANNEL_IMAGE } from '../../src/versions/images';
import { kubeadmImageVersions } from '../../src/pipeline/kubeadm-images';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/versions/compatibility-matrix';
import { normalizeImageName, parseImageReference } from '../../src/kube/image-reference';
import { planBundleImages } from '../../src/pipeline/image-bundle';
import { synthesizeClusters } from '../../src/pipeline/synth';

/**
 * The air-gap round trip with real parts on loopback, no internet: a source registry stands in for the public ones
 * (bundle --pull-from reaches it as a pull-through cache holding each registry below its host name), the site's bootstrap registry runs from the configuration
 * hanok generates, and skopeo copies both ways.
 */
const missing = [!hasSkopeo() && 'skopeo', !registryBinary() && 'docker-registry', spawnSync('openssl', ['version']).error && 'openssl'].filter(Boolean);
if (missing.length > 0 && process.env.CI) {
  throw new Error(`the air-gap round trip needs ${missing.join(' and ')}; .ci/run installs them`);
}
if (missing.length > 0) {
  console.warn(`SKIPPED: the air-gap round trip needs ${missing.join(' and ')} (apt-get install skopeo docker-registry openssl); CI runs it`);
}
const maybe = missing.length > 0 ? describe.skip : describe;

maybe('air-gap round trip: bundle --images, verify, mirror-images.sh --from-bundle', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-airgap-'));
  const clustersDir = path.join(work, 'clusters');
  let source: LoopbackRegistry;
  let site: LoopbackRegistry;
  let image: TinyImage;
  let sitePort: number;
  const bundleFile = path.join(work, 'airgap.tar.gz');
  const lines: string[] = [];

  async function hanok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, (line) => out.push(line), (line) => err.push(line));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  beforeAll(async () => {
    source = await startRegistry(path.join(work, 'source'), (port) => registryConfig(path.join(work, 'source', 'data'), port));
    image = buildTinyImage(path.join(work, 'tiny'));
    sitePort = await freePort();
    fs.mkdirSync(clustersDir);
    const cluster = {
      apiVersion: 'hanok.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'airgap' },
      spec: {
        network: { hostCidr: '192.168.50.0/24' },
        nodes: [
          { name: 'cp', ip: '192.168.50.10', roles: ['control-plane'] },
          { name: 'w1', ip: '192.168.50.11' },
        ],
        nfs: { server: '192.168.50.5', exportPath: '/share' },
        registry: { enabled: false, host: 'registry.example.org' },
        images: {
          bootstrapRegistry: { host: '127.0.0.1', port: sitePort, insecure: true, dataPath: path.join(work, 'site', 'data') },
          overrides: [{ name: 'docker.io/library/traefik', digest: image.indexDigest }],
        },
      },
    };
    fs.writeFileSync(path.join(clustersDir, 'airgap.yaml'), yaml.dump(cluster));
    const [output] = synthesizeClusters(clustersDir, ['airgap'], {}, '--cluster');
    // The site registry runs from the configuration hanok generates, only bound to loopback instead of every address.
    const generated = output.files.get('nodes/bootstrap-registry/config.yml')!;
    expect(generated).toContain(`addr: :${sitePort}`);
    site = await startRegistry(path.join(work, 'site'), (port) => generated.replace(`addr: :${port}`, `addr: 127.0.0.1:${port}`), sitePort);
    for (const entry of planBundleImages(output).images) {
      const { name, tag } = parseImageReference(entry.source);
      pushTinyImage(image, `${source.address}/${normalizeImageName(name)}:${tag}`);
    }
  }, 120_000);

  afterAll(async () => {
    await source?.stop();
    await site?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('bundle --images carries every image and kubeadm\'s, each blob once, with progress and a summary', async () => {
    const result = await hanok('bundle', '--clusters', clustersDir, '--cluster', 'airgap', '--out', bundleFile, '--images', '--pull-from', `${source.address}`, '--pull-insecure');
    expect(result.err).not.toContain('hanok:');
    expect(result.code).toBe(0);
    lines.push(...result.err.split('\n'));
    expect(result.err).toMatch(/\[1\/\d+\] /);
    expect(result.out).toMatch(/\d+ images, \d+ unique blobs/);
    const list = entryText(bundleFile, 'hanok-airgap/images/images.txt');
    const images = list.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split(' ')[0]);
    const kubeadm = kubeadmImageVersions(DEFAULT_KUBERNETES_VERSION);
    expect(images).toEqual(
      expect.arrayContaining([
        `127.0.0.1:${sitePort}/kube-apiserver:v${DEFAULT_KUBERNETES_VERSION}`,
        `127.0.0.1:${sitePort}/coredns:${kubeadm.coredns}`,
        `127.0.0.1:${sitePort}/pause:${kubeadm.pause}`,
        `127.0.0.1:${sitePort}/etcd:${kubeadm.etcd}`,
        `127.0.0.1:${sitePort}/${FLANNEL_IMAGE.replace(/^ghcr\.io\//, '')}`,
        `127.0.0.1:${sitePort}/library/traefik:v3.7.13@${image.indexDigest}`,
      ]),
    );
    // The tiny image has the same two layers under every name: stored once each.
    const blobs = entries(bundleFile).filter((entry) => entry.startsWith('hanok-airgap/images/blobs/sha256/'));
    expect(new Set(blobs).size).toBe(blobs.length);
    expect(blobs.length).toBeLessThanOrEqual(7);
    expect(entryText(bundleFile, 'hanok-airgap/SHA256SUMS')).toContain('images/index.json');
    expect(entryText(bundleFile, 'hanok-airgap/packages/packages.txt')).toContain(`require kubeadm =${DEFAULT_KUBERNETES_VERSION}`);
  }, 180_000);

  test('a second run gives the same bytes', async () => {
    const again = path.join(work, 'again.tar.gz');
    expect((await hanok('bundle', '--clusters', clustersDir, '--cluster', 'airgap', '--out', again, '--images', '--pull-from', `${source.address}`, '--pull-insecure')).code).toBe(0);
    expect(fs.readFileSync(again).equals(fs.readFileSync(bundleFile))).toBe(true);
  }, 180_000);

  test('verify checks every blob against its digest, and fails on a changed blob', async () => {
    const good = await hanok('verify', bundleFile);
    expect(good.err).toBe('');
    expect(good.out).toMatch(/image blobs match their digests, \d+ images complete/);
    const archive = zlib.gunzipSync(fs.readFileSync(bundleFile));
    // The layers are gzip-compressed, so change a byte of the amd64 config instead: plain JSON inside a blob.
    const at = archive.indexOf(Buffer.from('"architecture":"amd64"'));
    expect(at).toBeGreaterThan(0);
    archive[at + 1] = 'A'.charCodeAt(0);
    const tampered = path.join(work, 'tampered.tar.gz');
    const gzipped = zlib.gzipSync(archive, { level: 9 });
    Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03]).copy(gzipped, 0);
    fs.writeFileSync(tampered, gzipped);
    const bad = await hanok('verify', tampered);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/images\/blobs\/sha256\/[0-9a-f]{64}/);
  });

  test('mirror-images.sh --from-bundle loads the empty site registry with the same digests, then finds them present', async () => {
    const unpacked = path.join(work, 'unpacked');
    fs.mkdirSync(unpacked);
    tar.x({ file: bundleFile, cwd: unpacked, sync: true });
    const bundleDir = path.join(unpacked, 'hanok-airgap');
    const script = path.join(bundleDir, 'scripts/node/mirror-images.sh');
    const first = spawnSync('bash', [script, '--from-bundle', bundleDir, '--dest-insecure'], { encoding: 'utf8' });
    expect(first.stderr).not.toMatch(/error|failed [1-9]/i);
    expect(first.status).toBe(0);
    const list = fs.readFileSync(path.join(bundleDir, 'images/images.txt'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    for (const line of list) {
      const [name, , digest] = line.split(' ');
      const { name: repository, tag } = parseImageReference(name);
      expect(servedDigest(`${repository}:${tag}`)).toBe(digest);
    }
    // Published digests are kept: the pinned controller is the whole index, the others the amd64 manifest.
    const digests = new Map(list.map((line) => [line.split(' ')[0], line.split(' ')[2]]));
    expect(digests.get(`127.0.0.1:${sitePort}/library/traefik:v3.7.13@${image.indexDigest}`)).toBe(image.indexDigest);
    expect(digests.get(`127.0.0.1:${sitePort}/kube-apiserver:v${DEFAULT_KUBERNETES_VERSION}`)).toBe(image.manifests.amd64);
    const second = spawnSync('bash', [script, '--from-bundle', bundleDir, '--dest-insecure'], { encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(`${second.stdout}${second.stderr}`).toContain(`Pushed 0, already present ${list.length}, failed 0`);
  }, 180_000);

  test('progress shows each image and the running total', async () => {
    expect(lines.join('\n')).toMatch(/\[(\d+)\/\1\] .*\n +\d+ files, .* new; total .* in [\d.]+ s/);
  });
});

function entries(file: string): string[] {
  const result: string[] = [];
  tar.t({ file, sync: true, onReadEntry: (entry) => result.push(entry.path) });
  return result;
}

function entryText(file: string, wanted: string): string {
  let text = '';
  tar.t({
    file,
    sync: true,
    onReadEntry: (entry) => {
      if (entry.path !== wanted) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
    },
  });
  return text;
}

maybe('bootstrap registry with TLS from the generated configuration', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-airgap-tls-'));
  let site: LoopbackRegistry | undefined;

  afterAll(async () => {
    await site?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('serves TLS with the site certificate; clients trusting the CA file of the cluster reach it', async () => {
    // GIVEN a site certificate for 127.0.0.1 (self-signed, so it is its own CA) and a cluster naming the CA file
    const clusters = path.join(work, 'clusters');
    fs.mkdirSync(clusters);
    const key = path.join(work, 'tls.key');
    const cert = path.join(work, 'tls.crt');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(made.stderr).not.toMatch(/error/i);
    fs.copyFileSync(cert, path.join(clusters, 'site-ca.pem'));
    const port = await freePort();
    const document = {
      apiVersion: 'hanok.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'tls' },
      spec: {
        network: { hostCidr: '192.168.60.0/24' },
        nodes: [{ name: 'cp', ip: '192.168.60.10', roles: ['control-plane'] }],
        nfs: { server: '192.168.60.5', exportPath: '/share' },
        registry: { enabled: false, host: 'registry.example.org' },
        images: { bootstrapRegistry: { host: '127.0.0.1', port, tls: { caFile: 'site-ca.pem' }, dataPath: path.join(work, 'data') } },
      },
    };
    fs.writeFileSync(path.join(clusters, 'tls.yaml'), yaml.dump(document));
    const [output] = synthesizeClusters(clusters, ['tls'], {}, '--cluster');
    // WHEN the real registry runs the generated configuration, its TLS files where the script installs them
    const config = output.files
      .get('nodes/bootstrap-registry/config.yml')!
      .replace(`addr: :${port}`, `addr: 127.0.0.1:${port}`)
      .replace('/etc/hanok-bootstrap-registry/tls.crt', cert)
      .replace('/etc/hanok-bootstrap-registry/tls.key', key);
    site = await startRegistry(path.join(work, 'site'), () => config, port, 'https');
    // THEN skopeo, trusting only the CA file the nodes get (certs.d/<host:port>/ca.crt), pushes and reads over TLS
    const caDir = path.join(work, 'certs.d');
    fs.mkdirSync(caDir);
    fs.writeFileSync(path.join(caDir, 'ca.crt'), output.files.get(`nodes/containerd/certs.d/127.0.0.1:${port}/ca.crt`)!);
    expect(output.files.get(`nodes/containerd/certs.d/127.0.0.1:${port}/hosts.toml`)).toContain(`ca = "/etc/containerd/certs.d/127.0.0.1:${port}/ca.crt"`);
    const image = buildTinyImage(path.join(work, 'tiny'));
    const push = spawnSync('skopeo', ['copy', '--quiet', '--all', '--dest-cert-dir', caDir, `oci:${image.layout}:v1`, `docker://127.0.0.1:${port}/tiny:v1`], { encoding: 'utf8' });
    expect(push.stderr).toBe('');
    const untrusted = spawnSync('skopeo', ['inspect', '--raw', `docker://127.0.0.1:${port}/tiny:v1`], { encoding: 'utf8' });
    expect(untrusted.status).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate/);
  }, 60_000);
});
