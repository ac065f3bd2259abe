import { nodeLabels } from '../../src/config/node-labels';
import { isKubeletSettableLabel } from '../../src/kube/names';
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

describe('isKubeletSettableLabel', () => {
  test.each([
    ['disk', true],
    ['example.org/rack', true],
    ['topology.kubernetes.io/region', true],
    ['topology.kubernetes.io/zone', true],
    ['failure-domain.beta.kubernetes.io/zone', true],
    ['node.kubernetes.io/instance-type', true],
    ['kubelet.kubernetes.io/custom', true],
    ['x.node.kubernetes.io/custom', true],
    ['node-role.kubernetes.io/worker', false],
    ['kubernetes.io/role', false],
    ['app.kubernetes.io/name', false],
    ['k8s.io/anything', false],
  ])('%s: %s', (key, settable) => {
    expect(isKubeletSettableLabel(key)).toBe(settable);
  });
});
