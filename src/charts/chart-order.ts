import { Chart } from 'cdk8s';

/**
 * Orders charts so that each comes after the charts it depends on (Kahn's algorithm); charts with no order
 * between them keep their creation order, so the result is the same on every run.
 */
export function orderCharts(charts: readonly Chart[]): Chart[] {
  const remaining = new Set(charts);
  const ordered: Chart[] = [];
  while (remaining.size > 0) {
    const next = [...remaining].find((chart) =>
      chart.node.dependencies.every((dependency) => !remaining.has(dependency as Chart)),
    );
    if (!next) {
      throw new Error(`charts depend on each other in a cycle: ${[...remaining].map((chart) => chart.node.id).join(', ')}`);
    }
    ordered.push(next);
    remaining.delete(next);
  }
  return ordered;
}
