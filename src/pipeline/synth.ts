import * as fs from 'fs';
import * as path from 'path';
import { Cluster } from '../config/cluster';
import { loadClusters } from '../config/load';
import { ConfigError } from '../config/problems';
import { UserError } from './errors';
import { ClusterOutput, synthesizeCluster, SynthesizeOptions } from './synthesize-cluster';
import { FleetConfig, FLEET_OUTPUT, loadFleet } from '../config/fleet';
import { clusterGitopsFiles, fleetFiles } from '../gitops';

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
}

/**
 * Loads and synthesizes clusters without writing anything. Throws a UserError listing every problem found;
 * `option` names the command-line option that selected `only`, for the message about unknown clusters.
 */
export function synthesizeClusters(clustersDir: string, only?: readonly string[], options: SynthesizeOptions = {}, option = '--only'): ClusterOutput[] {
  let clusters: Cluster[];
  let fleet: FleetConfig | undefined;
  try {
    clusters = loadClusters(clustersDir);
    fleet = loadFleet(clustersDir, clusters.map((cluster) => cluster.name));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UserError(error.message);
    }
    throw error;
  }
  const selected = selectClusters(clusters, only, option);
  const outputs: ClusterOutput[] = [];
  const errors: string[] = [];
  for (const cluster of selected) {
    try {
      const output = synthesizeCluster(cluster, { allClusters: clusters, ...options });
      outputs.push(fleet ? { ...output, files: new Map([...output.files, ...clusterGitopsFiles(fleet, output)]) } : output);
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
 * Synthesizes and writes atomically: everything is rendered and checked first, then written to a temporary folder
 * beside the output folder, then moved into place. On any error the output folder is left exactly as it was.
 */
export function synth(options: SynthOptions): ClusterOutput[] {
  const outputs = synthesizeClusters(options.clustersDir, options.only);
  const all = !options.only || options.only.length === 0;
  // The fleet's objects span every cluster, so --only leaves them as they are.
  writeOutputs(outputs, options.outDir, all, all ? synthesizeFleetFiles(options.clustersDir, outputs) : undefined);
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

export function writeOutputs(outputs: readonly ClusterOutput[], outDir: string, replaceAll: boolean, fleetFiles?: ReadonlyMap<string, string>): void {
  const target = path.resolve(outDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), `.hanok-tmp-${path.basename(target)}-`));
  try {
    for (const output of outputs) {
      for (const [relative, content] of output.files) {
        const file = path.join(staging, output.cluster.name, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
    }
    for (const [relative, content] of fleetFiles ?? []) {
      const file = path.join(staging, FLEET_OUTPUT, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    if (replaceAll) {
      swapIn(staging, target);
    } else {
      fs.mkdirSync(target, { recursive: true });
      for (const output of outputs) {
        swapIn(path.join(staging, output.cluster.name), path.join(target, output.cluster.name));
      }
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Replaces `target` by `replacement` with two renames, restoring the old folder if the second fails. */
function swapIn(replacement: string, target: string): void {
  const previous = `${target}.hanok-old-${process.pid}`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) {
    fs.renameSync(target, previous);
  }
  try {
    fs.renameSync(replacement, target);
  } catch (error) {
    if (hadPrevious) {
      fs.renameSync(previous, target);
    }
    throw error;
  }
  if (hadPrevious) {
    fs.rmSync(previous, { recursive: true, force: true });
  }
}
