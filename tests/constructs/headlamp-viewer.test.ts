import { Chart, Testing } from 'cdk8s';
import { HeadlampViewer } from '../../src/constructs/headlamp-viewer';
import { findObject } from '../helpers';

function synth() {
  const chart = new Chart(Testing.app(), 'test');
  new HeadlampViewer(chart, 'Viewer', { namespace: 'headlamp', serviceAccountName: 'headlamp-viewer', clusterRoleName: 'headlamp-readonly' });
  return Testing.synth(chart);
}

describe('HeadlampViewer', () => {
  test('binds the sign-in ServiceAccount to the read-only ClusterRole', () => {
    const objects = synth();
    expect(objects.map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([
      'ServiceAccount headlamp-viewer',
      'ClusterRole headlamp-readonly',
      'ClusterRoleBinding headlamp-readonly',
    ]);
    expect(findObject(objects, 'ClusterRoleBinding', 'headlamp-readonly')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'headlamp-readonly' },
      subjects: [{ kind: 'ServiceAccount', name: 'headlamp-viewer', namespace: 'headlamp' }],
    });
  });

  test('reads, never writes, and never reads Secrets', () => {
    const rules: Array<{ resources: string[]; verbs: string[] }> = findObject(synth(), 'ClusterRole', 'headlamp-readonly').rules;
    expect(new Set(rules.flatMap((rule) => rule.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(rules.flatMap((rule) => rule.resources)).not.toContain('secrets');
    expect(rules.flatMap((rule) => rule.resources).filter((resource) => resource === '*')).toEqual([]);
  });
});
