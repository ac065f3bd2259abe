import { Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { clusterRoleRef, RBAC_API_GROUP, roleRef, serviceAccountSubject } from '../../src/kube/rbac';

describe('RBAC references', () => {
  test('roleRef refers to a Role of the binding namespace', () => {
    expect(roleRef('pod-lister')).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-lister' });
  });

  test('clusterRoleRef refers to a ClusterRole', () => {
    expect(clusterRoleRef('system:auth-delegator')).toEqual({ apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: 'system:auth-delegator' });
  });

  test('serviceAccountSubject names the namespace', () => {
    expect(serviceAccountSubject('speaker', 'metallb-system')).toEqual({ kind: 'ServiceAccount', name: 'speaker', namespace: 'metallb-system' });
  });

  test('the references fit the generated binding props and render as upstream writes them', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new k8s.KubeClusterRoleBinding(chart, 'Binding', {
      metadata: { name: 'flannel' },
      roleRef: clusterRoleRef('flannel'),
      subjects: [serviceAccountSubject('flannel', 'kube-flannel')],
    });

    // THEN
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'flannel' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
        subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' }],
      },
    ]);
  });

  test('fails when a role name is empty', () => {
    expect(() => roleRef('')).toThrow("roleRef.name: must not be empty (got '')");
    expect(() => clusterRoleRef('')).toThrow("roleRef.name: must not be empty (got '')");
  });

  test('fails when a subject has no namespace', () => {
    expect(() => serviceAccountSubject('speaker', '')).toThrow("subjects[].namespace: must not be empty (got '')");
  });
});
