import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { checkClusterRules } from './cluster-rules';
import { CLUSTER_FILE, MAX_CLUSTER_FILE_BYTES, readClusterFiles, readConfigFile } from './cluster-files';
import { checkDocumentLimits } from './document-limits';
import { expectationFor } from './fields';
import { ReadConfigFile, resolveBases } from './bases';
import { lineLocator } from './source-lines';
import { ConfigError, ConfigProblem, FieldPath } from './problems';
import { ClusterConfig } from './schema';
import { clusterFileSchema, ClusterFileSchema, ExtensionSettings } from './extension-schema';
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

function describeIssue(file: string, issue: z.core.$ZodIssue, schema: ClusterFileSchema): ConfigProblem[] {
  const issuePath: FieldPath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  const expectedParam = expectationFor(issue.message);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issuePath, issue.input);
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
function knownKeysAt(root: ClusterFileSchema, fieldPath: FieldPath, input?: unknown): string[] {
  let schema: z.core.$ZodType | undefined = root;
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
