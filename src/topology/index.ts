import { KubeObject } from '../kube/objects';
import { Cluster } from '../config/cluster';
import { openMcpMaster } from '../config/openmcp';
import { openMcpFleetDot } from './openmcp-fleet';
import { platformTopologyDot } from './platform-topology';

export { haproxyPorts, platformTopologyDot } from './platform-topology';
export { openMcpFleetDot } from './openmcp-fleet';

/**
 * The pictures synth writes beside a cluster's manifests: `topology.svg`, and for an OpenMCP master
 * `openmcp-fleet.svg` when the other clusters are known (Graphviz draws them from `topologyDots` in synth's output
 * worker). Their file names, without building them: what `hanok validate`
 * lists, since it writes no picture, and neither Graphviz (a WebAssembly module compiled in a worker) nor the DOT
 * text is worth its time for names that depend only on the cluster and whether the fleet is known.
 */
export function topologyFileNames(cluster: Cluster, fleet?: readonly Cluster[]): string[] {
  return fleet && openMcpMaster(cluster) ? ['topology.svg', 'openmcp-fleet.svg'] : ['topology.svg'];
}

/** The DOT text of each picture synth draws, by file name (those of `topologyFileNames`), without drawing it. */
export function topologyDots(
  cluster: Cluster,
  objects: readonly { readonly layer: string; readonly object: KubeObject }[],
  nodeFiles: ReadonlyMap<string, string>,
  fleet?: readonly Cluster[],
): [string, string][] {
  return topologyFileNames(cluster, fleet).map((file): [string, string] => [
    file,
    file === 'topology.svg' ? platformTopologyDot({ cluster, objects, nodeFiles }) : openMcpFleetDot(cluster, fleet ?? []),
  ]);
}
