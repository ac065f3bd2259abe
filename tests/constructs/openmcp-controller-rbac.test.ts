import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { OPENMCP_CONTROLLERS, OpenMcpControllerName } from '../../src/versions/component-options';
import { OPENMCP_CONTROLLER_PERMISSIONS } from '../../src/constructs/openmcp-controller-permissions';
import { OpenMcpControllerRbac, OpenMcpControllerRbacProps, OpenMcpServiceAccount } from '../../src/constructs/openmcp-controller-rbac';
import { synthWarningsOf } from '../../src/constructs/synth-warning';
import { findObject, REPO_ROOT } from '../helpers';

const CRDS = path.join(REPO_ROOT, 'crds');

const account = (controller: OpenMcpControllerName): OpenMcpServiceAccount => ({ controller, serviceAccountName: controller, namespace: 'openmcp' });
const ACCOUNTS = [account('openmcp-scheduler'), account('openmcp-sync-controller')];
const RUNNABLE = OPENMCP_CONTROLLERS.filter((name) => name !== 'openmcp-cluster-manager');

function synth(props: OpenMcpControllerRbacProps) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpControllerRbac(chart, 'Rbac', props);
  return { chart, objects: Testing.synth(chart) };
}

/** The rules of one controller's ClusterRole, with the common part cut off. */
function ownRules(controller: OpenMcpControllerName): any[] {
  const { objects } = synth({ serviceAccounts: [account(controller)] });
  return findObject(objects, 'ClusterRole', `openmcp:${controller}`).rules.slice(3);
}

const READ = ['get', 'list', 'watch'];
const O = 'openmcp.k8s.io';

describe('OpenMcpControllerRbac', () => {
  test('minimal: a ClusterRole per controller, the kubefed Secrets Role, the pull Secret by name for the sync controller', () => {
    // GIVEN / WHEN
    const { objects, chart } = synth({ serviceAccounts: ACCOUNTS });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.filter((object) => object.kind === 'ClusterRole').map((role: any) => role.metadata.name)).toEqual(['openmcp:openmcp-scheduler', 'openmcp:openmcp-sync-controller']);
    // What every controller's ClusterManager, reshape and logLevel controllers do.
    expect(findObject(objects, 'ClusterRole', 'openmcp:openmcp-scheduler').rules.slice(0, 3)).toEqual([
      { apiGroups: ['core.kubefed.io'], resources: ['kubefedclusters'], verbs: READ },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: [O], resources: ['openmcppolicys'], verbs: READ },
    ]);
    const kubefed = findObject(objects, 'Role', 'openmcp:kubefed-secrets');
    expect([kubefed.metadata.namespace, kubefed.rules]).toEqual(['kube-federation-system', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]]);
    expect(findObject(objects, 'RoleBinding', 'openmcp:kubefed-secrets').subjects.map((subject: any) => subject.name)).toEqual(['openmcp-scheduler', 'openmcp-sync-controller']);
    expect(findObject(objects, 'Role', 'openmcp:openmcp-sync-controller:pull-secret').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['regcred'], verbs: ['get'] },
    ]);
    const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding');
    expect(bindings.map((binding: any) => [binding.metadata.name, binding.roleRef.name, binding.subjects])).toEqual([
      ['openmcp:openmcp-scheduler', 'openmcp:openmcp-scheduler', [{ kind: 'ServiceAccount', name: 'openmcp-scheduler', namespace: 'openmcp' }]],
      ['openmcp:openmcp-sync-controller', 'openmcp:openmcp-sync-controller', [{ kind: 'ServiceAccount', name: 'openmcp-sync-controller', namespace: 'openmcp' }]],
    ]);
    expect(synthWarningsOf(chart)).toEqual([]);
  });

  test('all props: cluster-admin only when opted in, and then with a warning', () => {
    // GIVEN
    const all: Required<OpenMcpControllerRbacProps> = { serviceAccounts: ACCOUNTS, clusterAdmin: true, pullSecretName: 'pull', kubefedNamespace: 'federation' };
    // WHEN
    const { objects, chart } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object: any) => [object.kind, object.roleRef.name])).toEqual([
      ['ClusterRoleBinding', 'cluster-admin'],
      ['ClusterRoleBinding', 'cluster-admin'],
    ]);
    expect(synthWarningsOf(chart)).toEqual([
      'openmcp: spec.openmcp.clusterAdmin binds cluster-admin to 2 OpenMCP controller ServiceAccounts: each can read every Secret and change anything in the cluster',
    ]);
    expect(findObject(synth({ ...all, clusterAdmin: false }).objects, 'Role', 'openmcp:openmcp-sync-controller:pull-secret').rules[0].resourceNames).toEqual(['pull']);
  });

  test('the ingress controller: its OpenMCPIngresses, the master Ingress and its status, Syncs, the Service it checks', () => {
    expect(ownRules('openmcp-ingress-controller')).toEqual([
      { apiGroups: [O], resources: ['openmcpingresses'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpingresses/status'], verbs: ['update'] },
      { apiGroups: [O], resources: ['syncs'], verbs: ['create'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: [...READ, 'create', 'update', 'delete'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ]);
  });

  test('the API server: join requests create OpenMCPClusters; forwarded requests may exec into pods and label nodes', () => {
    expect(ownRules('openmcp-apiserver')).toEqual([
      { apiGroups: [O], resources: ['openmcpclusters'], verbs: [...READ, 'create'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch'] },
    ]);
  });

  test('the load-balancing controller: Istio DestinationRules and VirtualServices, the members\' records, the ingress gateway', () => {
    expect(ownRules('openmcp-loadbalancing-controller')).toEqual([
      { apiGroups: [O], resources: ['openmcpservices', 'openmcpvirtualservices'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpclusters'], verbs: ['list'] },
      { apiGroups: ['networking.istio.io'], resources: ['destinationrules', 'virtualservices'], verbs: [...READ, 'create', 'update', 'delete'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ]);
  });

  test('the scheduler, the sync controller and the deployment controller', () => {
    expect(ownRules('openmcp-scheduler')).toEqual([
      { apiGroups: [O], resources: ['openmcpdeployments'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpdeployments/status'], verbs: ['update'] },
      { apiGroups: [O], resources: ['openmcpservices'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpclusters'], verbs: ['list'] },
    ]);
    expect(ownRules('openmcp-sync-controller')).toEqual([{ apiGroups: [O], resources: ['syncs'], verbs: [...READ, 'delete'] }]);
    expect(ownRules('openmcp-deployment-controller')).toEqual([
      { apiGroups: [O], resources: ['openmcpdeployments'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpdeployments/status'], verbs: ['update'] },
      { apiGroups: [O], resources: ['syncs'], verbs: [...READ, 'create'] },
      { apiGroups: [O], resources: ['openmcpservices', 'openmcphybridautoscalers'], verbs: READ },
      { apiGroups: [O], resources: ['openmcpservices/status', 'openmcphybridautoscalers/status'], verbs: ['update'] },
    ]);
  });

  test('no controller gets wildcards, Secrets cluster-wide, workloads, RBAC or Leases', () => {
    const { objects } = synth({ serviceAccounts: RUNNABLE.map(account) });
    const rules = objects.filter((object) => object.kind === 'ClusterRole').flatMap((role: any) => role.rules);
    expect(objects.filter((object) => object.kind === 'ClusterRole')).toHaveLength(RUNNABLE.length);
    for (const rule of rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
      expect(rule.apiGroups).not.toEqual(expect.arrayContaining(['apps', 'rbac.authorization.k8s.io', 'coordination.k8s.io', 'batch']));
    }
    // Only the API server (exec, node labels) and the namespace controller (Namespaces) write core objects.
    const coreWriters = objects
      .filter((object) => object.kind === 'ClusterRole')
      .filter((role: any) => role.rules.some((rule: any) => rule.apiGroups.includes('') && rule.verbs.some((verb: string) => !READ.includes(verb))))
      .map((role: any) => role.metadata.name);
    expect(coreWriters).toEqual(['openmcp:openmcp-apiserver', 'openmcp:openmcp-namespace-controller']);
  });

  test('every openmcp.k8s.io resource a rule names is served by a CRD of crds/openmcp', () => {
    const plurals = new Set(fs.readdirSync(path.join(CRDS, 'openmcp')).filter((name) => name.endsWith('.yaml')).map((name) => name.replace(/^openmcp\.k8s\.io_|\.yaml$/g, '')));
    const { objects } = synth({ serviceAccounts: RUNNABLE.map(account) });
    const named = objects
      .filter((object) => object.kind === 'ClusterRole')
      .flatMap((role: any) => role.rules)
      .filter((rule: any) => rule.apiGroups.includes(O))
      .flatMap((rule: any) => rule.resources.map((resource: string) => resource.split('/')[0]));
    expect(named.filter((resource: string) => !plurals.has(resource))).toEqual([]);
  });

  test('the permissions of every controller, as a reviewable snapshot', () => {
    const { objects } = synth({ serviceAccounts: RUNNABLE.map(account) });
    const byController = Object.fromEntries(
      objects.filter((object) => object.kind === 'ClusterRole').map((role: any) => [role.metadata.name, role.rules.slice(3).map((rule: any) => `${rule.apiGroups.join(',') || 'core'} ${rule.resources.join(',')}: ${rule.verbs.join(',')}`)]),
    );
    expect(byController).toMatchSnapshot();
  });

  test('every controller hanok runs has a permission set; the cluster manager has none', () => {
    expect(Object.keys(OPENMCP_CONTROLLER_PERMISSIONS).sort()).toEqual([...RUNNABLE].sort());
  });

  test('fails without ServiceAccounts, on a repeated account, or on a controller without permissions', () => {
    expect(() => synth({ serviceAccounts: [] })).toThrow("'serviceAccounts' must name at least one ServiceAccount");
    expect(() => synth({ serviceAccounts: [ACCOUNTS[0], ACCOUNTS[0]] })).toThrow("'serviceAccounts' names openmcp/openmcp-scheduler twice");
    expect(() => synth({ serviceAccounts: [account('openmcp-cluster-manager')] })).toThrow('openmcp-cluster-manager has no permission set: it cannot be enabled');
    expect(() => synth({ serviceAccounts: [account('openmcp-fantasy' as OpenMcpControllerName)] })).toThrow("'serviceAccounts' names an unknown controller \"openmcp-fantasy\"");
  });
});
