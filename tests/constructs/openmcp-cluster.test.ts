import { Chart, Testing } from 'cdk8s';
import { OpenMcpCluster, OpenMcpClusterProps } from '../../src/constructs/openmcp-cluster';

function synth(props: OpenMcpClusterProps) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpCluster(chart, 'Cluster', props);
  return Testing.synth(chart)[0];
}

const MINIMAL: OpenMcpClusterProps = { clusterName: 'cluster1', serverIp: '10.0.3.40', region: 'AS', zone: 'KR' };

describe('OpenMcpCluster', () => {
  test('minimal: a JOIN record in namespace openmcp, where the scheduler lists OpenMCPClusters', () => {
    // GIVEN / WHEN
    const object = synth(MINIMAL);
    // THEN
    expect(object).toMatchSnapshot();
    expect(object).toMatchObject({ apiVersion: 'openmcp.k8s.io/v1alpha1', kind: 'OpenMCPCluster', metadata: { name: 'cluster1', namespace: 'openmcp' } });
    // The fields as the Go type names them (apis/cluster/v1alpha1/types.go), not as cdk8s would camel-case them.
    expect(object.spec).toEqual({
      serverIP: '10.0.3.40',
      clusterPlatformType: 'On-Premise',
      clusterNetworkLocation: 'internal',
      joinStatus: 'JOIN',
      nodeInfo: { region: 'AS', zone: 'KR' },
    });
  });

  test('all props', () => {
    const all: Required<OpenMcpClusterProps> = {
      ...MINIMAL,
      networkLocation: 'external',
      metalLbRange: { addressFrom: '10.0.3.200', addressTo: '10.0.3.209' },
      namespace: 'federation',
    };
    const object = synth(all);
    expect(object).toMatchSnapshot();
    expect(object.spec.metalLBRange).toEqual({ addressFrom: '10.0.3.200', addressTo: '10.0.3.209' });
    expect(object.spec.clusterNetworkLocation).toBe('external');
  });

  test.each([
    ['a name that is no DNS label', { clusterName: 'Cluster_1' }, "OpenMCPCluster: 'clusterName' must be a cluster name (a DNS label)"],
    ['a server that is no address', { serverIp: 'https://10.0.3.40:6443' }, "OpenMCPCluster 'cluster1': 'serverIp' must be the IPv4 address or host name of the member's API server"],
    ['a lower-case region', { region: 'as' }, "OpenMCPCluster 'cluster1': 'region' must be a two-letter code such as AS"],
    ['a bad address range', { metalLbRange: { addressFrom: '10.0.3.200', addressTo: 'x' } }, "OpenMCPCluster 'cluster1': 'metalLbRange' must hold two IPv4 addresses"],
  ])('fails on %s', (_name, overrides, message) => {
    expect(() => synth({ ...MINIMAL, ...overrides })).toThrow(message);
  });
});
