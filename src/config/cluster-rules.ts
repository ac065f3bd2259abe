import { parseCidr, parseIpv4, rangeContainsAddress, rangesOverlap } from './ipv4';
import { FieldPath } from './problems';
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
  return [...checkAddressPlan(config), ...checkNodes(config), ...checkNodePorts(config)];
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
