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
