import { formatIpv4, Ipv4Range, parseCidr, parseIpv4, parseIpv4Range, rangeContains, rangeContainsAddress, rangesOverlap } from '../../kube/ipv4';
import type { DeepReadonly, RuleViolation } from '../types';
import { FieldPath, formatPath } from '../problems';
import { ClusterConfig } from '../schema';
import { firstUses } from './first-use';

/** An address of the host network that something already uses, so no MetalLB pool may hand it out. */
export interface UsedAddress {
  readonly address: number;
  /** What uses it, for messages, e.g. `node openmcp-master (spec.nodes[0].ip)`. */
  readonly owner: string;
}

/** Node IPs, the NFS server and the API endpoint, when they are IPv4 addresses. */
export function usedAddresses(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'nodes' | 'nfs' | 'controlPlaneEndpoint' | 'ingress'>>): UsedAddress[] {
  const used: UsedAddress[] = spec.nodes.map((node, index) => ({ address: parseIpv4(node.ip)!, owner: `node ${node.name} (spec.nodes[${index}].ip)` }));
  const nfs = parseIpv4(spec.nfs.server);
  if (nfs !== undefined) {
    used.push({ address: nfs, owner: 'the NFS server (spec.nfs.server)' });
  }
  const haproxy = spec.ingress.loadBalancer.address !== undefined ? parseIpv4(spec.ingress.loadBalancer.address) : undefined;
  if (haproxy !== undefined && !used.some((entry) => entry.address === haproxy)) {
    used.push({ address: haproxy, owner: 'the HAProxy host (spec.ingress.loadBalancer.address)' });
  }
  const endpoint = spec.controlPlaneEndpoint ? parseIpv4(spec.controlPlaneEndpoint.replace(/:\d+$/, '')) : undefined;
  if (endpoint !== undefined && !used.some((entry) => entry.address === endpoint)) {
    used.push({ address: endpoint, owner: 'the API endpoint (spec.controlPlaneEndpoint)' });
  }
  return used;
}

/** Every MetalLB pool range of a cluster with its field path; the schema has already checked their syntax. */
export function poolRanges(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'networking'>>): Array<{ path: FieldPath; text: string; range: Ipv4Range }> {
  return spec.networking.metallb.pools.flatMap((pool, poolIndex) =>
    pool.addresses.map((text, addressIndex) => ({
      path: ['spec', 'networking', 'metallb', 'pools', poolIndex, 'addresses', addressIndex],
      text,
      range: parseIpv4Range(text)!,
    })),
  );
}

/**
 * MetalLB pools: inside the host network (layer 2 mode answers ARP there), clear of its network and broadcast
 * addresses and of addresses already in use, and disjoint from each other. Across clusters: fleet-rules.ts.
 */
export function checkAddressPools(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostCidr = config.spec.network.hostCidr;
  const host = parseCidr(hostCidr)!;
  const used = usedAddresses(config.spec);
  const nameUse = firstUses(['spec', 'networking', 'metallb', 'pools'], 'name', 'pool name', 'a pool name unique in the cluster');
  config.spec.networking.metallb.pools.forEach((pool, index) => {
    const duplicate = nameUse(pool.name, index);
    if (duplicate) violations.push(duplicate);
  });
  const earlier: Array<{ path: FieldPath; text: string; range: Ipv4Range }> = [];
  for (const entry of poolRanges(config.spec)) {
    const { path, text, range } = entry;
    if (!rangeContains(host, range)) {
      violations.push({
        path,
        message: 'address range is outside the host network, where MetalLB announces addresses',
        got: text,
        expected: `a range inside spec.network.hostCidr ${hostCidr}`,
      });
    } else if (host.prefixLength < 31 && (rangeContainsAddress(range, host.first) || rangeContainsAddress(range, host.last))) {
      violations.push({
        path,
        message: 'address range includes the network or broadcast address of the host network',
        got: text,
        expected: `a range between ${formatIpv4(host.first + 1)} and ${formatIpv4(host.last - 1)}`,
      });
    }
    for (const owner of used.filter((candidate) => rangeContainsAddress(range, candidate.address))) {
      violations.push({
        path,
        message: `address range includes ${formatIpv4(owner.address)}, used by ${owner.owner}`,
        got: text,
        expected: 'a range clear of node IPs, the NFS server and the API endpoint',
      });
    }
    for (const other of earlier.filter((candidate) => rangesOverlap(candidate.range, range))) {
      violations.push({
        path,
        message: `address range overlaps ${other.text} of ${formatPath(other.path)}`,
        got: text,
        expected: 'a range disjoint from every other pool range',
      });
    }
    earlier.push(entry);
  }
  return violations;
}
