import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { diffStates, formatReport, OutputState, stateAtRef, stateFromFolder } from '../../src/review';
import { clusterWith, EXAMPLE_CLUSTERS_DIR, exampleCluster } from '../helpers';

const labFiles = synthesizeCluster(exampleCluster('lab')).files;
const base: OutputState = new Map([['lab', labFiles]]);

function headWith(mutate: (document: any) => void): OutputState {
  return new Map([['lab', synthesizeCluster(clusterWith('lab', mutate)).files]]);
}

describe('hanok diff', () => {
  test('hanok diff is a command of the hanok CLI', async () => {
    const lines: string[] = [];
    expect(await main(['diff', '--help'], (line: string) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toContain('hanok diff [--clusters DIR] [--base REF] [--format text|markdown|json]');
    lines.length = 0;
    expect(await main(['--help'], (line: string) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toMatch(/hanok diff [\s\S]*object by object/);
  });

  test('the same output is no change', () => {
    const result = diffStates(base, base);
    expect(result.changed).toBe(false);
    expect(formatReport(result, 'text')).toBe('no changes');
  });

  test('a NodePort change names the Service and field, warns, and asks for prepare-haproxy.sh', () => {
    // GIVEN / WHEN
    const [lab] = diffStates(base, headWith((document) => (document.spec.ingress.httpNodePort = 32336))).clusters;
    // THEN
    expect(lab.changed.map((change) => [change.object.kind, change.object.namespace, change.object.name, change.fields])).toEqual([
      ['Service', 'traefik', 'traefik', [{ path: 'spec.ports[0].nodePort', old: 32334, new: 32336 }]],
    ]);
    expect(lab.warnings).toEqual([expect.stringMatching(/^Service traefik\/traefik: NodePort of port \S+ moves from 32334 to 32336/)]);
    expect(lab.files).toContainEqual({ path: 'nodes/haproxy/haproxy.cfg', status: 'changed', advice: 'run prepare-haproxy.sh on the load-balancer host' });
    expect(lab.files).toContainEqual({ path: 'nodes/firewall/worker.ports', status: 'changed', advice: 'run prepare-node.sh on every node' });
  });

  test('a renamed MetalLB pool is a delete and a create, with a warning', () => {
    const [lab] = diffStates(base, headWith((document) => (document.spec.networking.metallb.pools[0].name = 'main'))).clusters;
    expect(lab.renamed.map(({ from, to }) => `${from.kind} ${from.name} → ${to.name}`)).toEqual(['IPAddressPool default → main', 'L2Advertisement default → main']);
    expect(lab.added).toEqual([]);
    expect(lab.removed).toEqual([]);
    expect(lab.warnings).toContainEqual(expect.stringMatching(/^IPAddressPool metallb-system\/default is renamed to main: the cluster deletes the old object/));
  });

  test('a pod CIDR change warns that a running cluster keeps the old one', () => {
    const [lab] = diffStates(base, headWith((document) => (document.spec.network.podCidr = '10.245.0.0/16'))).clusters;
    expect(lab.warnings).toContainEqual(
      expect.stringMatching(/^the pod CIDR changes from 10\.244\.0\.0\/16 to 10\.245\.0\.0\/16 \(nodes\/kubeadm\/test-master\.yaml: networking\.podSubnet\): kubeadm fixes it at init/),
    );
    expect(lab.warnings).toContainEqual(expect.stringMatching(/^ConfigMap kube-flannel\/kube-flannel-cfg: Flannel's pod network changes/));
  });

  test('a removed function lists its objects as removed', () => {
    const [lab] = diffStates(base, headWith((document) => document.spec.openfx.functions.splice(1, 1))).clusters;
    expect(lab.removed.map((object) => `${object.kind} ${object.namespace}/${object.name} (${object.file})`)).toEqual([
      'Deployment openfx-fn/echo-go (06-openfx.yaml)',
      'Service openfx-fn/echo-go (06-openfx.yaml)',
      'HorizontalPodAutoscaler openfx-fn/echo-go (06-openfx.yaml)',
    ]);
    expect(lab.renamed).toEqual([]);
    expect(lab.files).toContainEqual({ path: 'images.txt', status: 'changed', advice: 'run mirror-images.sh, before applying' });
  });

  test('an added cluster is reported as added', () => {
    const result = diffStates(base, new Map([...base, ['cluster1', synthesizeCluster(exampleCluster('cluster1')).files]]));
    expect(result.clusters.map((cluster) => [cluster.cluster, cluster.status])).toEqual([
      ['cluster1', 'added'],
      ['lab', 'unchanged'],
    ]);
    expect(formatReport(result, 'text')).toMatch(/^cluster cluster1 \(added\): \d+ added, 0 removed/);
  });

  describe('two output folders', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-diff-test-'));
      for (const side of ['old', 'new']) {
        for (const [file, content] of labFiles) {
          fs.mkdirSync(path.dirname(path.join(folder, side, 'lab', file)), { recursive: true });
          fs.writeFileSync(path.join(folder, side, 'lab', file), content);
        }
      }
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    test('a changed workload selector warns that the API server refuses it', () => {
      // GIVEN a generator change that relabels the registry's pods
      const file = path.join(folder, 'new', 'lab', '04-registry.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/matchLabels:\n(\s+)app: docker-registry/, 'matchLabels:\n$1app: registry'));
      // WHEN
      const [lab] = diffStates(stateFromFolder(path.join(folder, 'old')), stateFromFolder(path.join(folder, 'new'))).clusters;
      // THEN
      expect(lab.changed[0].fields).toContainEqual({ path: 'spec.selector.matchLabels.app', old: 'docker-registry', new: 'registry' });
      expect(lab.warnings).toEqual(['Deployment docker-registry/docker-registry: spec.selector is immutable: the API server refuses the update (delete and re-create the object)']);
    });

    test('the command exits 1 on a change, 0 on none, and writes markdown and JSON', async () => {
      const lines: string[] = [];
      expect(await main(['diff', path.join(folder, 'old'), path.join(folder, 'new')], (line: string) => lines.push(line), () => undefined)).toBe(0);
      const svc = path.join(folder, 'new', 'lab', '03-ingress.yaml');
      fs.writeFileSync(svc, fs.readFileSync(svc, 'utf8').replace('nodePort: 30570', 'nodePort: 30571'));
      lines.length = 0;
      expect(await main(['diff', path.join(folder, 'old'), path.join(folder, 'new'), '--format', 'markdown'], (line: string) => lines.push(line), () => undefined)).toBe(1);
      expect(lines.join('\n')).toContain('| lab | changed | 0 | 0 | 1 | 0 | 0 | ⚠️ 1 |');
      expect(lines.join('\n')).toContain('<details><summary><b>lab</b>');
      lines.length = 0;
      expect(await main(['diff', path.join(folder, 'old'), path.join(folder, 'new'), '--format', 'json'], (line: string) => lines.push(line), () => undefined)).toBe(1);
      expect(JSON.parse(lines.join('\n')).clusters[0].changed[0].fields).toEqual([{ path: 'spec.ports[1].nodePort', old: 30570, new: 30571 }]);
    });

    test('fails with exit 2 on a missing folder or a bad format', async () => {
      const errors: string[] = [];
      expect(await main(['diff', path.join(folder, 'nope'), path.join(folder, 'new')], () => undefined, (line: string) => errors.push(line))).toBe(2);
      expect(await main(['diff', '--format', 'html'], () => undefined, (line: string) => errors.push(line))).toBe(2);
      expect(errors).toEqual([`hanok: ${path.join(folder, 'nope')}: output folder not found`, 'hanok: --format must be text, markdown or json (got html)']);
    });
  });

  test('the base is synthesized from the cluster files at a git ref, and nothing is written', async () => {
    // GIVEN a repository whose working tree changed a NodePort after the commit
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-diff-git-'));
    try {
      const clusters = path.join(repo, 'clusters');
      fs.mkdirSync(clusters);
      fs.cpSync(EXAMPLE_CLUSTERS_DIR, clusters, { recursive: true });
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      const lab = path.join(clusters, 'lab.yaml');
      fs.writeFileSync(lab, fs.readFileSync(lab, 'utf8').replace('httpNodePort: 32334', 'httpNodePort: 32336'));
      // WHEN
      const lines: string[] = [];
      const code = await main(['diff', '--clusters', clusters, '--base', 'HEAD'], (line: string) => lines.push(line), (line: string) => lines.push(line));
      // THEN
      expect(code).toBe(1);
      expect(lines.join('\n')).toContain('spec.ports[0].nodePort: 32334 → 32336');
      expect(lines.join('\n')).not.toContain('cluster cluster1');
      expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'clusters']);
      expect(stateAtRef('HEAD', clusters).get('lab')!.get('03-ingress.yaml')).toContain('nodePort: 32334');
      expect(await main(['diff', '--clusters', clusters, '--base', 'no-such-ref'], () => undefined, () => undefined)).toBe(2);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
