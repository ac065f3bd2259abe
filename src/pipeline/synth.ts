import { Cluster } from '../config/cluster';
import { loadClusters } from '../config/load';
import { checkFleetWarnings } from '../config/fleet-warnings';
import { ConfigError } from '../config/problems';
import { UserError } from '../config/errors';
import { assertReplaceable, OutputStaging, recoverInterruptedWrite, writeOutputTree } from './output-folder';
import { HeapPacing } from './heap-pacing';
import { ClusterOutput, synthesizeCluster, SynthesizeOptions } from './synthesize-cluster';
import { FleetConfig, FLEET_OUTPUT, loadFleet } from '../config/fleet';
import { clusterGitopsFiles, fleetFiles, FleetMember, fleetMember } from '../gitops';
import { HanokExtension } from '../extensions/extension';
import { checkExtensions } from '../extensions/extension-charts';
import { OutputWrites, startOutputWorker } from './output-worker';

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
  readonly beforeWrite?: (outputs: readonly Pick<ClusterOutput, 'cluster' | 'check'>[]) => void;
  /**
   * Charts of the user's own, built beside the layers (see src/extensions): each one's section of the cluster files
   * is validated with the rest, and its charts go through every check.
   * @default - none
   */
  readonly extensions?: readonly HanokExtension[];
  /**
   * Run the output checks. Only the benchmark turns them off, to measure what they cost.
   * @default true
   */
  readonly checks?: boolean;
}

/** `--strict`: warnings fail the run, before anything is written. */
export function assertNoWarnings(outputs: readonly Pick<ClusterOutput, 'cluster' | 'check'>[]): void {
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
  const outputs: ClusterOutput[] = [];
  forEachClusterOutput(clustersDir, only, options, option, (output) => outputs.push(output));
  return outputs;
}

/**
 * Loads and synthesizes clusters, handing each cluster's output to `take` as soon as it is checked, so a caller that
 * does not keep them holds one cluster's files at a time. After the first failing cluster `take` is no longer
 * called, the others are still synthesized to report their problems too, and a UserError lists every problem.
 * `take` also gets how many of the files are the cluster's own, before the fleet's GitOps files.
 */
function forEachClusterOutput(
  clustersDir: string,
  only: readonly string[] | undefined,
  options: SynthesizeOptions,
  option: string,
  take: (output: ClusterOutput, ownFiles: number) => void,
): void {
  // Every cluster gets drawn at the end: let Graphviz compile meanwhile.
  if (options.draw === undefined || options.draw === true) startOutputWorker();
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
  const errors: string[] = [];
  for (const cluster of selected) {
    let output: ClusterOutput;
    let ownFiles: number;
    try {
      const synthesized = synthesizeCluster(cluster, { allClusters: clusters, ...options });
      ownFiles = synthesized.files.size;
      const withGitops = fleet ? { ...synthesized, files: new Map([...synthesized.files, ...clusterGitopsFiles(fleet, synthesized)]) } : synthesized;
      const extra = fleetWarnings.filter((warning) => warning.cluster === cluster.name).map((warning) => warning.message);
      output = extra.length === 0 ? withGitops : { ...withGitops, check: { ...withGitops.check, warnings: [...withGitops.check.warnings, ...extra] } };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      errors.push(error.message);
      continue;
    }
    if (errors.length === 0) take(output, ownFiles);
  }
  if (errors.length > 0) {
    throw new UserError(errors.join('\n'));
  }
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
 * Synthesizes and writes crash-safely: each cluster is rendered, checked and written to a staging folder beside the
 * output folder, and the staging folder is swapped into place (see output-folder.ts) once every cluster, the
 * `beforeWrite` hook and the fleet's files have passed. On any error the output folder is left exactly as it was,
 * and a folder hanok did not write is never replaced. Returns every cluster's output; `writeClusters` keeps less.
 */
export function synth(options: SynthOptions, notice?: (message: string) => void): ClusterOutput[] {
  const outputs: ClusterOutput[] = [];
  synthesizeIntoStaging(options, notice, false, (output) => outputs.push(output));
  return outputs;
}

/**
 * What `writeClusters` keeps of a written cluster: its output without the files' contents and the objects, which are
 * what grows with the fleet.
 */
export interface WrittenCluster extends Omit<ClusterOutput, 'files' | 'manifests'> {
  /** The paths of the files written to `<out>/<cluster>/`. */
  readonly files: readonly string[];
  /** The cluster's manifest files, each with its number of objects. */
  readonly manifests: readonly { readonly name: string; readonly chart: string; readonly objectCount: number }[];
}

/**
 * synth for fleets (`hanok synth`): the same checks, staging and swap, but each cluster's files and objects are
 * dropped once they are handed to the output worker, so memory does not grow with the number of clusters. The worker
 * draws the cluster's pictures and writes its files while the next cluster is synthesized (see output-worker.ts).
 */
export function writeClusters(options: SynthOptions, notice?: (message: string) => void): WrittenCluster[] {
  const written: WrittenCluster[] = [];
  synthesizeIntoStaging(options, notice, true, ({ files, manifests, undrawn = [], dots: _dots, ...rest }, ownFiles) => {
    // In synth's order: the cluster's own files, its pictures, then its GitOps files.
    const names = [...files.keys()];
    names.splice(ownFiles, 0, ...undrawn);
    written.push({ ...rest, files: names, manifests: manifests.map((manifest) => ({ name: manifest.name, chart: manifest.chart, objectCount: manifest.objects.length })) });
  });
  return written;
}

/**
 * With `inBackground`, the output worker draws the pictures and writes the files while this thread goes on; the
 * staging folder's commit waits for it, and every failure stops the run as a synchronous write would.
 */
function synthesizeIntoStaging(
  options: SynthOptions,
  notice: ((message: string) => void) | undefined,
  inBackground: boolean,
  keep: (output: ClusterOutput, ownFiles: number) => void,
): void {
  // First repair what a killed run left, then refuse a dangerous --out before spending time on synthesis.
  recoverInterruptedWrite(options.outDir, notice ?? (() => undefined));
  assertReplaceable(options.outDir, options.clustersDir);
  const all = !options.only || options.only.length === 0;
  // The staging folder is made when the first cluster is ready, so a configuration error leaves no trace at all.
  let staging: OutputStaging | undefined;
  const checked: Pick<ClusterOutput, 'cluster' | 'check'>[] = [];
  const members: FleetMember[] = [];
  const pacing = new HeapPacing();
  // Started before the clusters are loaded, so that the worker compiles Graphviz meanwhile on the other core.
  if (inBackground) startOutputWorker();
  const writes = inBackground ? new OutputWrites() : undefined;
  const stage = (folderName: string, files: ReadonlyMap<string, string>, dots?: ReadonlyMap<string, string>): void => {
    if (writes) staging!.writeInBackground(folderName, files, dots, writes);
    else staging!.write(folderName, files);
  };
  try {
    const synthesizeOptions = { extensions: options.extensions, checks: options.checks, ...(inBackground ? { draw: 'later' as const } : {}) };
    forEachClusterOutput(options.clustersDir, options.only, synthesizeOptions, '--only', (output, ownFiles) => {
      staging ??= OutputStaging.open(options.outDir, { clustersDir: options.clustersDir, notice, replaceAll: all });
      stage(output.cluster.name, output.files, output.dots);
      checked.push({ cluster: output.cluster, check: output.check });
      if (all) members.push(fleetMember(output));
      keep(output, ownFiles);
      pacing.clusterWritten();
    });
    options.beforeWrite?.(checked);
    staging ??= OutputStaging.open(options.outDir, { clustersDir: options.clustersDir, notice, replaceAll: all });
    // The fleet's objects span every cluster, so --only leaves them as they are.
    const fleet = all ? synthesizeFleetFiles(options.clustersDir, members) : undefined;
    if (fleet) stage(FLEET_OUTPUT, fleet);
    // Waits for the output worker first.
    staging.commit();
  } finally {
    pacing.end();
    staging?.discard();
  }
}

/**
 * The files of `<out>/fleet/` (the Argo CD ApplicationSet) when the cluster folder has a fleet file; the outputs must
 * be those of every cluster.
 */
export function synthesizeFleetFiles(clustersDir: string, outputs: readonly (ClusterOutput | FleetMember)[]): Map<string, string> | undefined {
  const fleet = loadFleet(clustersDir, outputs.map((output) => ('layers' in output ? output.cluster : output.cluster.name)));
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
