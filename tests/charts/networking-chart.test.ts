import { hasNetworking, NetworkingChart } from '../../src/charts/networking-chart';
import { buildPlatform } from '../../src/charts/platform';
import { orderCharts } from '../../src/charts/chart-order';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, findObject, newApp, synthObjects, ownWarnings } from '../helpers';

function networkingObjects(cluster: ReturnType<typeof exampleCluster>) {
  const chart = new NetworkingChart(newApp(), 'networking', { network: cluster.spec.network, networking: cluster.spec.networking });
  return { chart, objects: synthObjects(chart) };
}

describe('NetworkingChart', () => {
  test('openmcp: Flannel over the pod CIDR, MetalLB with the seed 001 pool, CoreDNS forwarding to PowerDNS', () => {
    // GIVEN
    const cluster = exampleCluster('openmcp');
    // WHEN
    const { objects, chart } = networkingObjects(cluster);
    // THEN
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'kube-flannel-cfg').data['net-conf.json']).Network).toBe(cluster.spec.network.podCidr);
    expect(findObject(objects, 'IPAddressPool', 'openmcp').spec.addresses).toEqual(['10.0.3.241-10.0.3.250']);
    expect(findObject(objects, 'ConfigMap', 'coredns').data.Corefile).toContain('forward . 10.0.3.12 {');
    expect(chart.metalLb?.pools.map((pool) => pool.name)).toEqual(['openmcp']);
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'networking', 'app.kubernetes.io/managed-by': 'hanok' });
    }
  });

  test('every example cluster\'s pools match its configuration', () => {
    for (const name of ['cluster1', 'cluster2', 'lab', 'openmcp']) {
      const cluster = exampleCluster(name);
      const { objects } = networkingObjects(cluster);
      const pools = objects.filter((object) => object.kind === 'IPAddressPool').map((object: any) => ({ name: object.metadata.name, addresses: object.spec.addresses, autoAssign: object.spec.autoAssign }));
      expect(pools).toEqual(cluster.spec.networking.metallb.pools);
    }
  });

  test('namespaces allow the privileged Pod Security level their host-network pods need', () => {
    const { objects } = networkingObjects(exampleCluster('lab'));
    expect(findObject(objects, 'Namespace', 'kube-flannel').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(findObject(objects, 'Namespace', 'metallb-system').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('host-gw backend and DNS forwarding from the configuration', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.network.clusterDomain = 'lab.local';
      document.spec.networking.flannel = { backend: 'host-gw' };
      document.spec.networking.dns = { upstreamServers: ['192.168.111.1'] };
    });
    const { objects } = networkingObjects(cluster);
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'kube-flannel-cfg').data['net-conf.json']).Backend).toEqual({ Type: 'host-gw' });
    const corefile = findObject(objects, 'ConfigMap', 'coredns').data.Corefile;
    expect(corefile).toContain('kubernetes lab.local in-addr.arpa ip6.arpa {');
    expect(corefile).toContain('forward . 192.168.111.1 {');
  });

  test('MetalLB is on when pools are given, off without them, and can be forced either way', () => {
    expect(exampleCluster('lab').spec.networking.metallb.enabled).toBe(true);
    expect(clusterWith('lab', (document) => (document.spec.networking.metallb.pools = [])).spec.networking.metallb.enabled).toBe(false);
    expect(clusterWith('lab', (document) => (document.spec.networking.metallb = { enabled: true, pools: [] })).spec.networking.metallb.enabled).toBe(true);
    const { objects } = networkingObjects(clusterWith('lab', (document) => (document.spec.networking.metallb.enabled = false)));
    expect(objects.some((object) => object.metadata.namespace === 'metallb-system' || object.kind === 'CustomResourceDefinition')).toBe(false);
  });

  test('without Flannel, MetalLB or DNS forwarding the layer is left out', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.networking = { flannel: { enabled: false }, metallb: { enabled: false } };
    });
    expect(hasNetworking(cluster.spec.networking)).toBe(false);
    expect(buildPlatform(newApp(), cluster).charts.map((chart) => chart.node.id)).not.toContain('networking');
  });

  test('is applied first: every other layer depends on it', () => {
    const charts = orderCharts(buildPlatform(newApp(), exampleCluster('lab')).charts);
    expect(charts[0].node.id).toBe('networking');
    for (const chart of charts.slice(1)) {
      expect(chart.node.dependencies.map((dependency) => dependency.node.id)).toContain('networking');
    }
    expect(synthesizeCluster(exampleCluster('lab')).manifests[0].name).toBe('01-networking.yaml');
  });

  test('every example cluster passes the output checks with the layer on', () => {
    for (const name of ['cluster1', 'cluster2', 'lab', 'openmcp']) {
      const output = synthesizeCluster(exampleCluster(name));
      expect(output.check.failures).toEqual([]);
      expect(ownWarnings(output.check.warnings)).toEqual([]);
      expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace: 'metallb-system', name: 'memberlist', keys: { secretkey: expect.any(String) } }));
    }
  });
});
