import { parseCidr, parseIpv4, rangeContainsAddress } from '../../kube/ipv4';
import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';

/** Nodes: unique names and addresses on the host network, and at least one control plane. */
export function checkNodes(config: ClusterConfig): RuleViolation[] {
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
