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
  return topologyDots(cluster, objects, nodeFiles, fleet).map(([file, dot]) => [file, renderSvg(dot)]);
}

/**
 * The DOT text of each picture `topologyFiles` draws, by file name, without drawing it: what `hanok validate` builds,
 * since it writes no picture and Graphviz (a WebAssembly module compiled in a worker) would cost it more than the
 * rest of its run.
 */
export function topologyDots(
  cluster: Cluster,
  objects: readonly { readonly layer: string; readonly object: KubeObject }[],
  nodeFiles: ReadonlyMap<string, string>,
  fleet?: readonly Cluster[],
): [string, string][] {
  const dots: [string, string][] = [['topology.svg', platformTopologyDot({ cluster, objects, nodeFiles })]];
  if (fleet && openMcpMaster(cluster)) {
    dots.push(['openmcp-fleet.svg', openMcpFleetDot(cluster, fleet)]);
  }
  return dots;
}
