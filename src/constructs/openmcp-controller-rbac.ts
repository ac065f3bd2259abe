import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { componentLabels } from './labels';
import { SynthWarning } from './synth-warning';

/** Name of the ClusterRole every OpenMCP controller is bound to. */
export const OPENMCP_CONTROLLER_ROLE = 'openmcp-controller';

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ_VERBS = ['get', 'list', 'watch'];

/** A ServiceAccount to bind, such as an OpenMcpController. */
export interface OpenMcpServiceAccount {
  readonly serviceAccountName: string;
  readonly namespace: string;
}

export interface OpenMcpControllerRbacProps {
  /** The controllers' ServiceAccounts; each gets its own binding. */
  readonly serviceAccounts: readonly OpenMcpServiceAccount[];
  /** Plural names of the openmcp.k8s.io resources (see the CRDs); the role covers them and their status. */
  readonly openMcpResources: readonly string[];
  /**
   * Bind `cluster-admin` instead of the OpenMCP role, as upstream does. Every controller then holds every
   * permission of the cluster; a SynthWarning says so in the summary.
   * @default false
   */
  readonly clusterAdmin?: boolean;
}

/**
 * The permissions of the OpenMCP controllers. Upstream binds every controller to `cluster-admin`; this grants what
 * they manage and nothing else: the openmcp.k8s.io resources and their status, the workloads, Services,
 * configuration, storage claims, Ingresses, Jobs and autoscalers they create or mirror, kubefed's KubeFedCluster
 * objects and Leases for leader election. Node objects are only read.
 *
 * The bindings are named `openmcp-controller:<controller>`, not like upstream's, because the role a binding refers to
 * cannot be changed in place: delete upstream's cluster-admin bindings when adopting an existing install.
 */
export class OpenMcpControllerRbac extends Construct {
  /** The ClusterRole, unless cluster-admin is bound instead. */
  public readonly role?: k8s.KubeClusterRole;
  public readonly bindings: readonly k8s.KubeClusterRoleBinding[];
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: OpenMcpControllerRbacProps) {
    super(scope, id);
    if (props.serviceAccounts.length === 0) {
      throw new Error(`OpenMCP controller RBAC: 'serviceAccounts' must name at least one ServiceAccount`);
    }
    if (props.openMcpResources.length === 0) {
      throw new Error(`OpenMCP controller RBAC: 'openMcpResources' must name the openmcp.k8s.io resources the controllers manage`);
    }
    const badResource = props.openMcpResources.find((resource) => !/^[a-z0-9]+$/.test(resource));
    if (badResource !== undefined) {
      throw new Error(`OpenMCP controller RBAC: 'openMcpResources' must hold plural resource names such as openmcpdeployments (got ${JSON.stringify(badResource)})`);
    }
    const labels = componentLabels({ appName: 'openmcp', component: 'rbac' });
    const clusterAdmin = props.clusterAdmin ?? false;
    this.roleName = clusterAdmin ? 'cluster-admin' : OPENMCP_CONTROLLER_ROLE;

    if (clusterAdmin) {
      new SynthWarning(this, 'ClusterAdmin', {
        message: `openmcp: spec.openmcp.clusterAdmin binds cluster-admin to ${props.serviceAccounts.length} OpenMCP controller ServiceAccounts: each can read every Secret and change anything in the cluster`,
      });
    } else {
      const resources = [...props.openMcpResources].sort();
      this.role = new k8s.KubeClusterRole(this, 'Role', {
        metadata: { name: OPENMCP_CONTROLLER_ROLE, labels },
        rules: [
          { apiGroups: ['openmcp.k8s.io'], resources, verbs: ALL_VERBS },
          { apiGroups: ['openmcp.k8s.io'], resources: resources.map((resource) => `${resource}/status`), verbs: ['get', 'update', 'patch'] },
          { apiGroups: ['apps'], resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'], verbs: ALL_VERBS },
          {
            apiGroups: [''],
            resources: ['services', 'endpoints', 'pods', 'configmaps', 'secrets', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims'],
            verbs: ALL_VERBS,
          },
          { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
          { apiGroups: [''], resources: ['nodes'], verbs: READ_VERBS },
          { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ALL_VERBS },
          { apiGroups: ['batch'], resources: ['jobs'], verbs: ALL_VERBS },
          { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ALL_VERBS },
          { apiGroups: ['core.kubefed.io'], resources: ['kubefedclusters'], verbs: ALL_VERBS },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL_VERBS },
        ],
      });
    }

    const seen = new Set<string>();
    this.bindings = props.serviceAccounts.map((account) => {
      const key = `${account.namespace}/${account.serviceAccountName}`;
      if (seen.has(key)) {
        throw new Error(`OpenMCP controller RBAC: 'serviceAccounts' names ${key} twice`);
      }
      seen.add(key);
      const binding = new k8s.KubeClusterRoleBinding(this, `Binding-${account.serviceAccountName}`, {
        metadata: { name: `${OPENMCP_CONTROLLER_ROLE}:${account.serviceAccountName}`, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.roleName },
        subjects: [{ kind: 'ServiceAccount', name: account.serviceAccountName, namespace: account.namespace }],
      });
      if (this.role) {
        binding.node.addDependency(this.role);
      }
      return binding;
    });
  }
}
