import { Chart, Testing } from 'cdk8s';
import { OpenMcpControllerRbac, OpenMcpControllerRbacProps } from '../../src/constructs/openmcp-controller-rbac';
import { synthWarningsOf } from '../../src/constructs/synth-warning';
import { findObject } from '../helpers';

const ACCOUNTS = [
  { serviceAccountName: 'openmcp-scheduler', namespace: 'openmcp' },
  { serviceAccountName: 'openmcp-sync-controller', namespace: 'openmcp' },
];

function synth(props: OpenMcpControllerRbacProps) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpControllerRbac(chart, 'Rbac', props);
  return { chart, objects: Testing.synth(chart) };
}

describe('OpenMcpControllerRbac', () => {
  test('minimal: one ClusterRole of what the controllers manage, bound to each controller, and no cluster-admin', () => {
    // GIVEN / WHEN
    const { objects, chart } = synth({ serviceAccounts: ACCOUNTS, openMcpResources: ['openmcpdeployments', 'syncs'] });
    // THEN
    expect(objects).toMatchSnapshot();
    const role = findObject(objects, 'ClusterRole', 'openmcp-controller');
    expect(role.rules[0]).toEqual({ apiGroups: ['openmcp.k8s.io'], resources: ['openmcpdeployments', 'syncs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
    expect(role.rules[1]).toEqual({ apiGroups: ['openmcp.k8s.io'], resources: ['openmcpdeployments/status', 'syncs/status'], verbs: ['get', 'update', 'patch'] });
    const groups = role.rules.flatMap((rule: any) => rule.apiGroups);
    expect(groups).toEqual(expect.arrayContaining(['apps', '', 'networking.k8s.io', 'batch', 'autoscaling', 'core.kubefed.io', 'coordination.k8s.io']));
    for (const rule of role.rules) {
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs).not.toContain('*');
    }
    expect(role.rules.find((rule: any) => rule.resources.includes('nodes')).verbs).toEqual(['get', 'list', 'watch']);
    const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding');
    expect(bindings.map((binding: any) => [binding.metadata.name, binding.roleRef.name, binding.subjects])).toEqual([
      ['openmcp-controller:openmcp-scheduler', 'openmcp-controller', [{ kind: 'ServiceAccount', name: 'openmcp-scheduler', namespace: 'openmcp' }]],
      ['openmcp-controller:openmcp-sync-controller', 'openmcp-controller', [{ kind: 'ServiceAccount', name: 'openmcp-sync-controller', namespace: 'openmcp' }]],
    ]);
    expect(synthWarningsOf(chart)).toEqual([]);
  });

  test('all props: cluster-admin only when opted in, and then with a warning', () => {
    // GIVEN
    const all: Required<OpenMcpControllerRbacProps> = { serviceAccounts: ACCOUNTS, openMcpResources: ['syncs'], clusterAdmin: true };
    // WHEN
    const { objects, chart } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.filter((object) => object.kind === 'ClusterRole')).toEqual([]);
    expect(objects.map((object: any) => object.roleRef.name)).toEqual(['cluster-admin', 'cluster-admin']);
    expect(synthWarningsOf(chart)).toEqual([
      'openmcp: spec.openmcp.clusterAdmin binds cluster-admin to 2 OpenMCP controller ServiceAccounts: each can read every Secret and change anything in the cluster',
    ]);
  });

  test('fails without ServiceAccounts, without resources, on a bad resource name or a repeated account', () => {
    expect(() => synth({ serviceAccounts: [], openMcpResources: ['syncs'] })).toThrow("'serviceAccounts' must name at least one ServiceAccount");
    expect(() => synth({ serviceAccounts: ACCOUNTS, openMcpResources: [] })).toThrow("'openMcpResources' must name the openmcp.k8s.io resources");
    expect(() => synth({ serviceAccounts: ACCOUNTS, openMcpResources: ['*'] })).toThrow("'openMcpResources' must hold plural resource names such as openmcpdeployments (got \"*\")");
    expect(() => synth({ serviceAccounts: [ACCOUNTS[0], ACCOUNTS[0]], openMcpResources: ['syncs'] })).toThrow("'serviceAccounts' names openmcp/openmcp-scheduler twice");
  });
});
