import * as fs from 'fs';
import * as path from 'path';
import { Cluster } from '../config/cluster';
import { InitError, initClusterFile } from '../config/init';
import * as yaml from 'js-yaml';
import { BASE_KIND } from '../config/bases';
import { readConfigFile } from '../config/cluster-files';
import { loadClusters, parseClusterFile } from '../config/load';
import { checkFleetRules } from '../config/fleet-rules';
import { ConfigError, formatProblem } from '../config/problems';
import { UserError } from '../config/errors';

/**
 * `hanok init`: writes `<clustersDir>/<name>.yaml`, a minimal cluster file whose addresses clash with none of the
 * clusters already there, and returns its path. Never replaces a file: an existing `<name>.yaml` is refused.
 */
export function initCluster(clustersDir: string, name: string, network?: string, from?: string): string {
  const file = path.join(clustersDir, `${name}.yaml`);
  if (fs.existsSync(file) || fs.existsSync(path.join(clustersDir, `${name}.yml`))) {
    throw new UserError(`${file} already exists; hanok init never replaces a file (choose another name, or edit that file)`);
  }
  const existing = existingClusters(clustersDir);
  let text: string;
  try {
    text = initClusterFile({ name, existing, network, base: from === undefined ? undefined : readBase(from, clustersDir) });
  } catch (error) {
    if (error instanceof InitError) throw new UserError(error.message);
    throw error;
  }
  // What init writes must validate at once, beside the clusters already there.
  const parsed = parseClusterFile(file, text);
  const problems = parsed.cluster ? checkFleetRules([...existing, parsed.cluster]) : parsed.problems;
  if (problems.length > 0) {
    throw new Error(`hanok init produced an invalid cluster file:\n${problems.map(formatProblem).join('\n')}`);
  }
  fs.mkdirSync(clustersDir, { recursive: true });
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}

/** The base named by --from: its path relative to the clusters folder (where the new file goes) and its spec. */
function readBase(from: string, clustersDir: string): { path: string; spec: Record<string, unknown> } {
  const read = readConfigFile(from);
  if (typeof read === 'string') {
    throw new UserError(`--from ${from}: the base file ${read}`);
  }
  let document: unknown;
  try {
    document = yaml.load(read.text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new UserError(`--from ${from}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const kind = (document as { kind?: unknown } | null)?.kind;
  if (kind !== BASE_KIND) {
    throw new UserError(`--from ${from}: not a base file (got kind ${JSON.stringify(kind)}, expected ${BASE_KIND})`);
  }
  const spec = (document as { spec?: unknown }).spec;
  return { path: path.relative(clustersDir, from).split(path.sep).join('/'), spec: spec && typeof spec === 'object' ? (spec as Record<string, unknown>) : {} };
}

function existingClusters(clustersDir: string): Cluster[] {
  const hasClusterFiles = fs.existsSync(clustersDir) && fs.readdirSync(clustersDir).some((entry) => /\.ya?ml$/.test(entry));
  if (!hasClusterFiles) {
    return [];
  }
  try {
    return loadClusters(clustersDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UserError(`the clusters in ${clustersDir} do not validate, so init cannot tell which addresses are free; fix them first:\n${error.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
    }
    throw error;
  }
}
