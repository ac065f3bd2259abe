import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { App } from 'cdk8s';
import { Cluster } from '../src/config/cluster';
import { loadClusters, parseClusterFile } from '../src/config/load';
import { resolveOpenMcpFleet } from '../src/config/openmcp-fleet';
import { ConfigProblem, formatProblem } from '../src/config/problems';
import { KubeObject } from '../src/kube/objects';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const EXAMPLE_CLUSTERS_DIR = path.join(REPO_ROOT, 'clusters');
export const EXAMPLE_CLUSTER_NAMES = ['cluster1', 'cluster2', 'lab', 'openmcp'];

let examples: Cluster[] | undefined;

/** The bundled example clusters, loaded once per test file. */
export function exampleClusters(): Cluster[] {
  examples ??= loadClusters(EXAMPLE_CLUSTERS_DIR);
  return examples;
}

export function exampleCluster(name: string): Cluster {
  const cluster = exampleClusters().find((candidate) => candidate.name === name);
  if (!cluster) throw new Error(`no example cluster ${name}`);
  return cluster;
}

/** The parsed YAML of an example cluster file, to mutate into test cases. */
export function exampleDocument(name: string): any {
  return yaml.load(fs.readFileSync(path.join(EXAMPLE_CLUSTERS_DIR, `${name}.yaml`), 'utf8'));
}

/** Validates a cluster document as if it were the file `clusters/<name>.yaml`; returns formatted problems. */
export function problemsOf(document: unknown, name = 'lab'): string[] {
  return parseClusterFile(`clusters/${name}.yaml`, yaml.dump(document)).problems.map((problem: ConfigProblem) => formatProblem(problem));
}

/** A cluster built from an example document after `mutate`, failing the test if it does not validate. */
export function clusterWith(name: string, mutate: (document: any) => void): Cluster {
  const document = exampleDocument(name);
  mutate(document);
  const result = parseClusterFile(`clusters/${name}.yaml`, yaml.dump(document));
  if (!result.cluster) throw new Error(result.problems.map(formatProblem).join('\n'));
  // As loadClusters would: with the other example clusters, so an OpenMCP member knows its master's settings.
  const fleet = [...exampleClusters().filter((cluster) => cluster.name !== name), result.cluster];
  return resolveOpenMcpFleet(fleet).find((cluster) => cluster.name === name)!;
}

/** Synthesizes a chart or construct under test into plain objects. */
export function synthObjects(chartOrApp: { toJson(): unknown[] }): KubeObject[] {
  return chartOrApp.toJson() as KubeObject[];
}

export function findObject(objects: readonly KubeObject[], kind: string, name: string): any {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
  return found;
}

export function newApp(): App {
  return new App({ outdir: 'unused' });
}

/**
 * Warnings other than the version ones (tests/versions covers them): upstream images calling removed APIs, and a
 * minor past its end of life (which depends on the day the tests run).
 */
export function ownWarnings(warnings: readonly string[]): string[] {
  return warnings.filter((warning) => !/^(OpenFx gateway|OpenMCP controllers): the upstream image|^spec\.kubernetesVersion: Kubernetes \d+\.\d+ reached its upstream end of life/.test(warning));
}

/** Every file below a folder, relative path to content. */
export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/**
 * A cgroup v2 root (it has cgroup.controllers) for HANOK_CGROUP_ROOT, so that node scripts get past their version
 * check on machines that run the tests on cgroup v1.
 */
export function fakeCgroupV2Root(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-cgroup2-'));
  fs.writeFileSync(path.join(root, 'cgroup.controllers'), 'cpu memory pids\n');
  return root;
}
