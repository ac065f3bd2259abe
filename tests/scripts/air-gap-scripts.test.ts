import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synth } from '../../src/pipeline/synth';
import { EXAMPLE_CLUSTERS_DIR, exampleDocument, fakeCgroupV2Root, REPO_ROOT } from '../helpers';

const SCRIPTS_DIR = path.join(REPO_ROOT, 'scripts/node');
/** The example site CA (its key was discarded): the loader checks that it is a real CA certificate. */
const CA = fs.readFileSync(path.join(EXAMPLE_CLUSTERS_DIR, 'certs', 'site-ca.crt'), 'utf8');

const CGROUP_V2 = fakeCgroupV2Root();

function run(script: string, ...args: string[]): { status: number | null; out: string } {
  const result = spawnSync('bash', [path.join(SCRIPTS_DIR, script), ...args], { encoding: 'utf8', env: { ...process.env, HANOK_CGROUP_ROOT: CGROUP_V2 } });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** The lab example with a bootstrap registry on NFS, TLS from a site CA kept beside the cluster file. */
function synthWithBootstrap(bootstrap: Record<string, unknown>): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-airgap-scripts-'));
  const clusters = path.join(work, 'clusters');
  fs.mkdirSync(clusters);
  const document = exampleDocument('lab');
  document.spec.images = { bootstrapRegistry: bootstrap };
  fs.writeFileSync(path.join(clusters, 'lab.yaml'), yaml.dump(document));
  fs.writeFileSync(path.join(clusters, 'site-ca.pem'), CA);
  synth({ clustersDir: clusters, outDir: path.join(work, 'dist'), only: ['lab'] });
  return path.join(work, 'dist', 'lab');
}

describe('bootstrap registry on the nodes', () => {
  const dist = synthWithBootstrap({ host: 'boot.example.org', storage: 'nfs', tls: { caFile: 'site-ca.pem' } });

  test('containerd trusts the site CA for the bootstrap registry, and kubeadm pulls from it', () => {
    const hosts = fs.readFileSync(path.join(dist, 'nodes/containerd/certs.d/boot.example.org:5000/hosts.toml'), 'utf8');
    expect(hosts).toContain('server = "https://boot.example.org:5000"');
    expect(hosts).toContain('ca = "/etc/containerd/certs.d/boot.example.org:5000/ca.crt"');
    expect(hosts).toContain('capabilities = ["pull", "resolve"]');
    expect(fs.readFileSync(path.join(dist, 'nodes/containerd/certs.d/boot.example.org:5000/ca.crt'), 'utf8')).toBe(CA);
    expect(fs.readFileSync(path.join(dist, 'nodes/kubeadm/test-master.yaml'), 'utf8')).toContain('imageRepository: boot.example.org:5000');
    expect(fs.readFileSync(path.join(dist, 'images.txt'), 'utf8')).toContain('boot.example.org:5000/flannel-io/flannel:v0.28.9');
  });

  test('prepare-bootstrap-registry.sh --dry-run: user, NFS mount, config, certificate, unit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-site-tls-'));
    fs.writeFileSync(path.join(dir, 'tls.crt'), CA);
    fs.writeFileSync(path.join(dir, 'tls.key'), 'not a real key');
    const result = run('prepare-bootstrap-registry.sh', '--cluster', 'lab', '--dist', dist, '--cert', path.join(dir, 'tls.crt'), '--key', path.join(dir, 'tls.key'), '--dry-run');
    expect(result.out).toContain('Preparing the bootstrap registry boot.example.org:5000 of cluster lab');
    expect(result.out).toContain('192.168.111.177:/share_storage/bootstrap_registry /var/lib/hanok-bootstrap-registry nfs defaults,_netdev 0 0');
    expect(result.out).toContain('+ install -D -m 0644 ' + path.join(dist, 'nodes/bootstrap-registry/config.yml') + ' /etc/hanok-bootstrap-registry/config.yml');
    expect(result.out).toContain(`+ install -D -m 0640 ${path.join(dir, 'tls.key')} /etc/hanok-bootstrap-registry/tls.key`);
    expect(result.out).toContain('+ systemctl enable hanok-bootstrap-registry.service');
    expect(result.status).toBe(0);
  });

  test('fails without the certificate of a TLS registry, and for a cluster without a bootstrap registry', () => {
    expect(run('prepare-bootstrap-registry.sh', '--cluster', 'lab', '--dist', dist, '--dry-run').out).toContain('give its certificate and key with --cert FILE --key FILE');
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-plain-'));
    synth({ clustersDir: path.join(REPO_ROOT, 'clusters'), outDir: plain, only: ['lab'] });
    expect(run('prepare-bootstrap-registry.sh', '--cluster', 'lab', '--dist', path.join(plain, 'lab'), '--dry-run').out).toContain('cluster lab has no bootstrap registry');
  });

  test('the generated config serves TLS from the installed files, data in dataPath', () => {
    const config = yaml.load(fs.readFileSync(path.join(dist, 'nodes/bootstrap-registry/config.yml'), 'utf8')) as any;
    expect(config.http).toEqual({
      addr: ':5000',
      tls: { certificate: '/etc/hanok-bootstrap-registry/tls.crt', key: '/etc/hanok-bootstrap-registry/tls.key' },
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    });
    expect(config.storage.filesystem.rootdirectory).toBe('/var/lib/hanok-bootstrap-registry');
  });
});

describe('prepare-node.sh --from-bundle', () => {
  const dist = synthWithBootstrap({ host: 'boot.example.org', insecure: true });

  function bundle(lines: string[], files: string[]): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-unpacked-'));
    fs.mkdirSync(path.join(root, 'packages'));
    fs.writeFileSync(path.join(root, 'packages/packages.txt'), `${lines.join('\n')}\n`);
    files.forEach((file) => fs.writeFileSync(path.join(root, 'packages', file), 'deb'));
    return root;
  }

  test('--dry-run installs the carried packages with apt-get and holds kubeadm, kubelet and kubectl', () => {
    const arch = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout?.trim() || 'amd64';
    const files = [`kubeadm_1.30.14-1.1_${arch}.deb`, `kubelet_1.30.14-1.1_${arch}.deb`, `containerd_1.7.24-1_${arch}.deb`, 'kubeadm_1.30.14-1.1_s390x.deb'];
    const root = bundle(
      ['require kubeadm =1.30.14 sets the node up', ...files.map((file) => `file ${file} ${file.split('_')[0]} ${file.split('_')[1]} ${file.split('_')[2].replace('.deb', '')}`)],
      files,
    );
    const result = run('prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--from-bundle', root, '--dry-run');
    expect(result.out).toContain(`+ apt-get install -y --no-install-recommends ${root}/packages/kubeadm_1.30.14-1.1_${arch}.deb ${root}/packages/kubelet_1.30.14-1.1_${arch}.deb ${root}/packages/containerd_1.7.24-1_${arch}.deb`);
    expect(result.out).not.toContain('s390x');
    expect(result.out).toContain('+ apt-mark hold kubeadm kubelet');
    expect(result.status).toBe(0);
  });

  test('fails on a bundle without packages, or with a missing file', () => {
    expect(run('prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--from-bundle', bundle(['require kubeadm =1.30.14 x'], []), '--dry-run').out).toContain(
      'the bundle carries no packages',
    );
    const arch = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout?.trim() || 'amd64';
    expect(run('prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--from-bundle', bundle([`file kubeadm_1_${arch}.deb kubeadm 1 ${arch}`], []), '--dry-run').out).toContain('is missing');
  });
});

describe('mirror-images.sh --from-bundle', () => {
  test('--dry-run shows each push without contacting a registry', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-unpacked-'));
    const hex = 'a'.repeat(64);
    fs.mkdirSync(path.join(root, 'images/blobs/sha256'), { recursive: true });
    fs.writeFileSync(path.join(root, 'images/blobs/sha256', hex), '{}');
    fs.writeFileSync(path.join(root, 'images/images.txt'), `# comment\nboot.example.org:5000/pause:3.9 registry.k8s.io/pause:3.9 sha256:${hex} manifest.json=${hex}\n`);
    const result = run('mirror-images.sh', '--from-bundle', root, '--dry-run');
    expect(result.out).toContain('[1/1] pushing boot.example.org:5000/pause:3.9 (1 files');
    expect(result.out).toMatch(/\+ skopeo copy --quiet --all --preserve-digests dir:\S+\/view docker:\/\/boot\.example\.org:5000\/pause:3\.9/);
    expect(result.status).toBe(0);
  });

  test('fails on a folder that is not an unpacked bundle with images', () => {
    expect(run('mirror-images.sh', '--from-bundle', os.tmpdir(), '--dry-run').out).toContain("was the bundle made with 'hanok bundle --images'?");
  });
});
