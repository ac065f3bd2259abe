import { FieldPath } from './problems';

/**
 * Bounds on a parsed cluster document, checked before anything else looks at it. YAML aliases are shared references
 * after parsing, so a kilobyte of anchors can stand for billions of values ("billion laughs"): every later step
 * (validation, messages) would expand them. Real cluster files have a few hundred values, short strings and little
 * nesting; these limits are far above that and far below what costs time or memory.
 */
export const DOCUMENT_LIMITS = {
  /** Values (scalars, lists, maps) in the document with every alias expanded. */
  values: 20_000,
  depth: 32,
  /** Characters of one string value: a path, host name, label or image reference. */
  stringLength: 1024,
  keyLength: 253,
} as const;

export interface LimitViolation {
  readonly path: FieldPath;
  readonly message: string;
  readonly expected: string;
}

/** Walks the document iteratively (no recursion to overflow), stopping as soon as a bound is crossed. */
export function checkDocumentLimits(document: unknown): LimitViolation[] {
  const violations: LimitViolation[] = [];
  const stack: Array<{ value: unknown; path: FieldPath }> = [{ value: document, path: [] }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (++values > DOCUMENT_LIMITS.values) {
      return [
        {
          path: [],
          message: `the document expands to more than ${DOCUMENT_LIMITS.values} values (each use of a YAML alias counts again)`,
          expected: 'a cluster file without alias chains; write the values out',
        },
      ];
    }
    if (path.length > DOCUMENT_LIMITS.depth) {
      return [{ path: path.slice(0, 4), message: `nested more than ${DOCUMENT_LIMITS.depth} levels deep`, expected: 'the structure of a cluster file' }];
    }
    if (typeof value === 'string' && value.length > DOCUMENT_LIMITS.stringLength) {
      violations.push({ path, message: `value is ${value.length} characters long`, expected: `at most ${DOCUMENT_LIMITS.stringLength} characters` });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.length > DOCUMENT_LIMITS.keyLength) {
          violations.push({ path, message: `a field name is ${key.length} characters long`, expected: `at most ${DOCUMENT_LIMITS.keyLength} characters` });
          continue;
        }
        stack.push({ value: item, path: [...path, key] });
      }
    }
    if (violations.length >= 20) break;
  }
  return violations;
}
