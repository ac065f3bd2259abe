import { Cluster } from './cluster';
import { ConfigProblem } from './problems';
import { poolRanges, usedAddresses } from './cluster-rules';
import { formatIpv4, parseCidr, rangeContainsAddress, rangesOverlap } from './ipv4';
import { formatPath } from './problems';

/** Rules across all cluster files of one folder. Layers that relate clusters to each other add their rules here. */
export function checkFleetRules(clusters: readonly Cluster[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstFileByName = new Map<string, string>();
  for (const cluster of clusters) {
    const previous = firstFileByName.get(cluster.name);
    if (previous) {
      problems.push({
        file: cluster.sourceFile,
        path: ['metadata', 'name'],
        message: `cluster name already used by ${previous}`,
        got: cluster.name,
        expected: 'a cluster name unique in the folder',
      });
    } else {
      firstFileByName.set(cluster.name, cluster.sourceFile);
    }
  }
  problems.push(...checkSharedAddressPools(clusters));
  return problems;
}

/**
 * Clusters whose host networks overlap share one layer-2 segment: a MetalLB pool of one must not overlap another
 * cluster's pools, nor hold another cluster's node, NFS server or API endpoint addresses, or two machines would
 * answer ARP for the same address. Each problem is reported in the file of the pool that collides.
 */
function checkSharedAddressPools(clusters: readonly Cluster[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  clusters.forEach((cluster, index) => {
    const host = parseCidr(cluster.spec.network.hostCidr)!;
    const ranges = poolRanges(cluster.spec);
    clusters.forEach((other, otherIndex) => {
      if (otherIndex === index || !rangesOverlap(host, parseCidr(other.spec.network.hostCidr)!)) {
        return;
      }
      for (const { path, text, range } of ranges) {
        if (otherIndex < index) {
          for (const theirs of poolRanges(other.spec).filter((candidate) => rangesOverlap(candidate.range, range))) {
            problems.push({
              file: cluster.sourceFile,
              path,
              message: `address range overlaps ${theirs.text}, a MetalLB pool of cluster ${other.name} on the same host network (${formatPath(theirs.path)} in ${other.sourceFile})`,
              got: text,
              expected: 'a range disjoint from the pools of every cluster on the same host network',
            });
          }
        }
        for (const owner of usedAddresses(other.spec).filter((candidate) => rangeContainsAddress(range, candidate.address))) {
          problems.push({
            file: cluster.sourceFile,
            path,
            message: `address range includes ${formatIpv4(owner.address)}, used by ${owner.owner} of cluster ${other.name} (${other.sourceFile})`,
            got: text,
            expected: 'a range clear of the addresses of every cluster on the same host network',
          });
        }
      }
    });
  });
  return problems;
}
