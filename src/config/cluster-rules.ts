import { formatIpv4, Ipv4Range, parseCidr, parseIpv4, parseIpv4Range, rangeContains, rangeContainsAddress, rangesOverlap } from './ipv4';
import { DeepReadonly } from './cluster';
import { FieldPath, formatPath } from './problems';
import { ClusterConfig } from './schema';

/** A rule violation found in one cluster file, before the file name is attached. */
export interface RuleViolation {
  readonly path: FieldPath;
  readonly message: string;
  readonly got?: unknown;
  readonly expected?: string;
}

/**
 * Rules a schema cannot express: relations between fields of one cluster. The schema has already checked every
 * field on its own, so these may assume well-formed addresses.
 */
export function checkClusterRules(config: ClusterConfig): RuleViolation[] {
  return [...checkAddressPlan(config), ...checkNodes(config), ...checkNodePorts(config), ...checkAddressPools(config)];
}

function checkAddressPlan(config: ClusterConfig): RuleViolation[] {
  const network = config.spec.network;
  const blocks = [
    { field: 'hostCidr', value: network.hostCidr },
    { field: 'podCidr', value: network.podCidr },
    { field: 'serviceCidr', value: network.serviceCidr },
  ];
  const violations: RuleViolation[] = [];
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = parseCidr(blocks[i].value)!;
      const b = parseCidr(blocks[j].value)!;
      if (rangesOverlap(a, b)) {
        violations.push({
          path: ['spec', 'network', blocks[j].field],
          message: `overlaps ${blocks[i].field} ${blocks[i].value}; packets would be routed to the wrong network`,
          got: blocks[j].value,
          expected: `a block disjoint from ${blocks[i].field}`,
        });
      }
    }
  }
  return violations;
}

function checkNodes(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostNetwork = parseCidr(config.spec.network.hostCidr)!;
  const firstIndexByName = new Map<string, number>();
  const firstIndexByIp = new Map<string, number>();
  config.spec.nodes.forEach((node, index) => {
    const seenName = firstIndexByName.get(node.name);
    if (seenName !== undefined) {
      violations.push({
        path: ['spec', 'nodes', index, 'name'],
        message: `duplicate node name, already used by spec.nodes[${seenName}]`,
        got: node.name,
        expected: 'a name unique in the cluster',
      });
    } else {
      firstIndexByName.set(node.name, index);
    }
    const seenIp = firstIndexByIp.get(node.ip);
    if (seenIp !== undefined) {
      violations.push({
        path: ['spec', 'nodes', index, 'ip'],
        message: `duplicate node IP, already used by spec.nodes[${seenIp}]`,
        got: node.ip,
        expected: 'an address unique in the cluster',
      });
    } else {
      firstIndexByIp.set(node.ip, index);
    }
    if (!rangeContainsAddress(hostNetwork, parseIpv4(node.ip)!)) {
      violations.push({
        path: ['spec', 'nodes', index, 'ip'],
        message: 'node IP is outside the host network',
        got: node.ip,
        expected: `an address in spec.network.hostCidr ${config.spec.network.hostCidr}`,
      });
    }
  });
  if (!config.spec.nodes.some((node) => node.roles.includes('control-plane'))) {
    violations.push({
      path: ['spec', 'nodes'],
      message: 'no control-plane node',
      expected: 'at least one node with role control-plane',
    });
  }
  return violations;
}

/**
 * NodePorts are found by name: every numeric field called `nodePort` or ending in `NodePort`, anywhere in the
 * spec. Layers that add NodePort settings follow that naming and are checked here without further wiring.
 */
export function findNodePorts(value: unknown, path: FieldPath = []): Array<{ path: FieldPath; port: number }> {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findNodePorts(item, [...path, index]));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      typeof item === 'number' && (key === 'nodePort' || key.endsWith('NodePort'))
        ? [{ path: [...path, key], port: item }]
        : findNodePorts(item, [...path, key]),
    );
  }
  return [];
}

function checkNodePorts(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const firstUse = new Map<number, FieldPath>();
  for (const { path, port } of findNodePorts(config.spec, ['spec'])) {
    const previous = firstUse.get(port);
    if (previous) {
      violations.push({
        path,
        message: `NodePort already used by ${previous.join('.')}`,
        got: port,
        expected: 'a NodePort unique in the cluster',
      });
    } else {
      firstUse.set(port, path);
    }
  }
  return violations;
}

/** An address of the host network that something already uses, so no MetalLB pool may hand it out. */
export interface UsedAddress {
  readonly address: number;
  /** What uses it, for messages, e.g. `node openmcp-master (spec.nodes[0].ip)`. */
  readonly owner: string;
}

/** Node IPs, the NFS server and the API endpoint, when they are IPv4 addresses. */
export function usedAddresses(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'nodes' | 'nfs' | 'controlPlaneEndpoint'>>): UsedAddress[] {
  const used: UsedAddress[] = spec.nodes.map((node, index) => ({ address: parseIpv4(node.ip)!, owner: `node ${node.name} (spec.nodes[${index}].ip)` }));
  const nfs = parseIpv4(spec.nfs.server);
  if (nfs !== undefined) {
    used.push({ address: nfs, owner: 'the NFS server (spec.nfs.server)' });
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
function checkAddressPools(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostCidr = config.spec.network.hostCidr;
  const host = parseCidr(hostCidr)!;
  const used = usedAddresses(config.spec);
  const firstIndexByName = new Map<string, number>();
  config.spec.networking.metallb.pools.forEach((pool, index) => {
    const seen = firstIndexByName.get(pool.name);
    if (seen !== undefined) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools', index, 'name'],
        message: `duplicate pool name, already used by spec.networking.metallb.pools[${seen}]`,
        got: pool.name,
        expected: 'a pool name unique in the cluster',
      });
    } else {
      firstIndexByName.set(pool.name, index);
    }
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
