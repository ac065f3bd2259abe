import { z } from 'zod';
import type { ClusterFileSchema } from './extension-schema';
import { expectationFor } from './fields';
import { ConfigProblem, FieldPath } from './problems';

/*
 * zod's issues translated into the problems hanok reports: the field path, what is wrong and what would be accepted
 * (for an unknown field, the fields the schema knows at that place).
 */

export function describeIssue(file: string, issue: z.core.$ZodIssue, schema: ClusterFileSchema): ConfigProblem[] {
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
