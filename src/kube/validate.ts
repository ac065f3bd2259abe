import { isDnsLabel } from './names';

/**
 * Checks of construct props that throw the house message, `<owner>: '<field>' must be <what> (got <value>)`, so that
 * every construct words the same failure the same way.
 */

/**
 * Throws unless `value` is a DNS label (RFC 1123: what most Kubernetes object names must be).
 * @param what how the message names the expected value; @default 'a DNS label'
 */
export function requireDnsLabel(owner: string, field: string, value: string, what = 'a DNS label'): void {
  if (!isDnsLabel(value)) {
    throw new Error(`${owner}: '${field}' must be ${what} (got ${JSON.stringify(value)})`);
  }
}

/** The integers a field accepts, both ends included. */
export interface IntegerRange {
  readonly min: number;
  /** @default - no upper bound */
  readonly max?: number;
  /**
   * How the message names the value, e.g. `a port number` or `a whole percentage`.
   * @default 'a whole number'
   */
  readonly what?: string;
}

/** Throws unless `value` is an integer within `range`: `... must be a whole number from 0 to 5 (got 7)`. */
export function requireIntegerInRange(owner: string, field: string, value: number, range: IntegerRange): void {
  const { min, max, what = 'a whole number' } = range;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const bounds = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${owner}: '${field}' must be ${what} ${bounds} (got ${value})`);
  }
}

/** Throws unless `value` is a TCP or UDP port number, 1 to 65535. */
export function requirePort(owner: string, field: string, value: number): void {
  requireIntegerInRange(owner, field, value, { min: 1, max: 65535, what: 'a port number' });
}
