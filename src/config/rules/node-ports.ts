import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';
import { FieldPath } from '../problems';

/**
 * NodePorts are found by name: every numeric field called `nodePort` or ending in `NodePort`, anywhere in the
 * spec. Layers that add NodePort settings follow that naming and are checked here without further wiring. A section
 * switched off (`enabled: false`) publishes nothing, so its NodePorts, often defaults, claim no port.
 */
export function findNodePorts(value: unknown, path: FieldPath = []): Array<{ path: FieldPath; port: number }> {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findNodePorts(item, [...path, index]));
  }
  if (value && typeof value === 'object') {
    if ((value as { enabled?: unknown }).enabled === false) {
      return [];
    }
    return Object.entries(value).flatMap(([key, item]) =>
      typeof item === 'number' && (key === 'nodePort' || key.endsWith('NodePort'))
        ? [{ path: [...path, key], port: item }]
        : findNodePorts(item, [...path, key]),
    );
  }
  return [];
}

export function checkNodePorts(config: ClusterConfig): RuleViolation[] {
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
