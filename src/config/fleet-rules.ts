import { Cluster } from './cluster';
import { ConfigProblem } from './problems';

/** Rules across all cluster files of one folder. Layers that relate clusters to each other add their rules here. */
export function checkFleetRules(clusters: readonly Cluster[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstFileByName = new Map<string, string>();
  for (const cluster of clusters) {
    const previous = firstFileByName.get(cluster.name);
    if (previous) {
      problems.push({
        file: cluster.sourceFile,
        path: ['metadata', 'name'],
        message: `cluster name already used by ${previous}`,
        got: cluster.name,
        expected: 'a cluster name unique in the folder',
      });
    } else {
      firstFileByName.set(cluster.name, cluster.sourceFile);
    }
  }
  return problems;
}
