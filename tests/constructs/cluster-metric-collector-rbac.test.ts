import { Chart, Testing } from 'cdk8s';
import { ClusterMetricCollectorRbac } from '../../src/constructs/cluster-metric-collector-rbac';
import { findObject } from '../helpers';

describe('ClusterMetricCollectorRbac', () => {
  test('reads metrics cluster-wide, writes custom metrics only through the service proxy of their namespace', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');

    // WHEN
    new ClusterMetricCollectorRbac(chart, 'Rbac', { name: 'collector', namespace: 'openmcp', customMetricsNamespace: 'custom-metrics', labels: {} });
    const objects = Testing.synth(chart);

    // THEN
    expect(objects.map((object) => `${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`)).toEqual([
      'ServiceAccount openmcp/collector',
      'ClusterRole -/collector',
      'Role custom-metrics/collector-custom-metrics-writer',
      'RoleBinding custom-metrics/collector-custom-metrics-writer',
      'ClusterRoleBinding -/collector',
      'Role openmcp/collector-leader-election',
      'RoleBinding openmcp/collector-leader-election',
    ]);
    expect(findObject(objects, 'Role', 'collector-custom-metrics-writer').rules).toEqual([{ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'] }]);
    for (const binding of objects.filter((object) => object.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'collector', namespace: 'openmcp' }]);
      expect(binding.roleRef.name).toBe(binding.metadata.name);
    }
  });
});
