import { parseCidr, parseIpv4, rangeContainsAddress } from '../../kube/ipv4';
import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';
import { firstUses } from './first-use';

/** Nodes: unique names and addresses on the host network, and at least one control plane. */
export function checkNodes(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostNetwork = parseCidr(config.spec.network.hostCidr)!;
  const nameUse = firstUses(['spec', 'nodes'], 'name', 'node name', 'a name unique in the cluster');
  const ipUse = firstUses(['spec', 'nodes'], 'ip', 'node IP', 'an address unique in the cluster');
  config.spec.nodes.forEach((node, index) => {
    for (const duplicate of [nameUse(node.name, index), ipUse(node.ip, index)]) {
      if (duplicate) violations.push(duplicate);
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
