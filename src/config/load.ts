import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { checkClusterRules } from './cluster-rules';
import { expectationFor } from './fields';
import { ConfigError, ConfigProblem, FieldPath } from './problems';
import { ClusterConfig, ClusterConfigSchema } from './schema';
import { Cluster, resolveCluster } from './cluster';
import { checkFleetRules } from './fleet-rules';
import { resolveOpenMcpFleet } from './openmcp';
import { FLEET_FILE } from './fleet';

const CLUSTER_FILE = /\.ya?ml$/;

/**
 * Loads every cluster file in a folder, in file-name order. Throws a ConfigError listing every problem in every
 * file (syntax, schema, rules within a cluster, rules across clusters) when anything is wrong.
 */
export function loadClusters(directory: string): Cluster[] {
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new ConfigError([{ file: directory, path: [], message: 'cluster folder not found', expected: 'a folder of <cluster>.yaml files' }]);
  }
  const files = fs
    .readdirSync(directory)
    .filter((name) => CLUSTER_FILE.test(name) && name !== FLEET_FILE)
    .sort()
    .map((name) => path.join(directory, name));
  if (files.length === 0) {
    throw new ConfigError([{ file: directory, path: [], message: 'no cluster files', expected: 'at least one <cluster>.yaml' }]);
  }
  const problems: ConfigProblem[] = [];
  const clusters: Cluster[] = [];
  for (const file of files) {
    const result = parseClusterFile(file, fs.readFileSync(file, 'utf8'));
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

/** Parses and validates one cluster file's text. Never throws for bad input: problems are returned. */
export function parseClusterFile(file: string, text: string): { cluster?: Cluster; problems: ConfigProblem[] } {
  let document: unknown;
  try {
    document = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return {
        problems: [{ file, path: [], line: error.mark ? error.mark.line + 1 : undefined, message: `YAML syntax error: ${error.reason}` }],
      };
    }
    throw error;
  }
  const parsed = ClusterConfigSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => describeIssue(file, issue)) };
  }
  const config: ClusterConfig = parsed.data;
  const problems: ConfigProblem[] = checkClusterRules(config).map((violation) => ({ file, ...violation }));
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
  return problems.length > 0 ? { problems } : { cluster: resolveCluster(config, file), problems };
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
