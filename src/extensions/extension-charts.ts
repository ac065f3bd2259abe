import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HanokChart } from '../charts/hanok-chart';
import { orderCharts } from '../charts/chart-order';
import { Platform } from '../charts/platform';
import { Cluster } from '../config/cluster';
import { HanokExtension, LAYER_NAMES } from './extension';

/**
 * Checks a list of extensions before anything runs: names unique, and each `after` naming a layer or another extension.
 */
export function checkExtensions(extensions: readonly HanokExtension[]): void {
  const names = new Set<string>();
  for (const extension of extensions) {
    if (names.has(extension.name)) {
      throw new Error(`two extensions are named ${JSON.stringify(extension.name)}; each needs a name of its own`);
    }
    names.add(extension.name);
  }
  for (const extension of extensions) {
    for (const name of extension.after) {
      if (!(LAYER_NAMES as readonly string[]).includes(name) && !names.has(name)) {
        throw new Error(
          `extension ${extension.name}: after names ${JSON.stringify(name)} (expected a layer: ${LAYER_NAMES.join(', ')}, or another extension: ${[...names].filter((other) => other !== extension.name).join(', ') || 'none'})`,
        );
      }
    }
  }
}

/**
 * Every chart of the cluster in apply order: hanok's layers, and the charts of each extension whose section the
 * cluster file has, after the layers and extensions it names in `after` and after `networking`.
 */
export function clusterCharts(scope: Construct, cluster: Cluster, platform: Platform, extensions: readonly HanokExtension[]): Chart[] {
  checkExtensions(extensions);
  const byName = new Map<string, readonly Chart[]>(platform.charts.map((chart) => [chart.node.id, [chart]]));
  const built: Array<{ extension: HanokExtension; charts: readonly Chart[] }> = [];
  for (const extension of extensions) {
    const settings = cluster.spec.extensions[extension.name];
    if (settings === undefined) continue;
    const result = extension.charts(scope, { cluster, platform, settings });
    const charts: readonly Chart[] = Array.isArray(result) ? result : [result as Chart];
    for (const chart of charts) {
      if (!HanokChart.isHanokChart(chart)) {
        throw new Error(`extension ${extension.name}: chart ${(chart as Chart | undefined)?.node?.id ?? String(chart)} must extend HanokChart, so its labels and namespaces are those of every layer`);
      }
    }
    byName.set(extension.name, charts);
    built.push({ extension, charts });
  }
  // After every extension is built, so `after` may name one built later.
  for (const { extension, charts } of built) {
    const dependencies = [platform.networking, ...extension.after.flatMap((name) => byName.get(name) ?? [])];
    charts.forEach((chart) => dependencies.forEach((dependency) => dependency && chart.addDependency(dependency)));
  }
  const added = built.flatMap((entry) => entry.charts);
  return orderCharts([...platform.charts, ...added]);
}
