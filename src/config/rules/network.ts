import { parseCidr, rangesOverlap } from '../../kube/ipv4';
import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';
import { FieldPath } from '../problems';

/** The address plan: host, pod and service networks are disjoint. */
export function checkAddressPlan(config: ClusterConfig, written: (path: FieldPath) => boolean): RuleViolation[] {
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
        const [mine, theirs] = [blocks[i], blocks[j]];
        if (!written(['spec', 'network', theirs.field]) && written(['spec', 'network', mine.field])) {
          violations.push({
            path: ['spec', 'network', mine.field],
            message: `overlaps ${theirs.field} ${theirs.value}, which is the default of spec.network.${theirs.field}; packets would be routed to the wrong network`,
            got: mine.value,
            expected: `a block disjoint from ${theirs.value}, or set spec.network.${theirs.field} to a block clear of ${mine.value}`,
          });
          continue;
        }
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
