import { Chart, Testing } from 'cdk8s';
import { PrometheusDiscoveryRbac } from '../../src/constructs/prometheus-rbac';
import { findObject } from '../helpers';

describe('PrometheusDiscoveryRbac', () => {
  test('a ClusterRole per namespace and server, bound to the server ServiceAccount, read-only', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');

    // WHEN
    const rbac = new PrometheusDiscoveryRbac(chart, 'Rbac', { name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } });
    const objects = Testing.synth(chart);

    // THEN
    expect(rbac.serviceAccountName).toBe('prometheus');
    expect(objects.map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([
      'ServiceAccount prometheus',
      'ClusterRole monitoring-prometheus',
      'ClusterRoleBinding monitoring-prometheus',
    ]);
    const rules: Array<{ verbs: string[]; nonResourceURLs?: string[] }> = findObject(objects, 'ClusterRole', 'monitoring-prometheus').rules;
    expect(new Set(rules.flatMap((rule) => rule.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(rules[2]).toEqual({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
    expect(findObject(objects, 'ClusterRoleBinding', 'monitoring-prometheus').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
    ]);
  });
});
