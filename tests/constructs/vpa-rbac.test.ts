import { Chart, Testing } from 'cdk8s';
import { VpaRbac } from '../../src/constructs/vpa-rbac';
import { findObject } from '../helpers';

function synth(namespace = 'kube-system') {
  const chart = new Chart(Testing.app(), 'test');
  new VpaRbac(chart, 'Rbac', { namespace });
  return Testing.synth(chart);
}

describe('VpaRbac', () => {
  test('one ServiceAccount per component, in the namespace', () => {
    const objects = synth('vpa');
    expect(objects.filter((object) => object.kind === 'ServiceAccount').map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'vpa/vpa-admission-controller',
      'vpa/vpa-recommender',
      'vpa/vpa-updater',
    ]);
  });

  test("binds each component to upstream's ClusterRoles and nothing else", () => {
    // GIVEN
    const objects = synth();

    // WHEN
    const grants = new Map<string, string[]>();
    for (const binding of objects.filter((object) => object.kind === 'ClusterRoleBinding')) {
      expect(findObject(objects, 'ClusterRole', binding.roleRef.name)).toBeDefined();
      for (const subject of binding.subjects) {
        expect(subject).toMatchObject({ kind: 'ServiceAccount', namespace: 'kube-system' });
        grants.set(subject.name, [...(grants.get(subject.name) ?? []), binding.roleRef.name]);
      }
    }

    // THEN
    expect(Object.fromEntries(grants)).toEqual({
      'vpa-recommender': ['system:metrics-reader', 'system:vpa-actor', 'system:vpa-status-actor', 'system:vpa-checkpoint-actor', 'system:vpa-target-reader'],
      'vpa-updater': ['system:vpa-actor', 'system:evictioner', 'system:vpa-target-reader', 'system:vpa-status-reader', 'system:vpa-updater-in-place'],
      'vpa-admission-controller': ['system:vpa-target-reader', 'system:vpa-admission-controller'],
    });
  });

  test('the updater and the recommender may take only their own leader leases', () => {
    const objects = synth();
    for (const component of ['updater', 'recommender']) {
      const role = findObject(objects, 'Role', `system:leader-locking-vpa-${component}`);
      expect(role.metadata.namespace).toBe('kube-system');
      expect(role.rules[1]).toEqual({
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: [`vpa-${component}`, `vpa-${component}-lease`],
        verbs: ['get', 'watch', 'update'],
      });
      expect(findObject(objects, 'RoleBinding', `system:leader-locking-vpa-${component}`).subjects).toEqual([
        { kind: 'ServiceAccount', name: `vpa-${component}`, namespace: 'kube-system' },
      ]);
    }
  });
});
