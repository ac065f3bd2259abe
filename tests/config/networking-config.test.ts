import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ConfigError, formatProblem, loadClusters } from '../../src/config';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE, METALLB_CONTROLLER_IMAGE, METALLB_SPEAKER_IMAGE } from '../../src/versions/images';
import { clusterWith, exampleCluster, exampleDocument, problemsOf } from '../helpers';

describe('networking configuration', () => {
  test('defaults: Flannel on with vxlan and pinned images, MetalLB on because of the pool, DNS forwarded to the master\'s PowerDNS', () => {
    expect(exampleCluster('cluster1').spec.networking).toEqual({
      flannel: { enabled: true, backend: 'vxlan', image: FLANNEL_IMAGE, cniPluginImage: FLANNEL_CNI_PLUGIN_IMAGE },
      metallb: {
        enabled: true,
        pools: [{ name: 'default', addresses: ['10.0.3.200-10.0.3.209'], autoAssign: true }],
        controllerImage: METALLB_CONTROLLER_IMAGE,
        speakerImage: METALLB_SPEAKER_IMAGE,
      },
      dns: { upstreamServers: ['10.0.3.12'] },
    });
  });

  test('the resolved cluster decides whether MetalLB runs: on with pools, off without, as configured when set', () => {
    expect(exampleCluster('lab').spec.networking.metallb.enabled).toBe(true);
    expect(clusterWith('lab', (document) => (document.spec.networking.metallb.enabled = false)).spec.networking.metallb.enabled).toBe(false);
    expect(exampleCluster('lab').spec.networking.dns.upstreamServers).toEqual([]);
  });

  test('a cluster without a networking section gets the defaults', () => {
    const document = exampleDocument('lab');
    delete document.spec.networking;
    expect(problemsOf(document)).toEqual([]);
  });

  test('CIDR pools, several ranges and DNS servers validate', () => {
    const document = exampleDocument('lab');
    document.spec.networking.metallb.pools = [
      { name: 'default', addresses: ['192.168.111.200/29', '192.168.111.210-192.168.111.220'] },
      { name: 'reserved', addresses: ['192.168.111.240-192.168.111.244'], autoAssign: false },
    ];
    document.spec.networking.dns = { upstreamServers: ['192.168.111.1', '8.8.8.8'] };
    document.spec.networking.flannel = { backend: 'host-gw' };
    expect(problemsOf(document)).toEqual([]);
  });
});

/** Each case mutates the lab example (nodes .169-.173, NFS .177 on 192.168.111.0/24) and names the message it must produce. */
const BAD_NETWORKING: Array<[string, (document: any) => void, string]> = [
  [
    'reversed range',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.220-192.168.111.200']),
    'spec.networking.metallb.pools[0].addresses[0]: address range is reversed: its first address comes after its last (got "192.168.111.220-192.168.111.200", expected the lower address first, such as 10.0.3.241-10.0.3.250)',
  ],
  [
    'malformed range',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.220-192.168.111']),
    'spec.networking.metallb.pools[0].addresses[0]: not an IPv4 address range (got "192.168.111.220-192.168.111", expected a CIDR block such as 10.0.3.240/28 or a range first-last such as 10.0.3.241-10.0.3.250)',
  ],
  ['range that is a single address', (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.200']), 'spec.networking.metallb.pools[0].addresses[0]: not an IPv4 address range (got "192.168.111.200"'],
  ['CIDR pool with host bits set', (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.201/29']), 'spec.networking.metallb.pools[0].addresses[0]: not an IPv4 address range'],
  ['pool without addresses', (d) => (d.spec.networking.metallb.pools[0].addresses = []), 'spec.networking.metallb.pools[0].addresses: no address ranges (got [], expected at least one range)'],
  [
    'pool outside the host network',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['10.0.3.241-10.0.3.250']),
    'spec.networking.metallb.pools[0].addresses[0]: address range is outside the host network, where MetalLB announces addresses (got "10.0.3.241-10.0.3.250", expected a range inside spec.network.hostCidr 192.168.111.0/24)',
  ],
  [
    'pool reaching past the host network',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.250-192.168.112.5']),
    'spec.networking.metallb.pools[0].addresses[0]: address range is outside the host network',
  ],
  [
    'pool overlapping a node IP',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.160-192.168.111.169']),
    'spec.networking.metallb.pools[0].addresses[0]: address range includes 192.168.111.169, used by node test-master (spec.nodes[0].ip) (got "192.168.111.160-192.168.111.169", expected a range clear of node IPs, the NFS server and the API endpoint)',
  ],
  [
    'pool overlapping the NFS server',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.176/30']),
    'spec.networking.metallb.pools[0].addresses[0]: address range includes 192.168.111.177, used by the NFS server (spec.nfs.server)',
  ],
  [
    'pool overlapping the API endpoint',
    (d) => {
      d.spec.controlPlaneEndpoint = '192.168.111.100:6443';
      d.spec.networking.metallb.pools[0].addresses = ['192.168.111.100-192.168.111.110'];
    },
    'address range includes 192.168.111.100, used by the API endpoint (spec.controlPlaneEndpoint)',
  ],
  [
    'pool holding the broadcast address',
    (d) => (d.spec.networking.metallb.pools[0].addresses = ['192.168.111.250-192.168.111.255']),
    'spec.networking.metallb.pools[0].addresses[0]: address range includes the network or broadcast address of the host network (got "192.168.111.250-192.168.111.255", expected a range between 192.168.111.1 and 192.168.111.254)',
  ],
  [
    'pools overlapping each other',
    (d) => d.spec.networking.metallb.pools.push({ name: 'second', addresses: ['192.168.111.216/29'] }),
    'spec.networking.metallb.pools[1].addresses[0]: address range overlaps 192.168.111.200-192.168.111.220 of spec.networking.metallb.pools[0].addresses[0] (got "192.168.111.216/29", expected a range disjoint from every other pool range)',
  ],
  [
    'ranges of one pool overlapping',
    (d) => d.spec.networking.metallb.pools[0].addresses.push('192.168.111.220-192.168.111.230'),
    'spec.networking.metallb.pools[0].addresses[1]: address range overlaps 192.168.111.200-192.168.111.220 of spec.networking.metallb.pools[0].addresses[0]',
  ],
  [
    'duplicate pool name',
    (d) => d.spec.networking.metallb.pools.push({ name: 'default', addresses: ['192.168.111.230-192.168.111.239'] }),
    'spec.networking.metallb.pools[1].name: duplicate pool name, already used by spec.networking.metallb.pools[0] (got "default", expected a pool name unique in the cluster)',
  ],
  ['pool name that is no DNS label', (d) => (d.spec.networking.metallb.pools[0].name = 'Default Pool'), 'spec.networking.metallb.pools[0].name: not a valid DNS label'],
  ['unknown Flannel backend', (d) => (d.spec.networking.flannel = { backend: 'udp' }), 'spec.networking.flannel.backend: not an allowed value (got "udp", expected "vxlan" or "host-gw")'],
  ['unpinned Flannel image', (d) => (d.spec.networking.flannel = { image: 'ghcr.io/flannel-io/flannel:latest' }), 'spec.networking.flannel.image: the latest tag is not pinned'],
  ['DNS server that is no IPv4 address', (d) => (d.spec.networking.dns = { upstreamServers: ['dns.example.org'] }), 'spec.networking.dns.upstreamServers[0]: not a valid IPv4 address (got "dns.example.org"'],
  ['typo in the MetalLB section', (d) => (d.spec.networking.metallb.pool = []), 'spec.networking.metallb.pool: unknown field (expected one of enabled, pools, controllerImage, speakerImage)'],
  ['typo in the networking section', (d) => (d.spec.networking.flanel = {}), 'spec.networking.flanel: unknown field (expected one of flannel, metallb, dns)'],
];

describe.each(BAD_NETWORKING)('fails on %s', (_name, mutate, expected) => {
  test('with a message naming the field', () => {
    const document = exampleDocument('lab');
    mutate(document);
    expect(problemsOf(document)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

describe('pools across clusters', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

  /** Loads cluster1 and cluster2 from a temporary folder after `mutate`; returns the formatted problems. */
  function fleetProblems(mutate: (cluster1: any, cluster2: any) => void): string[] {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-fleet-'));
    folders.push(folder);
    const cluster1 = exampleDocument('cluster1');
    const cluster2 = exampleDocument('cluster2');
    // Without their OpenMCP master in the folder, the members are plain clusters here.
    delete cluster1.spec.openmcp;
    delete cluster2.spec.openmcp;
    mutate(cluster1, cluster2);
    // The members trust the master registry's CA, named relative to the cluster files.
    fs.cpSync(path.join(__dirname, '../../clusters/certs'), path.join(folder, 'certs'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'cluster1.yaml'), yaml.dump(cluster1));
    fs.writeFileSync(path.join(folder, 'cluster2.yaml'), yaml.dump(cluster2));
    try {
      loadClusters(folder);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems.map((problem) => formatProblem({ ...problem, file: path.basename(problem.file) }));
    }
  }

  test('the example members share 10.0.3.0/24 without colliding', () => {
    expect(fleetProblems(() => undefined)).toEqual([]);
  });

  test('fails when a pool overlaps a pool of another cluster on the same host network', () => {
    const problems = fleetProblems((_cluster1, cluster2) => (cluster2.spec.networking.metallb.pools[0].addresses = ['10.0.3.205-10.0.3.214']));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'cluster2.yaml:14: spec.networking.metallb.pools[0].addresses[0]: address range overlaps 10.0.3.200-10.0.3.209, a MetalLB pool of cluster cluster1 on the same host network (spec.networking.metallb.pools[0].addresses[0] in ',
    );
    expect(problems[0]).toContain('(got "10.0.3.205-10.0.3.214", expected a range disjoint from the pools of every cluster on the same host network)');
  });

  test('fails when a pool holds a node IP of another cluster on the same host network', () => {
    const problems = fleetProblems((cluster1) => (cluster1.spec.networking.metallb.pools[0].addresses = ['10.0.3.48/29']));
    expect(problems).toEqual([
      expect.stringContaining('cluster1.yaml:14: spec.networking.metallb.pools[0].addresses[0]: address range includes 10.0.3.50, used by node cluster2-master (spec.nodes[0].ip) of cluster cluster2'),
      expect.stringContaining('address range includes 10.0.3.51, used by node cluster2-worker1'),
      expect.stringContaining('address range includes 10.0.3.52, used by node cluster2-worker2'),
    ]);
  });

  test('clusters on different host networks may use the same range', () => {
    expect(
      fleetProblems((cluster1, cluster2) => {
        cluster2.spec.network.hostCidr = '10.0.4.0/24';
        cluster2.spec.nodes.forEach((node: any) => (node.ip = node.ip.replace('10.0.3.', '10.0.4.')));
        cluster2.spec.networking.metallb.pools[0].addresses = cluster1.spec.networking.metallb.pools[0].addresses.map((range: string) => range.replace(/10\.0\.3\./g, '10.0.4.'));
        cluster1.spec.networking.metallb.pools[0].addresses = ['10.0.3.200-10.0.3.209'];
      }),
    ).toEqual([]);
  });
});
