import { Cluster } from './cluster';
import { ConfigProblem } from './problems';
import { poolRanges, usedAddresses } from './cluster-rules';
import { formatIpv4, parseCidr, rangeContainsAddress, rangesOverlap } from '../kube/ipv4';
import { formatPath } from './problems';
import { openMcpMaster, openMcpMember } from './openmcp';

/**
 * Rules across all cluster files of one folder. Layers that relate clusters to each other add their rules here.
 * With `complete: false` (another file of the folder has problems) only the rules that hold for any subset of the
 * clusters run, so that they are reported together with the other file's problems.
 */
export function checkFleetRules(clusters: readonly Cluster[], complete = true): ConfigProblem[] {
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
  if (complete) {
    problems.push(...checkOpenMcpFleet(clusters));
  }
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

/**
 * OpenMCP masters and members name each other: a member's master exists, is a master and lists the member; each
 * member a master lists exists, is a member and names that master. Each problem is reported where the name is.
 */
function checkOpenMcpFleet(clusters: readonly Cluster[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  for (const cluster of clusters) {
    const member = openMcpMember(cluster);
    if (member) {
      const path = ['spec', 'openmcp', 'master'];
      const master = byName.get(member.master);
      const masterConfig = master ? openMcpMaster(master) : undefined;
      if (!master) {
        problems.push({ file: cluster.sourceFile, path, message: 'no cluster file of this name', got: member.master, expected: `the name of a cluster with role master (${clusters.filter((candidate) => openMcpMaster(candidate)).map((candidate) => candidate.name).join(', ') || 'none'})` });
      } else if (!masterConfig) {
        problems.push({ file: cluster.sourceFile, path, message: `cluster ${master.name} is not an OpenMCP master (${master.sourceFile})`, got: member.master, expected: 'a cluster with spec.openmcp.role master' });
      } else if (!masterConfig.members.includes(cluster.name)) {
        problems.push({ file: cluster.sourceFile, path, message: `master ${master.name} does not list this cluster in spec.openmcp.members (${master.sourceFile})`, got: member.master, expected: `a master whose members include ${cluster.name}` });
      }
    }
    const master = openMcpMaster(cluster);
    master?.members.forEach((name, index) => {
      const path = ['spec', 'openmcp', 'members', index];
      const other = byName.get(name);
      const otherMember = other ? openMcpMember(other) : undefined;
      if (!other) {
        problems.push({ file: cluster.sourceFile, path, message: 'no cluster file of this name', got: name, expected: 'the name of a cluster with role member' });
      } else if (!otherMember) {
        problems.push({ file: cluster.sourceFile, path, message: `cluster ${name} is not an OpenMCP member (${other.sourceFile})`, got: name, expected: 'a cluster with spec.openmcp.role member' });
      } else if (otherMember.master !== cluster.name) {
        problems.push({ file: cluster.sourceFile, path, message: `cluster ${name} names ${otherMember.master} as its master (${other.sourceFile})`, got: name, expected: `a member whose spec.openmcp.master is ${cluster.name}` });
      }
    });
  }
  return problems;
}
