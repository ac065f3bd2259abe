import { KubeObject } from '../kube/objects';
import { Cluster } from '../config/cluster';
import { openMcpMaster } from '../config/openmcp';
import { renderSvg } from './graphviz';
import { openMcpFleetDot } from './openmcp-fleet';
import { platformTopologyDot } from './platform-topology';

export { haproxyPorts, platformTopologyDot } from './platform-topology';
export { openMcpFleetDot } from './openmcp-fleet';
export { renderSvg } from './graphviz';

/**
 * The pictures synth writes beside a cluster's manifests: `topology.svg`, and for an OpenMCP master
 * `openmcp-fleet.svg` when the other clusters are known.
 */
export function topologyFiles(
  cluster: Cluster,
  objects: readonly { readonly layer: string; readonly object: KubeObject }[],
  nodeFiles: ReadonlyMap<string, string>,
  fleet?: readonly Cluster[],
): [string, string][] {
  const files: [string, string][] = [['topology.svg', renderSvg(platformTopologyDot({ cluster, objects, nodeFiles }))]];
  if (fleet && openMcpMaster(cluster)) {
    files.push(['openmcp-fleet.svg', renderSvg(openMcpFleetDot(cluster, fleet))]);
  }
  return files;
}
