import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { componentLabels } from './labels';
import { OPENMCP_CONTROLLERS, OpenMcpControllerName } from '../versions/component-options';
import {
  OPENMCP_COMMON_RULES,
  OPENMCP_CONTROLLER_PERMISSIONS,
  OPENMCP_KUBEFED_SECRET_RULES,
} from './openmcp-controller-permissions';
import { KUBEFED_NAMESPACE } from './openmcp-domain';
import { SynthWarning } from './synth-warning';

/** Prefix of every OpenMCP controller's ClusterRole and binding: `openmcp:<controller>`. */
export const OPENMCP_ROLE_PREFIX = 'openmcp:';
/** The Role in kubefed's namespace that lets every controller read the members' credentials. */
export const OPENMCP_KUBEFED_SECRETS_ROLE = 'openmcp:kubefed-secrets';

/** A controller's ServiceAccount, such as an OpenMcpController. */
export interface OpenMcpServiceAccount {
  /** Which controller; selects its permissions. */
  readonly controller: OpenMcpControllerName;
  readonly serviceAccountName: string;
  readonly namespace: string;
}

export interface OpenMcpControllerRbacProps {
  /** The controllers' ServiceAccounts; each gets its own ClusterRole and binding. */
  readonly serviceAccounts: readonly OpenMcpServiceAccount[];
  /**
   * Bind `cluster-admin` instead, as upstream does. Every controller then holds every permission of the cluster; a
   * SynthWarning says so in the summary.
   * @default false
   */
  readonly clusterAdmin?: boolean;
  /** The image pull Secret the sync controller copies to members (`dockerSecretName`). @default 'regcred' */
  readonly pullSecretName?: string;
  /** kubefed's namespace, which holds the members' credentials; must exist. @default KUBEFED_NAMESPACE */
  readonly kubefedNamespace?: string;
}

/**
 * The permissions of the OpenMCP controllers. Upstream binds every controller to `cluster-admin`; here each
 * controller gets a ClusterRole `openmcp:<controller>` with what its source lists, watches, creates and updates on
 * the master (OPENMCP_CONTROLLER_PERMISSIONS) and the common part every controller needs, a Role in kubefed's
 * namespace to read the members' credentials, and (the sync controller) read access to the pull Secret by name.
 *
 * Bindings cannot change the role they refer to: when upgrading from hanok's earlier single `openmcp-controller`
 * ClusterRole, or from upstream's cluster-admin bindings, delete those bindings.
 */
export class OpenMcpControllerRbac extends Construct {
  /** The ClusterRole of each controller, unless cluster-admin is bound instead. */
  public readonly roles: ReadonlyMap<OpenMcpControllerName, k8s.KubeClusterRole>;
  public readonly bindings: readonly k8s.KubeClusterRoleBinding[];

  constructor(scope: Construct, id: string, props: OpenMcpControllerRbacProps) {
    super(scope, id);
    if (props.serviceAccounts.length === 0) {
      throw new Error(`OpenMCP controller RBAC: 'serviceAccounts' must name at least one ServiceAccount`);
    }
    const seen = new Set<string>();
    for (const account of props.serviceAccounts) {
      const key = `${account.namespace}/${account.serviceAccountName}`;
      if (seen.has(key)) {
        throw new Error(`OpenMCP controller RBAC: 'serviceAccounts' names ${key} twice`);
      }
      seen.add(key);
      if (!OPENMCP_CONTROLLERS.includes(account.controller)) {
        throw new Error(`OpenMCP controller RBAC: 'serviceAccounts' names an unknown controller ${JSON.stringify(account.controller)}`);
      }
      if (!OPENMCP_CONTROLLER_PERMISSIONS[account.controller]) {
        throw new Error(`OpenMCP controller RBAC: ${account.controller} has no permission set: it cannot be enabled`);
      }
    }
    const labels = componentLabels({ appName: 'openmcp', component: 'rbac' });
    const clusterAdmin = props.clusterAdmin ?? false;
    const kubefedNamespace = props.kubefedNamespace ?? KUBEFED_NAMESPACE;
    const subject = (account: OpenMcpServiceAccount) => serviceAccountSubject(account.serviceAccountName, account.namespace);

    const roles = new Map<OpenMcpControllerName, k8s.KubeClusterRole>();
    if (clusterAdmin) {
      new SynthWarning(this, 'ClusterAdmin', {
        message: `openmcp: spec.openmcp.clusterAdmin binds cluster-admin to ${props.serviceAccounts.length} OpenMCP controller ServiceAccounts: each can read every Secret and change anything in the cluster`,
      });
    } else {
      for (const account of props.serviceAccounts) {
        const permissions = OPENMCP_CONTROLLER_PERMISSIONS[account.controller]!;
        roles.set(
          account.controller,
          new k8s.KubeClusterRole(this, `Role-${account.controller}`, {
            metadata: { name: `${OPENMCP_ROLE_PREFIX}${account.controller}`, labels },
            rules: [...OPENMCP_COMMON_RULES, ...permissions.rules],
          }),
        );
      }
      const kubefedRole = new k8s.KubeRole(this, 'KubefedSecrets', {
        metadata: { name: OPENMCP_KUBEFED_SECRETS_ROLE, namespace: kubefedNamespace, labels },
        rules: [...OPENMCP_KUBEFED_SECRET_RULES],
      });
      new k8s.KubeRoleBinding(this, 'KubefedSecretsBinding', {
        metadata: { name: OPENMCP_KUBEFED_SECRETS_ROLE, namespace: kubefedNamespace, labels },
        roleRef: roleRef(OPENMCP_KUBEFED_SECRETS_ROLE),
        subjects: props.serviceAccounts.map(subject),
      }).node.addDependency(kubefedRole);

      const pullSecretReaders = props.serviceAccounts.filter((account) => OPENMCP_CONTROLLER_PERMISSIONS[account.controller]!.readsPullSecret);
      for (const account of pullSecretReaders) {
        const name = `${OPENMCP_ROLE_PREFIX}${account.controller}:pull-secret`;
        const role = new k8s.KubeRole(this, `PullSecret-${account.controller}`, {
          metadata: { name, namespace: account.namespace, labels },
          rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [props.pullSecretName ?? 'regcred'], verbs: ['get'] }],
        });
        new k8s.KubeRoleBinding(this, `PullSecretBinding-${account.controller}`, {
          metadata: { name, namespace: account.namespace, labels },
          roleRef: roleRef(name),
          subjects: [subject(account)],
        }).node.addDependency(role);
      }
    }

    this.roles = roles;
    this.bindings = props.serviceAccounts.map((account) => {
      const roleName = clusterAdmin ? 'cluster-admin' : `${OPENMCP_ROLE_PREFIX}${account.controller}`;
      const binding = new k8s.KubeClusterRoleBinding(this, `Binding-${account.serviceAccountName}`, {
        metadata: { name: `${OPENMCP_ROLE_PREFIX}${account.controller}`, labels },
        roleRef: clusterRoleRef(roleName),
        subjects: [subject(account)],
      });
      const role = roles.get(account.controller);
      if (role) {
        binding.node.addDependency(role);
      }
      return binding;
    });
  }
}
