import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synth } from '../../src/pipeline/synth';
import { EXAMPLE_CLUSTERS_DIR, exampleDocument, fakeCgroupV2Root, REPO_ROOT } from '../helpers';
import { testWithTool } from '../tools';

const SCRIPTS_DIR = path.join(REPO_ROOT, 'scripts/node');
const SCRIPTS = fs.readdirSync(SCRIPTS_DIR).filter((file) => file.endsWith('.sh')).sort();
/** The scripts operators run; lib.sh is sourced by them. */
const COMMANDS = SCRIPTS.filter((file) => file !== 'lib.sh');
const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'0'.repeat(64)}`;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const CGROUP_V2 = fakeCgroupV2Root();

function run(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runWith({}, script, ...args);
}

function runWith(env: Record<string, string>, script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', [path.join(SCRIPTS_DIR, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBEADM_TOKEN: '', KUBEADM_CA_CERT_HASH: '', HANOK_CGROUP_ROOT: CGROUP_V2, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder with a `containerd` that reports `version`, for PATH. */
function fakeContainerd(version: string): string {
  const bin = tempDir('hanok-bin-');
  fs.writeFileSync(path.join(bin, 'containerd'), `#!/bin/sh\necho "containerd github.com/containerd/containerd ${version} 0123abcd"\n`, { mode: 0o755 });
  return bin;
}

const out = tempDir('hanok-scripts-dist-');
synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
const lab = path.join(out, 'lab');

/** A secrets file with a made-up value for every key of the cluster's secrets.example. */
function secretsFile(dist: string, skip: string[] = []): string {
  const keys = fs.readFileSync(path.join(dist, 'secrets.example'), 'utf8').split('\n').filter((line) => /^[a-z0-9-]+\/[^/]+\/.+=$/.test(line));
  const file = path.join(tempDir('hanok-secrets-'), 'lab.secrets.env');
  fs.writeFileSync(file, keys.filter((line) => !skip.includes(line.slice(0, -1))).map((line) => `${line}not-a-real-value-${line.length}`).join('\n'));
  return file;
}

describe('node scripts', () => {
  test('are all here', () => {
    expect(COMMANDS).toEqual([
      'apply.sh',
      'init-control-plane.sh',
      'join-node.sh',
      'mirror-images.sh',
      'openmcp-join.sh',
      'prepare-bootstrap-registry.sh',
      'prepare-haproxy.sh',
      'prepare-nfs-server.sh',
      'prepare-node.sh',
      'reset-node.sh',
    ]);
  });

  testWithTool('shellcheck', 'apt-get install shellcheck')('pass shellcheck, with .ci/run and the hanok command (mandatory where CI is set: .ci/run installs it)', () => {
    const others = [path.join(REPO_ROOT, '.ci/run'), path.join(REPO_ROOT, 'bin/hanok')];
    const result = spawnSync('shellcheck', ['--external-sources', ...SCRIPTS.map((script) => path.join(SCRIPTS_DIR, script)), ...others], {
      encoding: 'utf8',
      cwd: REPO_ROOT,
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(COMMANDS)('%s is executable bash with strict mode, --help and --dry-run', (script) => {
    const text = fs.readFileSync(path.join(SCRIPTS_DIR, script), 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toContain('\nset -euo pipefail\n');
    expect(fs.statSync(path.join(SCRIPTS_DIR, script)).mode & 0o111).toBeTruthy();
    const help = run(script, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /);
    expect(help.stdout).toContain('--dry-run');
  });

  test.each(COMMANDS.filter((script) => script !== 'reset-node.sh'))('%s fails with a message on an unknown argument', (script) => {
    const result = run(script, '--cluster', 'lab', '--dist', lab, '--bogus');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("unknown argument '--bogus'");
  });
});

describe('--dry-run of each script', () => {
  test('prepare-node.sh installs the kernel, sysctl and containerd files of the node', () => {
    const result = run('prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--dry-run');
    expect(result.stderr.replace(/^.*warning.*$/gm, '').trim()).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Preparing test-node1 (worker) of cluster lab (dry run');
    expect(result.stdout).toMatch(/modules-load\.d\/k8s\.conf|module br_netfilter is loaded|modprobe br_netfilter/);
    expect(result.stdout).toMatch(/SystemdCgroup/);
    expect(result.stdout).toContain('registry.localtest.com/hosts.toml');
    expect(result.stdout).toContain('30000-32767/tcp');
    // Either it finds the NFS client or it says which package provides it.
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/mount\.nfs is installed|mount\.nfs is missing: install nfs-common/);
  });

  test('prepare-node.sh installs the registry CA beside hosts.toml when the registry serves TLS', () => {
    const openmcp = path.join(out, 'openmcp');
    const node = fs.readFileSync(path.join(openmcp, 'nodes', 'inventory'), 'utf8').split('\n').find((line) => line.trim() && !line.startsWith('#'))!.split(/\s+/)[0];
    const result = run('prepare-node.sh', '--cluster', 'openmcp', '--node', node, '--dist', openmcp, '--dry-run');
    expect(result.status).toBe(0);
    const certs = '/etc/containerd/certs.d/registry.openmcp.local';
    expect(result.stdout).toMatch(new RegExp(`install -D -m 0644 \\S+/containerd/certs\\.d/registry\\.openmcp\\.local/ca\\.crt ${certs.replace(/[./]/g, (c) => `\\${c}`)}/ca\\.crt`));
    expect(result.stdout).toContain(`${certs}/hosts.toml`);
    expect(fs.readFileSync(path.join(openmcp, 'nodes/containerd/certs.d/registry.openmcp.local/hosts.toml'), 'utf8')).toContain(`ca = "${certs}/ca.crt"`);
  });

  test('prepare-node.sh checks the requirements of the Kubernetes version first', () => {
    const result = run('prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--dry-run');
    const requirements = fs.readFileSync(path.join(lab, 'nodes/requirements.env'), 'utf8');
    const version = /^KUBERNETES_VERSION=(\S+)$/m.exec(requirements)![1];
    expect(result.stdout).toContain(`== requirements of Kubernetes ${version}`);
    expect(result.stdout.indexOf('== requirements')).toBeLessThan(result.stdout.indexOf('/etc/hosts'));
  });

  test('prepare-node.sh refuses a cgroup v1 machine before changing anything, when the version needs cgroup v2', () => {
    const result = runWith({ HANOK_CGROUP_ROOT: tempDir('hanok-cgroup1-') }, 'prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--dry-run');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/this machine runs cgroup v1 .* the kubelet of Kubernetes v1\.\d+\.\d+ refuses it/);
    expect(result.stdout).not.toContain('/etc/hosts');
  });

  test('prepare-node.sh refuses containerd 1.x where the version needs containerd 2, and accepts 2.x', () => {
    const dist = tempDir('hanok-dist-136-');
    fs.cpSync(lab, dist, { recursive: true });
    const file = path.join(dist, 'nodes/requirements.env');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^KUBERNETES_VERSION=.*$/m, 'KUBERNETES_VERSION=v1.36.1').replace(/^MIN_CONTAINERD_MAJOR=.*$/m, 'MIN_CONTAINERD_MAJOR=2'));
    const old = runWith({ PATH: `${fakeContainerd('v1.7.27')}:${process.env.PATH}` }, 'prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--dry-run');
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain('containerd is v1.7.27; Kubernetes v1.36.1 needs containerd 2.x or later');
    expect(old.stdout).not.toContain('/etc/hosts');
    const current = runWith({ PATH: `${fakeContainerd('v2.1.4')}:${process.env.PATH}` }, 'prepare-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--dry-run');
    expect(current.stdout).toContain('containerd v2.1.4');
  });

  test('prepare-node.sh refuses a node the cluster does not have', () => {
    const result = run('prepare-node.sh', '--cluster', 'lab', '--node', 'nowhere', '--dist', lab, '--dry-run');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("node 'nowhere' is not in");
  });

  test('init-control-plane.sh runs kubeadm init with the node\'s file', () => {
    const result = run('init-control-plane.sh', '--cluster', 'lab', '--node', 'test-master', '--dist', lab, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`+ kubeadm init --config ${lab}/nodes/kubeadm/test-master.yaml`);
    expect(result.stdout).not.toContain('a load balancer');
  });

  test('init-control-plane.sh says the load balancer must forward to the node when the endpoint is one', () => {
    const dist = tempDir('hanok-dist-ha-');
    fs.cpSync(lab, dist, { recursive: true });
    const file = path.join(dist, 'nodes/kubeadm/test-master.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^controlPlaneEndpoint: .*$/m, 'controlPlaneEndpoint: 192.168.111.160:6443'));
    const result = run('init-control-plane.sh', '--cluster', 'lab', '--node', 'test-master', '--dist', dist, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('The API endpoint is 192.168.111.160:6443, a load balancer: it must already forward port 6443 to 192.168.111.169:6443');
  });

  test('join-node.sh joins with a private copy holding the token, and never prints it', () => {
    const result = run('join-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--token', TOKEN, '--ca-cert-hash', HASH, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('+ kubeadm join --config <private copy of');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  test('join-node.sh refuses a malformed token or a missing hash', () => {
    expect(run('join-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--token', 'nope', '--ca-cert-hash', HASH, '--dry-run').stderr).toContain('must be a bootstrap token');
    expect(run('join-node.sh', '--cluster', 'lab', '--node', 'test-node1', '--dist', lab, '--token', TOKEN, '--dry-run').stderr).toContain('--ca-cert-hash (or KUBEADM_CA_CERT_HASH) must be');
  });

  test('reset-node.sh shows its steps, and without --dry-run wants --yes', () => {
    expect(run('reset-node.sh', '--dry-run').status).toBe(0);
    const refused = run('reset-node.sh');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('confirm with --yes');
  });

  test('prepare-nfs-server.sh creates the volume directories with their owners and exports to the host network', () => {
    const result = run('prepare-nfs-server.sh', '--cluster', 'lab', '--dist', lab, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/chown 65534:65534 \/share_storage\/prometheus|\/share_storage\/prometheus/);
    expect(result.stdout).toContain('/share_storage 192.168.111.0/255.255.255.0(rw,sync,no_subtree_check,no_root_squash)');
  });

  test('prepare-haproxy.sh installs haproxy.cfg', () => {
    const result = run('prepare-haproxy.sh', '--cluster', 'lab', '--dist', lab, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('/etc/haproxy/haproxy.cfg');
  });

  test('apply.sh: CRDs, then namespaces, Secrets, and the layers in order with rollouts; no secret value is printed', () => {
    const secrets = secretsFile(lab);
    const result = run('apply.sh', '--cluster', 'lab', '--dist', lab, '--secrets', secrets, '--dry-run');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const order = ['== CustomResourceDefinitions', 'condition=Established', '== Namespaces', '== Secrets', '== 01-networking.yaml', 'rollout status -n metallb-system deployment/controller', '== 02-storage.yaml'];
    const positions = order.map((marker) => result.stdout.indexOf(marker));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(result.stdout).toContain('--type=kubernetes.io/dockerconfigjson');
    expect(result.stdout).not.toContain('not-a-real-value');
    expect(result.stdout).toContain('Summary of cluster lab:');
  });

  test('apply.sh refuses to run with a missing secret and names it', () => {
    const secrets = secretsFile(lab, ['monitoring/grafana-admin/admin-password']);
    const result = run('apply.sh', '--cluster', 'lab', '--dist', lab, '--secrets', secrets, '--dry-run');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('lacks 1 secret value(s); nothing was applied');
    expect(result.stderr).toContain('monitoring/grafana-admin/admin-password   # password of the first Grafana administrator');
    expect(result.stdout).not.toContain('== CustomResourceDefinitions');
  });

  test('apply.sh without a secrets file lists every key to fill in', () => {
    const result = run('apply.sh', '--cluster', 'lab', '--dist', lab, '--secrets', path.join(tempDir('hanok-none-'), 'missing.env'), '--dry-run');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('does not exist');
    expect(result.stderr).toContain('metallb-system/memberlist/secretkey');
  });

  test('apply.sh --server-dry-run sends everything with --dry-run=server', () => {
    const result = run('apply.sh', '--cluster', 'lab', '--dist', lab, '--secrets', secretsFile(lab), '--server-dry-run', '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--dry-run=server -f');
  });

  test('mirror-images.sh copies each mapped image from its source, by digest where it has one', () => {
    // GIVEN a cluster whose images are mirrored to the site registry
    const clusters = tempDir('hanok-mirror-clusters-');
    const document = exampleDocument('lab');
    const digest = `sha256:${'c'.repeat(64)}`;
    document.spec.images = { mirror: 'mirror.localtest.com/site' };
    document.spec.ingress.controllerImage = `docker.io/library/traefik:v3.7.13@${digest}`;
    fs.writeFileSync(path.join(clusters, 'lab.yaml'), yaml.dump(document));
    const mirrored = tempDir('hanok-mirror-dist-');
    synth({ clustersDir: clusters, outDir: mirrored });
    // WHEN
    const skopeo = run('mirror-images.sh', '--cluster', 'lab', '--dist', path.join(mirrored, 'lab'), '--tool', 'skopeo', '--dry-run');
    const crane = run('mirror-images.sh', '--cluster', 'lab', '--dist', path.join(mirrored, 'lab'), '--tool', 'crane', '--dest-insecure', '--dry-run');
    // THEN
    expect(skopeo.status).toBe(0);
    expect(skopeo.stdout).toContain('+ skopeo copy --all docker://quay.io/metallb/speaker:v0.16.1 docker://mirror.localtest.com/site/metallb/speaker:v0.16.1');
    expect(skopeo.stdout).toContain(`+ skopeo copy --all docker://docker.io/library/traefik@${digest} docker://mirror.localtest.com/site/library/traefik@${digest}`);
    expect(crane.status).toBe(0);
    expect(crane.stdout).toContain('+ crane copy --insecure registry:3.1.1 mirror.localtest.com/site/library/registry:3.1.1');
    expect(run('mirror-images.sh', '--cluster', 'lab', '--dist', lab, '--tool', 'skopeo', '--dry-run').stdout).toContain('Copied 0');
  });

  test('openmcp-join.sh joins the member through kubefed and labels region and zone', () => {
    // GIVEN a member's output with a join.env
    const member = path.join(tempDir('hanok-member-'), 'cluster1');
    fs.cpSync(path.join(out, 'cluster1'), member, { recursive: true });
    fs.mkdirSync(path.join(member, 'nodes/openmcp'), { recursive: true });
    if (!fs.existsSync(path.join(member, 'nodes/openmcp/join.env'))) {
      fs.writeFileSync(path.join(member, 'nodes/openmcp/join.env'), 'MASTER=openmcp\nCLUSTER_NAME=cluster1\nREGION=AS\nZONE=KR\n');
    }
    // WHEN
    const result = run('openmcp-join.sh', '--cluster', 'cluster1', '--dist', member, '--dry-run');
    // THEN
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\+ kubefedctl join cluster1 --host-cluster-context \S+ --cluster-context cluster1 --kubefed-namespace kube-federation-system/);
    expect(result.stdout).toContain('topology.kubernetes.io/region=');
    expect(result.stdout).toContain('failure-domain.beta.kubernetes.io/region=AS');
    expect(result.stdout).toContain('failure-domain.beta.kubernetes.io/zone=KR');
    expect(result.stdout).toContain('openmcpclusters.openmcp.k8s.io cluster1 (joinStatus JOIN)');
  });

  test('openmcp-join.sh refuses a cluster that is not a member', () => {
    const result = run('openmcp-join.sh', '--cluster', 'lab', '--dist', lab, '--dry-run');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('is not an OpenMCP member');
  });
});
