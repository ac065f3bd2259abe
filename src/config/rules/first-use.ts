import type { RuleViolation } from '../types';
import { FieldPath, formatPath } from '../problems';

/**
 * A check that a field is unique across a list: called with each item's value in list order, it records the first
 * use of each value and returns the violation for a later one, at `<list>[index].<field>`, naming the first use
 * (`duplicate node name, already used by spec.nodes[0]`).
 */
export function firstUses(list: FieldPath, field: string, what: string, expected: string): (value: string, index: number) => RuleViolation | undefined {
  const firstIndex = new Map<string, number>();
  return (value, index) => {
    const seen = firstIndex.get(value);
    if (seen === undefined) {
      firstIndex.set(value, index);
      return undefined;
    }
    return { path: [...list, index, field], message: `duplicate ${what}, already used by ${formatPath([...list, seen])}`, got: value, expected };
  };
}
