import { ApiObject, Chart, DependencyGraph } from 'cdk8s';
import { KubeObject } from '../kube/objects';
import { withFastSerialization } from './fast-serialize';

/**
 * The objects of each chart, in cdk8s' dependency order, exactly as `chart.toJson()` returns them. Every
 * `chart.toJson()` infers construct dependencies and validates the whole app again, which made synth quadratic in
 * the number of charts: only the first call does that work here, and the inferred dependencies serve the rest.
 * Each object is serialized by the fast path of `fast-serialize.ts`, which gives exactly what cdk8s' `toJson()` gives.
 */
export function synthesizeCharts(charts: readonly Chart[]): KubeObject[][] {
  return withFastSerialization(() => charts.map((chart, index) => (index === 0 ? (chart.toJson() as KubeObject[]) : chartObjects(chart))));
}

/** A chart's objects in dependency order, once the app's dependencies have been inferred. */
export function chartObjects(chart: Chart): KubeObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart)
    .map((apiObject) => apiObject.toJson() as KubeObject);
}
