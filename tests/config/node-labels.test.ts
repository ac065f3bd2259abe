import { clusterWith, exampleCluster } from '../helpers';

describe('resolved node labels', () => {
  test('are the node\'s own labels, sorted by key', () => {
    // GIVEN
    const cluster = clusterWith('lab', (document) => {
      document.spec.nodes[1].labels = { zeta: 'z', 'disk': 'ssd', 'node-role.kubernetes.io/worker': '' };
    });
    // WHEN
    const labels = cluster.spec.nodes[1].labels;
    // THEN
    expect(Object.entries(labels)).toEqual([
      ['disk', 'ssd'],
      ['node-role.kubernetes.io/worker', ''],
      ['zeta', 'z'],
    ]);
    expect(cluster.spec.nodes[0].labels).toEqual({});
  });

  test('on a member, are OpenMCP\'s region and zone beside the node\'s own', () => {
    const cluster = clusterWith('cluster2', (document) => (document.spec.nodes[0].labels = { disk: 'ssd' }));
    expect(cluster.spec.nodes[0].labels).toEqual({
      disk: 'ssd',
      'failure-domain.beta.kubernetes.io/region': 'AS',
      'failure-domain.beta.kubernetes.io/zone': 'KR',
      'topology.kubernetes.io/region': 'AS',
      'topology.kubernetes.io/zone': 'KR',
    });
    expect(exampleCluster('cluster2').spec.nodes[1].labels['topology.kubernetes.io/zone']).toBe('KR');
  });
});
