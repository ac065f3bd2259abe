import { nodeLabels } from '../../src/config/node-labels';
import { clusterWith } from '../helpers';

describe('nodeLabels', () => {
  test('are the node\'s own labels, sorted by key', () => {
    // GIVEN
    const cluster = clusterWith('lab', (document) => {
      document.spec.nodes[1].labels = { zeta: 'z', 'disk': 'ssd', 'node-role.kubernetes.io/worker': '' };
    });
    // WHEN
    const labels = nodeLabels(cluster, cluster.spec.nodes[1]);
    // THEN
    expect(Object.entries(labels)).toEqual([
      ['disk', 'ssd'],
      ['node-role.kubernetes.io/worker', ''],
      ['zeta', 'z'],
    ]);
    expect(nodeLabels(cluster, cluster.spec.nodes[0])).toEqual({});
  });
});
