import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';
import { firstUses } from './first-use';

/**
 * OpenFx: functions use offered runtimes and have unique names (each names a Deployment and a Service), and the
 * layer's namespaces are its own: the gateway's permissions must not reach its own namespace, and its Prometheus and
 * Grafana share their names with the metrics layer's.
 */
export function checkOpenFx(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const spec = config.spec;
  const openfx = spec.openfx;
  const base = ['spec', 'openfx'];
  const nameUse = firstUses([...base, 'functions'], 'name', 'function name', 'a function name unique in the cluster');
  openfx.functions.forEach((fn, index) => {
    if (!openfx.runtimes.includes(fn.runtime)) {
      violations.push({
        path: [...base, 'functions', index, 'runtime'],
        message: 'runtime is not offered by spec.openfx.runtimes',
        got: fn.runtime,
        expected: `one of ${openfx.runtimes.join(', ')}`,
      });
    }
    const duplicate = nameUse(fn.name, index);
    if (duplicate) violations.push(duplicate);
  });
  if (openfx.functionNamespace === openfx.namespace) {
    violations.push({
      path: [...base, 'functionNamespace'],
      message: 'function namespace is the gateway\'s namespace; functions would share it with the gateway\'s account and monitoring',
      got: openfx.functionNamespace,
      expected: `a namespace other than spec.openfx.namespace ${openfx.namespace}`,
    });
  }
  if (openfx.enabled) {
    const others = [
      { used: spec.metrics.prometheus.enabled || spec.metrics.grafana.enabled, field: 'spec.metrics.namespace', name: spec.metrics.namespace },
      { used: spec.storage.enabled, field: 'spec.storage.namespace', name: spec.storage.namespace },
      { used: spec.registry.enabled, field: 'spec.registry.namespace', name: spec.registry.namespace },
    ];
    for (const field of ['namespace', 'functionNamespace'] as const) {
      const clash = others.find((other) => other.used && other.name === openfx[field]);
      if (clash) {
        violations.push({
          path: [...base, field],
          message: `namespace is already used by ${clash.field}`,
          got: openfx[field],
          expected: 'a namespace of the OpenFx layer\'s own',
        });
      }
    }
  }
  return violations;
}
