import { Cluster } from '../config/cluster';
import { loadClusters } from '../config/load';
import { checkFleetWarnings } from '../config/fleet-warnings';
import { ConfigError } from '../config/problems';
import { UserError } from '../config/errors';
import { assertReplaceable, recoverInterruptedWrite, writeOutputTree } from './output-folder';
import { ClusterOutput, synthesizeCluster, SynthesizeOptions } from './synthesize-cluster';
import { FleetConfig, FLEET_OUTPUT, loadFleet } from '../config/fleet';
import { clusterGitopsFiles, fleetFiles } from '../gitops';
import { HanokExtension } from '../extensions/extension';
import { checkExtensions } from '../extensions/extension-charts';
import { startGraphviz } from '../topology/graphviz';

export interface SynthOptions {
  /** Folder of cluster files. */
  readonly clustersDir: string;
  /** Output folder; each cluster is written to `<outDir>/<cluster>/`. */
  readonly outDir: string;
  /**
   * Synthesize only these clusters; the others' output folders are left as they are. Every cluster file is still
   * validated, because clusters refer to each other.
   * @default - every cluster, and output folders of clusters that no longer exist are removed
   */
  readonly only?: readonly string[];
  /**
   * Runs after synthesis and before anything is written; throwing a UserError stops the write (`--strict`).
   * @default - nothing
   */
  readonly beforeWrite?: (outputs: readonly ClusterOutput[]) => void;
  /**
   * Charts of the user's own, built beside the layers (see src/extensions): each one's section of the cluster files
   * is validated with the rest, and its charts go through every check.
   * @default - none
   */
  readonly extensions?: readonly HanokExtension[];
}

/** `--strict`: warnings fail the run, before anything is written. */
export function assertNoWarnings(outputs: readonly ClusterOutput[]): void {
  const warnings = outputs.flatMap((output) => output.check.warnings.map((warning) => `${output.cluster.name}: ${warning}`));
  if (warnings.length > 0) {
    throw new UserError(`--strict: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} fail the run:\n${warnings.map((warning) => `  ${warning}`).join('\n')}`);
  }
}

/**
 * Loads and synthesizes clusters without writing anything. Throws a UserError listing every problem found;
 * `option` names the command-line option that selected `only`, for the message about unknown clusters.
 */
export function synthesizeClusters(clustersDir: string, only?: readonly string[], options: SynthesizeOptions = {}, option = '--only'): ClusterOutput[] {
  // Every cluster gets drawn at the end: let Graphviz compile meanwhile.
  if (options.draw !== false) startGraphviz();
  let clusters: Cluster[];
  let fleet: FleetConfig | undefined;
  try {
    checkExtensions(options.extensions ?? []);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  try {
    clusters = loadClusters(clustersDir, { extensions: options.extensions });
    fleet = loadFleet(clustersDir, clusters.map((cluster) => cluster.name));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UserError(error.message);
    }
    throw error;
  }
  const selected = selectClusters(clusters, only, option);
  const fleetWarnings = checkFleetWarnings(clusters);
  const outputs: ClusterOutput[] = [];
  const errors: string[] = [];
  for (const cluster of selected) {
    try {
      const synthesized = synthesizeCluster(cluster, { allClusters: clusters, ...options });
      const output = fleet ? { ...synthesized, files: new Map([...synthesized.files, ...clusterGitopsFiles(fleet, synthesized)]) } : synthesized;
      const extra = fleetWarnings.filter((warning) => warning.cluster === cluster.name).map((warning) => warning.message);
      outputs.push(extra.length === 0 ? output : { ...output, check: { ...output.check, warnings: [...output.check.warnings, ...extra] } });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) {
    throw new UserError(errors.join('\n'));
  }
  return outputs;
}

function selectClusters(clusters: readonly Cluster[], only: readonly string[] | undefined, option: string): readonly Cluster[] {
  if (!only || only.length === 0) {
    return clusters;
  }
  const unknown = only.filter((name) => !clusters.some((cluster) => cluster.name === name));
  if (unknown.length > 0) {
    throw new UserError(`${option} names unknown cluster${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${clusters.map((cluster) => cluster.name).join(', ')})`);
  }
  return clusters.filter((cluster) => only.includes(cluster.name));
}

/**
 * Synthesizes and writes crash-safely: everything is rendered and checked first, then written to a staging folder
 * beside the output folder and swapped into place (see output-folder.ts). On any error the output folder is left
 * exactly as it was, and a folder hanok did not write is never replaced.
 */
export function synth(options: SynthOptions, notice?: (message: string) => void): ClusterOutput[] {
  // First repair what a killed run left, then refuse a dangerous --out before spending time on synthesis.
  recoverInterruptedWrite(options.outDir, notice ?? (() => undefined));
  assertReplaceable(options.outDir, options.clustersDir);
  const outputs = synthesizeClusters(options.clustersDir, options.only, { extensions: options.extensions });
  options.beforeWrite?.(outputs);
  const all = !options.only || options.only.length === 0;
  // The fleet's objects span every cluster, so --only leaves them as they are.
  writeOutputs(outputs, options.outDir, all, { clustersDir: options.clustersDir, notice, fleetFiles: all ? synthesizeFleetFiles(options.clustersDir, outputs) : undefined });
  return outputs;
}

/**
 * The files of `<out>/fleet/` (the Argo CD ApplicationSet) when the cluster folder has a fleet file; the outputs must
 * be those of every cluster.
 */
export function synthesizeFleetFiles(clustersDir: string, outputs: readonly ClusterOutput[]): Map<string, string> | undefined {
  const fleet = loadFleet(clustersDir, outputs.map((output) => output.cluster.name));
  return fleet ? fleetFiles(fleet, outputs, clustersDir) : undefined;
}

export function writeOutputs(
  outputs: readonly ClusterOutput[],
  outDir: string,
  replaceAll: boolean,
  options: { clustersDir?: string; notice?: (message: string) => void; fleetFiles?: ReadonlyMap<string, string> } = {},
): void {
  const { fleetFiles: fleetOutput, ...writeOptions } = options;
  const tree = new Map<string, ReadonlyMap<string, string>>(outputs.map((output) => [output.cluster.name, output.files]));
  if (fleetOutput) tree.set(FLEET_OUTPUT, fleetOutput);
  writeOutputTree(tree, outDir, { ...writeOptions, replaceAll });
}
