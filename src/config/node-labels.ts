import { Cluster, DeepReadonly } from './cluster';
import { openMcpNodeLabels } from './openmcp';
import { NodeConfig } from './schema';

/**
 * Every label a node of the cluster carries: the one place that decides them, read by the kubeadm files (kubelet
 * `--node-labels`), the apply script (`kubectl label`) and the OpenMCP join. Keys are sorted so the output is stable.
 *
 * They are OpenMCP's region and zone on the nodes of a member cluster, and the node's own `spec.nodes[].labels`, which
 * win when they set the same key (a node in another zone than its cluster's).
 */
export function nodeLabels(cluster: Cluster, node: DeepReadonly<NodeConfig>): Record<string, string> {
  const labels: Record<string, string> = { ...openMcpNodeLabels(cluster), ...node.labels };
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Label keys a kubelet may set on its own node with `--node-labels`: the NodeRestriction admission plugin refuses any
 * other key in the `kubernetes.io` and `k8s.io` namespaces (such as `node-role.kubernetes.io/worker`), and the kubelet
 * exits at start when given one. Those are applied with `kubectl label` after the node has joined.
 */
export function isKubeletSettableLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) {
    return true;
  }
  const prefix = key.slice(0, slash);
  const inKubernetesNamespace = (domain: string) => prefix === domain || prefix.endsWith(`.${domain}`);
  if (!inKubernetesNamespace('kubernetes.io') && !inKubernetesNamespace('k8s.io')) {
    return true;
  }
  if (['kubelet.kubernetes.io', 'node.kubernetes.io'].some((allowed) => prefix === allowed || prefix.endsWith(`.${allowed}`))) {
    return true;
  }
  return KUBELET_LABELS.has(key);
}

const KUBELET_LABELS = new Set([
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
]);
