import { Chart, Testing } from 'cdk8s';
import { MetricsServerRbac } from '../../src/constructs/metrics-server-rbac';
import { findObject } from '../helpers';

describe('MetricsServerRbac', () => {
  test('grants what an aggregated API server needs, bound to its ServiceAccount', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');

    // WHEN
    new MetricsServerRbac(chart, 'Rbac', { serviceAccountName: 'metrics-server', namespace: 'kube-system', labels: {} });
    const objects = Testing.synth(chart);

    // THEN
    const subject = { kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' };
    expect(findObject(objects, 'RoleBinding', 'metrics-server-auth-reader')).toMatchObject({
      metadata: { namespace: 'kube-system' },
      roleRef: { kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [subject],
    });
    expect(findObject(objects, 'ClusterRoleBinding', 'metrics-server:system:auth-delegator')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [subject],
    });
    expect(findObject(objects, 'ClusterRoleBinding', 'system:metrics-server').roleRef.name).toBe('system:metrics-server');
    expect(findObject(objects, 'ClusterRole', 'system:aggregated-metrics-reader').metadata.labels).toMatchObject({
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
    });
  });
});
