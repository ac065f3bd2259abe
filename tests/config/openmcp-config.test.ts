import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ConfigError, formatProblem, loadClusters } from '../../src/config';
import { openMcpDnsServers, openMcpMasterSettings, openMcpNodeLabels } from '../../src/config/openmcp';
import { ISO_3166_ALPHA2_CODES } from '../../src/config/openmcp-regions';
import { OPENMCP_BASIC_CONTROLLERS } from '../../src/versions/component-options';
import { clusterWith, exampleCluster, exampleDocument, problemsOf } from '../helpers';

/** Loads the example folder after mutating some of its documents; returns the formatted problems. */
function fleetProblems(mutate: Record<string, (document: any) => void>): string[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-openmcp-'));
  try {
    // The registry CA the example files name, relative to them.
    fs.cpSync(path.join(__dirname, '../../clusters/certs'), path.join(directory, 'certs'), { recursive: true });
    for (const name of ['cluster1', 'cluster2', 'lab', 'openmcp']) {
      const document = exampleDocument(name);
      mutate[name]?.(document);
      fs.writeFileSync(path.join(directory, `${name}.yaml`), yaml.dump(document));
    }
    loadClusters(directory);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) {
      // Lines are tested in problem-causes.test.ts; these cases are about which problems are found.
      return error.problems.map((problem) => formatProblem({ ...problem, file: path.basename(problem.file), line: undefined }).split(`${directory}${path.sep}`).join(''));
    }
    throw error;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

describe('openmcp configuration', () => {
  test('the master: seed 001\'s basic controllers, NodePorts 30000 to 30004 and upstream\'s settings by default', () => {
    const openmcp = exampleCluster('openmcp').spec.openmcp;
    expect(openmcp).toMatchObject({
      role: 'master',
      installType: 'learning',
      members: ['cluster1', 'cluster2'],
      controllers: [...OPENMCP_BASIC_CONTROLLERS],
      clusterAdmin: false,
      apiServerNodePort: 30000,
      analyticEngineNodePort: 30001,
      metricCollectorNodePort: 30002,
      influxDbNodePort: 30003,
      loadBalancingControllerNodePort: 30004,
      metricCollectorExternalPort: 3212,
      lbControllerExternalIp: '10.0.3.241',
      powerDns: { internalIp: '10.0.3.12', apiPort: 8081, externalDnsPort: 5353, apiKeySecretName: 'powerdns-api-key', forwardClusterDns: true },
      exampleApp: false,
    });
    expect(openmcp?.role === 'master' && openmcp.policies.lbScoringWeight).toEqual({
      geoRate: 0.3, period: 5, regionZoneMatchedScore: 200, onlyRegionMatchedScore: 100, noRegionZoneMatchedScore: 0,
    });
  });

  test('members carry their master\'s settings once the folder is loaded, the external IP defaulting to the first control-plane node', () => {
    const member = exampleCluster('cluster1').spec.openmcp;
    expect(member).toMatchObject({ role: 'member', master: 'openmcp', region: 'AS', zone: 'KR', outsideMasterNetwork: false });
    expect(member?.role === 'member' && member.masterSettings).toEqual({
      clusterName: 'openmcp',
      externalIp: '10.0.3.30',
      metricCollectorNodePort: 30002,
      metricCollectorExternalPort: 3212,
      powerDnsIp: '10.0.3.12',
      forwardDnsToPowerDns: true,
    });
    expect(Object.isFrozen(member)).toBe(true);
    const master = clusterWith('openmcp', (document) => (document.spec.openmcp.externalIp = '203.0.113.7'));
    expect(openMcpMasterSettings(master).externalIp).toBe('203.0.113.7');
    // A master carries its own settings, as its members see them, from loading on.
    expect(master.spec.openmcp?.role === 'master' && master.spec.openmcp.masterSettings.externalIp).toBe('203.0.113.7');
  });

  test('clusters without OpenMCP have no section, no node labels and no PowerDNS forwarding', () => {
    const lab = exampleCluster('lab');
    expect(lab.spec.openmcp).toBeUndefined();
    expect(openMcpNodeLabels(lab)).toEqual({});
    expect(openMcpDnsServers(lab)).toEqual([]);
  });

  test('openMcpNodeLabels gives every node of a member its region and zone under the topology keys and the failure-domain keys the scheduler reads', () => {
    expect(openMcpNodeLabels(exampleCluster('cluster2'))).toEqual({
      'failure-domain.beta.kubernetes.io/region': 'AS',
      'failure-domain.beta.kubernetes.io/zone': 'KR',
      'topology.kubernetes.io/region': 'AS',
      'topology.kubernetes.io/zone': 'KR',
    });
    expect(openMcpNodeLabels(exampleCluster('openmcp'))).toEqual({});
  });

  test('CoreDNS forwards to PowerDNS on the master and its members, unless DNS servers are configured or switched off', () => {
    const master = exampleCluster('openmcp');
    expect(master.spec.networking.dns.upstreamServers).toEqual(['10.0.3.12']);
    expect(openMcpDnsServers(exampleCluster('cluster1'))).toEqual(['10.0.3.12']);
    expect(exampleCluster('cluster1').spec.networking.dns.upstreamServers).toEqual(['10.0.3.12']);
    const configured = clusterWith('openmcp', (document) => (document.spec.networking.dns = { upstreamServers: ['10.0.3.1'] }));
    expect(configured.spec.networking.dns.upstreamServers).toEqual(['10.0.3.1']);
    const off = clusterWith('openmcp', (document) => (document.spec.openmcp.powerDns.forwardClusterDns = false));
    expect(openMcpDnsServers(off)).toEqual([]);
    expect(off.spec.networking.dns.upstreamServers).toEqual([]);
    const outside = clusterWith('cluster1', (document) => (document.spec.openmcp.outsideMasterNetwork = true));
    expect(openMcpDnsServers(outside)).toEqual([]);
    expect(outside.spec.networking.dns.upstreamServers).toEqual([]);
  });

  test('zones are the 249 assigned ISO 3166-1 alpha-2 codes', () => {
    expect(ISO_3166_ALPHA2_CODES.size).toBe(249);
    for (const zone of ['KR', 'JP', 'US', 'DE', 'GB', 'AQ']) {
      expect(problemsOf(withMember((openmcp) => (openmcp.zone = zone)), 'cluster1')).toEqual([]);
    }
  });
});

function withMember(mutate: (openmcp: any) => void): any {
  const document = exampleDocument('cluster1');
  mutate(document.spec.openmcp);
  return document;
}

function withMaster(mutate: (document: any) => void): any {
  const document = exampleDocument('openmcp');
  mutate(document);
  return document;
}

/** One file at a time: each case names the message it must produce. */
const BAD_FILES: Array<[string, string, any, string]> = [
  ['a region that is no OpenMCP region', 'cluster1', withMember((o) => (o.region = 'OC')), 'cluster1.yaml:37: spec.openmcp.region: not an allowed value (got "OC", expected "AS" or "AF" or "AN" or "EU" or "NA" or "SA")'],
  ['a reserved zone code', 'cluster1', withMember((o) => (o.zone = 'UK')), 'spec.openmcp.zone: not an ISO 3166-1 alpha-2 country code (got "UK", expected an assigned code in capitals, such as KR, JP or DE)'],
  ['a zone in lower case', 'cluster1', withMember((o) => (o.zone = 'kr')), 'spec.openmcp.zone: not an ISO 3166-1 alpha-2 country code (got "kr"'],
  ['an unknown role', 'cluster1', withMember((o) => (o.role = 'worker')), 'spec.openmcp.role: not an allowed value (got "worker", expected "master" or "member")'],
  ['a master field on a member', 'cluster1', withMember((o) => (o.members = ['cluster2'])), 'spec.openmcp.members: unknown field (expected one of role, master, region, zone, outsideMasterNetwork, metricCollectorImage, customMetricsImage, vpa)'],
  ['an unknown PowerDNS field', 'openmcp', withMaster((d) => (d.spec.openmcp.powerDns.apiKey = '1234')), 'spec.openmcp.powerDns.apiKey: unknown field (expected one of internalIp, externalIp, apiPort, externalDnsPort, apiKeySecretName, forwardClusterDns)'],
  ['a member that is its own master', 'cluster1', withMember((o) => (o.master = 'cluster1')), 'spec.openmcp.master: a member cannot be its own master (got "cluster1"'],
  ['a member without a MetalLB pool', 'cluster1', (() => { const d = exampleDocument('cluster1'); d.spec.networking.metallb.pools = []; return d; })(), 'spec.networking.metallb.pools: an OpenMCP member needs a MetalLB pool of its own'],
  ['a member whose ingress controller has no LoadBalancer address', 'cluster1', (() => { const d = exampleDocument('cluster1'); d.spec.ingress = { serviceType: 'NodePort' }; return d; })(), 'spec.ingress.serviceType: an OpenMCP member\'s ingress controller needs a LoadBalancer address: OpenMCP\'s DNS records point at the address it publishes into each Ingress\'s status (got "NodePort", expected LoadBalancer (an address from the member\'s MetalLB pool))'],
  ['a member without metrics-server', 'cluster1', (() => { const d = exampleDocument('cluster1'); d.spec.metrics = { metricsServer: { enabled: false } }; return d; })(), 'spec.metrics.metricsServer.enabled: an OpenMCP member needs metrics-server'],
  ['a node label that contradicts the zone', 'cluster1', (() => { const d = exampleDocument('cluster1'); d.spec.nodes[1].labels = { 'topology.kubernetes.io/zone': 'JP' }; return d; })(), 'spec.nodes[1].labels["topology.kubernetes.io/zone"]: contradicts the OpenMCP placement of the cluster, which labels every node (got "JP", expected "KR" (spec.openmcp.zone) or no such label)'],
  ['a master NodePort that clashes with another NodePort', 'openmcp', withMaster((d) => (d.spec.ingress = { httpNodePort: 30003 })), 'spec.openmcp.influxDbNodePort: NodePort already used by spec.ingress.httpNodePort (got 30003, expected a NodePort unique in the cluster)'],
  ['a master NodePort outside the range', 'openmcp', withMaster((d) => (d.spec.openmcp.apiServerNodePort = 8080)), 'spec.openmcp.apiServerNodePort: outside the NodePort range (got 8080, expected an integer from 30000 to 32767)'],
  ['a load-balancing address outside every pool', 'openmcp', withMaster((d) => (d.spec.openmcp.lbControllerExternalIp = '10.0.3.200')), 'spec.openmcp.lbControllerExternalIp: address is in no MetalLB pool of the cluster, so MetalLB cannot assign it (got "10.0.3.200", expected an address in 10.0.3.241-10.0.3.250)'],
  ['the ingress controller without a load-balancing address', 'openmcp', withMaster((d) => delete d.spec.openmcp.lbControllerExternalIp), 'spec.openmcp.lbControllerExternalIp: required with openmcp-ingress-controller'],
  ['LoadBalancer controllers without a MetalLB pool', 'openmcp', withMaster((d) => { d.spec.networking.metallb.pools = []; delete d.spec.openmcp.lbControllerExternalIp; d.spec.openmcp.controllers = ['openmcp-loadbalancing-controller']; }), 'spec.networking.metallb.pools: OpenMCP\'s openmcp-loadbalancing-controller needs a LoadBalancer address, but MetalLB has no pool'],
  ['the load-balancing controller without Istio', 'openmcp', withMaster((d) => delete d.spec.openmcp.istioInstalled), 'spec.openmcp.controllers[5]: openmcp-loadbalancing-controller needs Istio on the master: it creates and updates networking.istio.io VirtualServices and DestinationRules and forwards to istio-system/istio-ingressgateway (got "openmcp-loadbalancing-controller", expected spec.openmcp.istioInstalled: true once Istio runs on the master, or the controller left out of spec.openmcp.controllers)'],
  ['a controller listed twice', 'openmcp', withMaster((d) => (d.spec.openmcp.controllers = ['openmcp-scheduler', 'openmcp-scheduler'])), 'spec.openmcp.controllers[1]: controller listed twice'],
  ['the cluster manager, which joins members by scripts hanok replaces', 'openmcp', withMaster((d) => (d.spec.openmcp.controllers = ['openmcp-scheduler', 'openmcp-cluster-manager'])), 'spec.openmcp.controllers[1]: openmcp-cluster-manager cannot be enabled: it joins members by rewriting /mnt/config and running upstream\'s install scripts from /init, which hanok replaces with the member layers, the OpenMCPCluster records of the master and scripts/node/openmcp-join.sh (got "openmcp-cluster-manager", expected the other controllers; remove openmcp-cluster-manager)'],
  ['an unknown controller', 'openmcp', withMaster((d) => (d.spec.openmcp.controllers = ['openmcp-fantasy-controller'])), 'spec.openmcp.controllers[0]: not an allowed value (got "openmcp-fantasy-controller"'],
  ['a member listed twice', 'openmcp', withMaster((d) => (d.spec.openmcp.members = ['cluster1', 'cluster1'])), 'spec.openmcp.members[1]: member listed twice'],
  ['a master that is its own member', 'openmcp', withMaster((d) => (d.spec.openmcp.members = ['openmcp'])), 'spec.openmcp.members[0]: a master cannot be its own member'],
  ['a HAS target cluster that is no member', 'openmcp', withMaster((d) => (d.spec.openmcp.policies = { hasTargetClusters: ['lab'] })), 'spec.openmcp.policies.hasTargetClusters[0]: not a member of this master (got "lab", expected one of spec.openmcp.members (cluster1, cluster2))'],
  ['a metrics weight above 1', 'openmcp', withMaster((d) => (d.spec.openmcp.policies = { analyticMetricsWeight: { cpu: 2, memory: 0.2, fs: 0.2, net: 0.8, latency: 0.5 } })), 'spec.openmcp.policies.analyticMetricsWeight.cpu: too large (got 2, expected at most 1)'],
  ['a master without PowerDNS', 'openmcp', withMaster((d) => delete d.spec.openmcp.powerDns), 'spec.openmcp.powerDns: required field is missing'],
  ['an unpinned controller image', 'openmcp', withMaster((d) => (d.spec.openmcp.images = { 'openmcp-scheduler': 'ketidevit2/openmcp-scheduler:latest' })), 'spec.openmcp.images.openmcp-scheduler: the latest tag is not pinned'],
];

describe('openmcp configuration fails', () => {
  test.each(BAD_FILES)('fails on %s', (_name, cluster, document, message) => {
    expect(problemsOf(document, cluster).join('\n')).toContain(message);
  });
});

describe('openmcp across cluster files fails', () => {
  test('fails when a member names an unknown master', () => {
    expect(fleetProblems({ cluster1: (d) => (d.spec.openmcp.master = 'openmcp2') })).toEqual([
      'cluster1.yaml: spec.openmcp.master: no cluster file of this name (got "openmcp2", expected the name of a cluster with role master (openmcp))',
      'openmcp.yaml: spec.openmcp.members[0]: cluster cluster1 names openmcp2 as its master (cluster1.yaml) (got "cluster1", expected a member whose spec.openmcp.master is openmcp)',
    ]);
  });

  test('fails when a member\'s master is not a master', () => {
    const problems = fleetProblems({ cluster1: (d) => (d.spec.openmcp.master = 'lab') });
    expect(problems).toContain('cluster1.yaml: spec.openmcp.master: cluster lab is not an OpenMCP master (lab.yaml) (got "lab", expected a cluster with spec.openmcp.role master)');
  });

  test('fails when the master does not list its member', () => {
    expect(fleetProblems({ openmcp: (d) => (d.spec.openmcp.members = ['cluster1']) })).toEqual([
      'cluster2.yaml: spec.openmcp.master: master openmcp does not list this cluster in spec.openmcp.members (openmcp.yaml) (got "openmcp", expected a master whose members include cluster2)',
    ]);
  });

  test('fails when a master lists an unknown member', () => {
    expect(fleetProblems({ openmcp: (d) => d.spec.openmcp.members.push('cluster3') })).toEqual([
      'openmcp.yaml: spec.openmcp.members[2]: no cluster file of this name (got "cluster3", expected the name of a cluster with role member)',
    ]);
  });

  test('fails when a master lists a cluster that is no member', () => {
    expect(fleetProblems({ openmcp: (d) => d.spec.openmcp.members.push('lab') })).toEqual([
      'openmcp.yaml: spec.openmcp.members[2]: cluster lab is not an OpenMCP member (lab.yaml) (got "lab", expected a cluster with spec.openmcp.role member)',
    ]);
  });

  test('fails when a member\'s pool overlaps the master\'s pool on the shared network', () => {
    const problems = fleetProblems({ cluster2: (d) => (d.spec.networking.metallb.pools[0].addresses = ['10.0.3.245-10.0.3.249']) });
    expect(problems.join('\n')).toContain(
      'openmcp.yaml: spec.networking.metallb.pools[0].addresses[0]: address range overlaps 10.0.3.245-10.0.3.249, a MetalLB pool of cluster cluster2',
    );
  });

  test('the example folder has no problems', () => {
    expect(fleetProblems({})).toEqual([]);
  });
});
