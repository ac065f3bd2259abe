import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { usedAddresses, poolRanges, findNodePorts } from '../../src/config/cluster-rules';
import { checkFleetRules } from '../../src/config/fleet-rules';
import { initClusterFile } from '../../src/config/init';
import { parseIpv4, rangeContainsAddress } from '../../src/kube/ipv4';
import { loadClusters, parseClusterFile } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import { EXAMPLE_CLUSTERS_DIR, exampleClusters } from '../helpers';

function folderWithExamples(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-init-'));
  fs.cpSync(EXAMPLE_CLUSTERS_DIR, directory, { recursive: true });
  return directory;
}

describe('initClusterFile', () => {
  test('writes a valid cluster that clashes with no example cluster on the same network', () => {
    // GIVEN the examples, lab among them on 192.168.111.0/24
    const existing = exampleClusters();
    const lab = existing.find((cluster) => cluster.name === 'lab')!;
    // WHEN
    const text = initClusterFile({ name: 'site-a', existing, network: '192.168.111.0/24' });
    // THEN it validates, alone and beside the examples
    const parsed = parseClusterFile('clusters/site-a.yaml', text);
    expect(parsed.problems.map(formatProblem)).toEqual([]);
    expect(checkFleetRules([...existing, parsed.cluster!]).map(formatProblem)).toEqual([]);
    // and uses no address or NodePort of lab
    const cluster = parsed.cluster!;
    const labAddresses = usedAddresses(lab.spec).map((used) => used.address);
    const labPools = poolRanges(lab.spec).map((pool) => pool.range);
    for (const used of usedAddresses(cluster.spec)) {
      expect(labAddresses).not.toContain(used.address);
      expect(labPools.some((pool) => rangeContainsAddress(pool, used.address))).toBe(false);
    }
    const labPorts = findNodePorts(lab.spec).map((entry) => entry.port);
    expect(findNodePorts(cluster.spec).map((entry) => entry.port).filter((port) => labPorts.includes(port))).toEqual([]);
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/cluster\.schema\.json\n/);
  });

  test('defaults to the network of the first existing cluster, and to a private /24 without any', () => {
    const existing = exampleClusters();
    expect(parseClusterFile('clusters/x.yaml', initClusterFile({ name: 'x', existing })).cluster!.spec.network.hostCidr).toBe(existing[0].spec.network.hostCidr);
    const alone = parseClusterFile('clusters/x.yaml', initClusterFile({ name: 'x', existing: [] })).cluster!;
    expect(alone.spec.network.hostCidr).toBe('192.168.10.0/24');
    expect(alone.spec.nodes.map((node) => node.ip)).toEqual(['192.168.10.10', '192.168.10.11']);
  });

  test('skips addresses in use', () => {
    const existing = exampleClusters();
    const cluster1 = existing.find((cluster) => cluster.name === 'cluster1')!;
    const text = initClusterFile({ name: 'site-b', existing, network: cluster1.spec.network.hostCidr });
    const ips = parseClusterFile('clusters/site-b.yaml', text).cluster!.spec.nodes.map((node) => parseIpv4(node.ip)!);
    const taken = existing.flatMap((cluster) => usedAddresses(cluster.spec).map((used) => used.address));
    expect(ips.filter((ip) => taken.includes(ip))).toEqual([]);
  });

  test('fails on a bad name, a taken name, a bad network and a full network', () => {
    const existing = exampleClusters();
    expect(() => initClusterFile({ name: 'Site_A', existing })).toThrow('cluster name "Site_A" is not a DNS label');
    expect(() => initClusterFile({ name: 'lab', existing })).toThrow('a cluster named lab already exists');
    expect(() => initClusterFile({ name: 'x', existing, network: '10.0.0.1/8' })).toThrow('--network "10.0.0.1/8" is not an IPv4 CIDR block');
    expect(() => initClusterFile({ name: 'x', existing: [], network: '10.9.9.0/29' })).toThrow('the network 10.9.9.0/29 has no three free addresses');
  });
});

describe('hanok init', () => {
  test('writes clusters/NAME.yaml that hanok validate accepts at once', async () => {
    // GIVEN
    const directory = folderWithExamples();
    const out: string[] = [];
    // WHEN
    expect(await main(['init', 'site-a', '--clusters', directory], (line) => out.push(line))).toBe(0);
    // THEN
    expect(out).toEqual([`wrote ${path.join(directory, 'site-a.yaml')}; edit its addresses for the site, then run: hanok validate`]);
    expect(loadClusters(directory).map((cluster) => cluster.name)).toContain('site-a');
    expect(await main(['validate', '--clusters', directory, '--only', 'site-a'], () => undefined, () => undefined)).toBe(0);
  });

  test('fails without touching an existing file', async () => {
    const directory = folderWithExamples();
    const before = fs.readFileSync(path.join(directory, 'lab.yaml'), 'utf8');
    const err: string[] = [];
    expect(await main(['init', 'lab', '--clusters', directory], () => undefined, (line) => err.push(line))).toBe(1);
    expect(err[0]).toContain('lab.yaml already exists; hanok init never replaces a file');
    expect(fs.readFileSync(path.join(directory, 'lab.yaml'), 'utf8')).toBe(before);
  });

  test('creates the clusters folder of a new repository', async () => {
    const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-init-')), 'clusters');
    expect(await main(['init', 'first', '--clusters', directory], () => undefined)).toBe(0);
    expect(loadClusters(directory).map((cluster) => cluster.name)).toEqual(['first']);
  });
});

describe('hanok init --from', () => {
  test('inherits a base: writes spec.bases and only the site-specific fields, and validates at once', async () => {
    // GIVEN a base with the network, the NFS server and the registry
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-init-'));
    fs.mkdirSync(path.join(root, 'bases'));
    fs.writeFileSync(
      path.join(root, 'bases', 'site.yaml'),
      [
        'apiVersion: hanok.dev/v1alpha1',
        'kind: ClusterBase',
        'metadata: { name: site }',
        'spec:',
        '  network: { hostCidr: 10.20.0.0/24 }',
        '  nfs: { server: 10.20.0.5, exportPath: /exports/shared }',
        '  registry: { host: registry.site.internal, insecure: true }',
        '',
      ].join('\n'),
    );
    const clusters = path.join(root, 'clusters');
    // WHEN
    expect(await main(['init', 'edge', '--clusters', clusters, '--from', path.join(root, 'bases', 'site.yaml')], () => undefined)).toBe(0);
    // THEN
    const text = fs.readFileSync(path.join(clusters, 'edge.yaml'), 'utf8');
    expect(text).toContain('  bases: [../bases/site.yaml]\n');
    expect(text).not.toContain('hostCidr');
    expect(text).not.toContain('registry:');
    const [cluster] = loadClusters(clusters);
    expect(cluster.spec.network.hostCidr).toBe('10.20.0.0/24');
    expect(cluster.spec.nfs).toEqual({ server: '10.20.0.5', exportPath: '/srv/nfs/edge' });
    expect(cluster.spec.nodes.map((node) => node.ip)).toEqual(['10.20.0.10', '10.20.0.11']);
  });

  test('fails when --from is not a base file', async () => {
    const err: string[] = [];
    const clusters = folderWithExamples();
    expect(await main(['init', 'x', '--clusters', clusters, '--from', path.join(clusters, 'lab.yaml')], () => undefined, (line) => err.push(line))).toBe(1);
    expect(err.join('\n')).toContain('not a base file (got kind "Cluster", expected ClusterBase)');
  });
});
