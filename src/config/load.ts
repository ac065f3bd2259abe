import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { checkClusterRules } from './cluster-rules';
import { checkDocumentLimits } from './document-limits';
import { expectationFor } from './fields';
import { ReadConfigFile, resolveBases } from './bases';
import { ConfigError, ConfigProblem, FieldPath } from './problems';
import { ClusterConfig, ClusterConfigSchema } from './schema';
import { Cluster, resolveCluster } from './cluster';
import { checkFleetRules } from './fleet-rules';
import { resolveOpenMcpFleet } from './openmcp';

const CLUSTER_FILE = /\.ya?ml$/;
/** Real cluster files are a few KiB; anything this large is a mistake or an attack. */
export const MAX_CLUSTER_FILE_BYTES = 256 * 1024;

/**
 * Loads every cluster file in a folder, in file-name order. Throws a ConfigError listing every problem in every
 * file (syntax, schema, rules within a cluster, rules across clusters) when anything is wrong.
 */
export function loadClusters(directory: string): Cluster[] {
  const read = readClusterFiles(directory);
  const problems: ConfigProblem[] = [...read.problems];
  const clusters: Cluster[] = [];
  for (const { file, text } of read.files) {
    const result = parseClusterFile(file, text);
    problems.push(...result.problems);
    if (result.cluster) {
      clusters.push(result.cluster);
    }
  }
  if (problems.length === 0) {
    problems.push(...checkFleetRules(clusters));
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return resolveOpenMcpFleet(clusters);
}

/**
 * Reads every cluster file of a folder, in file-name order, refusing what is not a small regular file inside the
 * folder: dangling or looping symbolic links, links to files elsewhere, folders, FIFOs and devices (never opened, so
 * synth cannot hang on them), unreadable and oversized files. Throws a ConfigError when the folder itself is unusable.
 */
export function readClusterFiles(directory: string): { files: Array<{ file: string; text: string }>; problems: ConfigProblem[] } {
  const folderProblem = (message: string, expected = 'a folder of <cluster>.yaml files') =>
    new ConfigError([{ file: directory, path: [], message, expected }]);
  let names: string[];
  let realDirectory: string;
  try {
    if (!fs.statSync(directory).isDirectory()) throw folderProblem('is not a folder');
    realDirectory = fs.realpathSync(directory);
    names = fs.readdirSync(directory);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as { code?: string }).code;
    throw folderProblem(code === 'ENOENT' ? 'cluster folder not found' : `cannot read the cluster folder (${code ?? (error as Error).message})`);
  }
  const files = names
    .filter((name) => CLUSTER_FILE.test(name))
    .sort()
    .map((name) => path.join(directory, name));
  if (files.length === 0) {
    throw new ConfigError([{ file: directory, path: [], message: 'no cluster files', expected: 'at least one <cluster>.yaml' }]);
  }
  const problems: ConfigProblem[] = [];
  const read: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    const result = readClusterFile(file, realDirectory);
    if (typeof result === 'string') {
      problems.push({ file, path: [], message: result });
    } else {
      read.push({ file, text: result.text });
    }
  }
  return { files: read, problems };
}

/** The text of one cluster file, or why it cannot be used. */
function readClusterFile(file: string, realDirectory?: string): { text: string } | string {
  const reason = (error: unknown): string => {
    const code = (error as { code?: string }).code;
    const reasons: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', ELOOP: 'a symbolic link loop', EIO: 'input/output error' };
    return `${reasons[code ?? ''] ?? (error as Error).message}${code ? ` (${code})` : ''}`;
  };
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (error) {
    return `cannot be read: ${reason(error)}`;
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = fs.realpathSync(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ELOOP') return 'is a symbolic link loop; replace it by the cluster file';
      if (code === 'ENOENT') return 'is a dangling symbolic link (its target does not exist); fix or remove it';
      return `is a symbolic link that cannot be followed: ${reason(error)}`;
    }
    if (realDirectory !== undefined && path.dirname(target) !== realDirectory && !target.startsWith(`${realDirectory}${path.sep}`)) {
      return 'is a symbolic link to a file outside the clusters folder; copy the file into the folder instead';
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return `cannot be read: ${reason(error)}`;
  }
  if (stat.isDirectory()) return 'is a folder, not a cluster file; rename or move it';
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
    return `is ${kind}, not a regular file; cluster files must be plain files`;
  }
  if (stat.size > MAX_CLUSTER_FILE_BYTES) {
    return `is ${stat.size} bytes; a cluster file is at most ${MAX_CLUSTER_FILE_BYTES} bytes`;
  }
  let descriptor: number | undefined;
  try {
    // O_NONBLOCK: should the file have been swapped for a FIFO since the check, opening it still returns at once.
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(descriptor).isFile()) return 'is not a regular file; cluster files must be plain files';
    const buffer = Buffer.alloc(MAX_CLUSTER_FILE_BYTES + 1);
    let length = 0;
    for (let count = -1; count !== 0 && length < buffer.length; length += count) {
      count = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_CLUSTER_FILE_BYTES) return `is more than ${MAX_CLUSTER_FILE_BYTES} bytes; a cluster file is at most that`;
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return 'is not UTF-8 text';
    }
  } catch (error) {
    return `cannot be read: ${reason(error)}; check its permissions`;
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/**
 * Reads a configuration file that may live anywhere, such as a base: a small regular UTF-8 file, never a FIFO or
 * device; or says why it cannot be used.
 */
export const readConfigFile: ReadConfigFile = (file) => readClusterFile(file);

/**
 * Parses and validates one cluster file's text, merged with the bases it names (read with `read`). Never throws for
 * bad input: problems are returned, each in the file and at the line where the offending value was written.
 */
export function parseClusterFile(file: string, text: string, read: ReadConfigFile = readConfigFile): { cluster?: Cluster; problems: ConfigProblem[] } {
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
  const withLines = (problems: ConfigProblem[]) =>
    problems.map((problem) => {
      if (problem.line !== undefined || problem.path.length === 0) return problem;
      const source = layered.locate(problem.path);
      return { ...problem, file: source.file, line: source.line };
    });
  const parsed = ClusterConfigSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    const structural = parsed.error.issues.flatMap((issue) => describeIssue(file, issue));
    // Every problem at once: without the fields the schema refused, the rest may still be checked against each other.
    const degraded = withoutRefusedFields(document, parsed.error.issues);
    const semantic = degraded ? semanticProblems(file, degraded.config, document).filter((problem) => !degraded.removed.some((removed) => startsWith(problem.path, removed))) : [];
    return { problems: withLines([...structural, ...semantic]) };
  }
  const config: ClusterConfig = parsed.data;
  const problems = semanticProblems(file, config, document);
  return problems.length > 0 ? { problems: withLines(problems) } : { cluster: resolveCluster(config, file, layered.baseFiles), problems };
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
function withoutRefusedFields(document: unknown, issues: readonly z.core.$ZodIssue[]): { config: ClusterConfig; removed: FieldPath[] } | undefined {
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
    const again = ClusterConfigSchema.safeParse(current);
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

function describeIssue(file: string, issue: z.core.$ZodIssue): ConfigProblem[] {
  const issuePath: FieldPath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  const expectedParam = expectationFor(issue.message);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(issuePath, issue.input);
      return issue.keys.map((key) => ({
        file,
        path: [...issuePath, key],
        message: 'unknown field',
        expected: known.length ? `one of ${known.join(', ')}` : 'no such field',
      }));
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      return [{ file, path: issuePath, message: inner?.message ?? 'invalid key', got: issue.input, expected: inner ? expectationFor(inner.message) : undefined }];
    }
    case 'invalid_type':
      if (issue.input === undefined) {
        return [{ file, path: issuePath, message: 'required field is missing', expected: withArticle(issue.expected) }];
      }
      return [{ file, path: issuePath, message: 'wrong type', got: issue.input, expected: withArticle(issue.expected) }];
    case 'invalid_value':
      return [
        {
          file,
          path: issuePath,
          message: 'not an allowed value',
          got: issue.input,
          expected: issue.values.map((value) => JSON.stringify(value)).join(' or '),
        },
      ];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return [
        {
          file,
          path: issuePath,
          message: expectedParam ? issue.message : issue.code === 'too_small' ? 'too small' : 'too large',
          got: issue.input,
          expected: expectedParam ?? `${bound}${unit}`,
        },
      ];
    }
    case 'invalid_union': {
      // A discriminated union whose discriminator matches no option, such as spec.openmcp.role.
      const { discriminator, options } = issue as unknown as { discriminator?: string; options?: unknown[] };
      if (discriminator && options && issuePath[issuePath.length - 1] === discriminator) {
        const input = issue.input as Record<string, unknown> | undefined;
        return [
          {
            file,
            path: issuePath,
            message: input && discriminator in input ? 'not an allowed value' : 'required field is missing',
            ...(input && discriminator in input ? { got: input[discriminator] } : {}),
            expected: options.map((option) => JSON.stringify(option)).join(' or '),
          },
        ];
      }
      return [{ file, path: issuePath, message: issue.message, got: issue.input, expected: expectedParam }];
    }
    default:
      return [{ file, path: issuePath, message: issue.message, got: issue.input, expected: expectedParam }];
  }
}

/** The field names the schema allows at a path, for "did you mean" help on unknown fields. */
function knownKeysAt(fieldPath: FieldPath, input?: unknown): string[] {
  let schema: z.core.$ZodType | undefined = ClusterConfigSchema;
  for (const part of [...fieldPath, undefined]) {
    schema = unwrap(unionOption(unwrap(schema), part, input));
    if (part === undefined || !schema) {
      break;
    }
    const def: Record<string, unknown> = schema._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object' && typeof part === 'string') {
      schema = (def.shape as Record<string, z.core.$ZodType>)[part];
    } else if (def.type === 'array' && typeof part === 'number') {
      schema = def.element as z.core.$ZodType;
    } else if (def.type === 'record') {
      schema = def.valueType as z.core.$ZodType;
    } else {
      schema = undefined;
    }
  }
  const def = schema?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/**
 * The option of a (discriminated) union that holds the field `part`, or at the end of the path the option the
 * object's discriminator selects (such as spec.openmcp by `role`). Anything else is returned unchanged.
 */
function unionOption(schema: z.core.$ZodType | undefined, part: string | number | undefined, input: unknown): z.core.$ZodType | undefined {
  const def = schema?._zod.def as unknown as Record<string, unknown> | undefined;
  if (def?.type !== 'union') {
    return schema;
  }
  const options = (def.options as z.core.$ZodType[]).map(unwrap);
  const shapeOf = (option: z.core.$ZodType | undefined) => (option?._zod.def as unknown as { shape?: Record<string, z.core.$ZodType> }).shape ?? {};
  if (part !== undefined) {
    return options.find((option) => typeof part === 'string' && part in shapeOf(option));
  }
  const discriminator = def.discriminator as string | undefined;
  const value = discriminator && input && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : undefined;
  return options.find((option) => {
    const literal = discriminator ? (shapeOf(option)[discriminator]?._zod.def as unknown as { values?: unknown[] } | undefined) : undefined;
    return literal?.values?.includes(value);
  });
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (['default', 'prefault', 'optional', 'nullable', 'readonly', 'nonoptional'].includes(def.type as string)) {
      current = def.innerType as z.core.$ZodType;
    } else if (def.type === 'pipe') {
      current = def.in as z.core.$ZodType;
    } else {
      return current;
    }
  }
  return current;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
