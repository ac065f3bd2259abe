import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { checkClusterRules } from './cluster-rules';
import { CLUSTER_FILE, MAX_CLUSTER_FILE_BYTES, readClusterFiles, readConfigFile } from './cluster-files';
import { checkDocumentLimits } from './document-limits';
import { ReadConfigFile, resolveBases } from './bases';
import { lineLocator } from './source-lines';
import { ConfigError, ConfigProblem, FieldPath } from './problems';
import { ClusterConfig } from './schema';
import { clusterFileSchema, ClusterFileSchema, ExtensionSettings } from './extension-schema';
import { describeIssue } from './schema-issues';
import { Cluster, resolveCluster } from './cluster';
import { checkFleetRules } from './fleet-rules';
import { resolveOpenMcpFleet } from './openmcp-fleet';
import { readBootstrapRegistryCa, readRegistryCa } from './registry-ca';

export { readClusterFiles } from './cluster-files';

const MAX_PROBLEMS_PER_FILE = 100;

export interface LoadOptions {
  /**
   * The extensions hanok runs with: each one's section under `spec.extensions` is checked against its schema.
   * @default - none: `spec.extensions` must be empty
   */
  readonly extensions?: readonly ExtensionSettings[];
}

/**
 * Loads every cluster file in a folder, in file-name order. Throws a ConfigError listing every problem in every
 * file (syntax, schema, rules within a cluster, rules across clusters) when anything is wrong.
 */
export function loadClusters(directory: string, options: LoadOptions = {}): Cluster[] {
  const read = readClusterFiles(directory);
  const problems: ConfigProblem[] = [...read.problems];
  const clusters: Cluster[] = [];
  const schema = clusterFileSchema(options.extensions);
  for (const { file, text } of read.files) {
    const result = parseClusterFile(file, text, readConfigFile, schema);
    problems.push(...result.problems);
    if (result.cluster) {
      clusters.push(result.cluster);
    }
  }
  const texts = new Map(read.files.map(({ file, text }) => [file, text]));
  for (const problem of checkFleetRules(clusters, problems.length === 0)) {
    const text = texts.get(problem.file);
    problems.push(text !== undefined && problem.line === undefined && problem.path.length > 0 ? { ...problem, line: lineLocator(text)(problem.path) } : problem);
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return resolveOpenMcpFleet(clusters);
}

/**
 * Parses and validates one cluster file's text, merged with the bases it names (read with `read`). Never throws for
 * bad input: problems are returned, each in the file and at the line where the offending value was written.
 */
export function parseClusterFile(
  file: string,
  text: string,
  read: ReadConfigFile = readConfigFile,
  schema: ClusterFileSchema = clusterFileSchema(),
): { cluster?: Cluster; problems: ConfigProblem[] } {
  if (text.length > MAX_CLUSTER_FILE_BYTES) {
    return { problems: [{ file, path: [], message: `is ${text.length} characters long; a cluster file is at most ${MAX_CLUSTER_FILE_BYTES}` }] };
  }
  let document: unknown;
  try {
    document = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return {
        problems: [{ file, path: [], line: error.mark ? error.mark.line + 1 : undefined, message: `YAML syntax error: ${error.reason}` }],
      };
    }
    if (error instanceof RangeError) {
      return { problems: [{ file, path: [], message: 'YAML nested too deeply to read', expected: 'the structure of a cluster file' }] };
    }
    throw error;
  }
  const violations = checkDocumentLimits(document);
  if (violations.length > 0) {
    return { problems: violations.map((violation) => ({ file, ...violation })) };
  }
  const layered = resolveBases(file, text, document, read);
  if (layered.problems.length > 0) {
    return { problems: [...layered.problems] };
  }
  document = layered.document;
  const withLines = (problems: ConfigProblem[]) => {
    // A hostile file can hold thousands of unknown fields: report the first ones, and how many more there are.
    const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE).map((problem) => {
      if (problem.line !== undefined || problem.path.length === 0) return problem;
      // The file and line where the value was written: the cluster file or one of its bases.
      const source = layered.locate(problem.path);
      return { ...problem, file: source.file, line: source.line };
    });
    if (problems.length > MAX_PROBLEMS_PER_FILE) {
      shown.push({ file, path: [], message: `and ${problems.length - MAX_PROBLEMS_PER_FILE} more problems` });
    }
    return shown;
  };
  const parsed = schema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    const structural = parsed.error.issues.flatMap((issue) => describeIssue(file, issue, schema));
    // Every problem at once: without the fields the schema refused, the rest may still be checked against each other.
    const degraded = withoutRefusedFields(document, parsed.error.issues, schema);
    const semantic = degraded ? semanticProblems(file, degraded.config, document).filter((problem) => !degraded.removed.some((removed) => startsWith(problem.path, removed))) : [];
    return { problems: withLines([...structural, ...semantic]) };
  }
  const config: ClusterConfig = parsed.data;
  const problems = semanticProblems(file, config, document);
  const registryCa = readRegistryCa(config, file);
  const bootstrapCa = readBootstrapRegistryCa(config, file);
  problems.push(...[...registryCa.violations, ...bootstrapCa.violations].map((violation) => ({ file, ...violation })));
  return problems.length > 0
    ? { problems: withLines(problems) }
    : { cluster: resolveCluster(config, file, { registryCa: registryCa.pem, bootstrapRegistryCa: bootstrapCa.pem, baseFiles: layered.baseFiles }), problems };
}

/** Rules across fields and the name check, on a configuration the schema accepted. */
function semanticProblems(file: string, config: ClusterConfig, document: unknown): ConfigProblem[] {
  const written = (fieldPath: FieldPath) => {
    let node = document;
    for (const part of fieldPath) {
      if (!node || typeof node !== 'object' || !(part in node)) return false;
      node = (node as Record<string | number, unknown>)[part];
    }
    return true;
  };
  const problems: ConfigProblem[] = checkClusterRules(config, written).map((violation) => ({ file, ...violation }));
  const expectedName = path.basename(file).replace(CLUSTER_FILE, '');
  if (config.metadata.name !== expectedName) {
    problems.push({
      file,
      path: ['metadata', 'name'],
      message: 'cluster name does not match the file name',
      got: config.metadata.name,
      expected: JSON.stringify(expectedName),
    });
  }
  return problems;
}

/**
 * The document with every field the schema refused taken out (an unknown field, a value of the wrong type), parsed
 * again, so that fields with defaults fall back to them; undefined when that still does not give a configuration.
 */
function withoutRefusedFields(document: unknown, issues: readonly z.core.$ZodIssue[], schema: ClusterFileSchema): { config: ClusterConfig; removed: FieldPath[] } | undefined {
  let current: unknown = structuredClone(document);
  let pending = issues;
  const removed: FieldPath[] = [];
  for (let round = 0; round < 3; round++) {
    for (const issue of pending) {
      const issuePath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
      const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issuePath, key]) : [issuePath];
      for (const target of targets) {
        if (target.length === 0 || typeof target[target.length - 1] === 'number' || !deleteAt(current, target)) return undefined;
        removed.push(target);
      }
    }
    const again = schema.safeParse(current);
    if (again.success) return { config: again.data, removed };
    pending = again.error.issues;
  }
  return undefined;
}

function deleteAt(document: unknown, target: FieldPath): boolean {
  let node = document as Record<string | number, unknown> | undefined;
  for (const part of target.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node[part] as Record<string | number, unknown>) : undefined;
  }
  const last = target[target.length - 1];
  if (!node || typeof node !== 'object' || Array.isArray(node) || !(last in node)) return false;
  delete node[last];
  return true;
}

function startsWith(fieldPath: FieldPath, prefix: FieldPath): boolean {
  return prefix.every((part, index) => fieldPath[index] === part);
}
