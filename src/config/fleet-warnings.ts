import { Cluster } from './cluster';
import { findNodePorts } from './cluster-rules';
import { parseCidr, rangesOverlap } from '../kube/ipv4';
import { formatPath } from './problems';

/** A finding across clusters that may be intended but usually is a copy-paste mistake. */
export interface FleetWarning {
  /** The cluster whose summary shows it. */
  readonly cluster: string;
  readonly message: string;
}

/**
 * Clusters whose host networks overlap share one network: the same node IP, the same NFS export, the same registry
 * host name (both registries on), or the same NodePort on a node of both is reported in the later cluster's
 * summary (MetalLB pools are errors, in fleet-rules.ts). Each pair is reported once.
 */
export function checkFleetWarnings(clusters: readonly Cluster[]): FleetWarning[] {
  const warnings: FleetWarning[] = [];
  clusters.forEach((cluster, index) => {
    const host = parseCidr(cluster.spec.network.hostCidr)!;
    for (const other of clusters.slice(0, index)) {
      if (!rangesOverlap(host, parseCidr(other.spec.network.hostCidr)!)) continue;
      const warn = (field: string, message: string) => warnings.push({ cluster: cluster.name, message: `${cluster.sourceFile}: ${field}: ${message}` });
      cluster.spec.nodes.forEach((node, nodeIndex) => {
        const twin = other.spec.nodes.find((candidate) => candidate.ip === node.ip);
        if (twin) warn(`spec.nodes[${nodeIndex}].ip`, `${node.ip} is also node ${twin.name} of cluster ${other.name} (${other.sourceFile}) on the same host network`);
      });
      if (cluster.spec.nfs.server === other.spec.nfs.server && cluster.spec.nfs.exportPath === other.spec.nfs.exportPath) {
        warn(
          'spec.nfs.exportPath',
          `cluster ${other.name} uses the same NFS export ${other.spec.nfs.server}:${other.spec.nfs.exportPath}; both would write the same directories (give each cluster its own export path)`,
        );
      }
      if (cluster.spec.registry.enabled && other.spec.registry.enabled && cluster.spec.registry.host === other.spec.registry.host) {
        warn('spec.registry.host', `cluster ${other.name} also runs a registry named ${other.spec.registry.host}; the name can reach only one of them`);
      }
      // A NodePort is opened on every node of its cluster, so the same port in two clusters collides only on a
      // machine that is a node of both (each cluster's NodePorts are otherwise separate, as the seeds' are).
      const shared = cluster.spec.nodes.filter((node) => other.spec.nodes.some((candidate) => candidate.ip === node.ip)).map((node) => node.ip);
      if (shared.length > 0) {
        // An OpenMCP member's masterSettings repeat its master's ports on purpose.
        const ports = (spec: Cluster['spec']) => findNodePorts(spec, ['spec']).filter((entry) => !entry.path.includes('masterSettings'));
        const theirs = new Map(ports(other.spec).map((entry) => [entry.port, entry.path]));
        for (const { path, port } of ports(cluster.spec)) {
          const twin = theirs.get(port);
          if (twin) warn(formatPath(path), `NodePort ${port} is also ${formatPath(twin)} of cluster ${other.name}, and both listen on ${shared.join(', ')}, a node of both`);
        }
      }
    }
  });
  return warnings;
}
