/**
 * The JSON text of a value when it determines the value exactly (as js-yaml and the validators see it), for caches
 * of work done once per process for equal objects (the CRDs of every cluster): only plain objects, arrays, strings,
 * finite numbers other than -0, booleans and null. Anything else (undefined, a Date, a class instance, NaN, a
 * function such as an own `toJSON`) gives undefined, and the caller treats the value on its own.
 *
 * One walk checks that every value is of those kinds, and then the native `JSON.stringify`, without a replacer,
 * writes the text: for such values it writes exactly what their content is (a replacer made it several times slower).
 */
export function exactJson(value: unknown): string | undefined {
  return scan(value) === Scan.Inexact ? undefined : JSON.stringify(value);
}

/** What {@link scan} finds: not exact; exact; exact, with sealed values inside (or sealed itself). */
const Scan = { Inexact: 0, Exact: 1, ExactSealed: 2 } as const;
type Scan = (typeof Scan)[keyof typeof Scan];

/** Whether `value` is exact, and whether it holds sealed values (which are exact, and are not walked again). */
function scan(value: unknown): Scan {
  if (value === null) return Scan.Exact;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return Scan.Exact;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? Scan.Exact : Scan.Inexact;
    case 'object':
      break;
    default:
      return Scan.Inexact;
  }
  if (sealedIds.has(value)) return Scan.ExactSealed;
  let result: Scan = Scan.Exact;
  if (Array.isArray(value)) {
    // A hole reads as undefined, which is not exact (JSON would write null).
    for (let index = 0; index < value.length; index++) {
      const item = scan(value[index]);
      if (item === Scan.Inexact) return Scan.Inexact;
      if (item === Scan.ExactSealed) result = Scan.ExactSealed;
    }
    return result;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return Scan.Inexact;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const item = scan(object[key]);
    if (item === Scan.Inexact) return Scan.Inexact;
    if (item === Scan.ExactSealed) result = Scan.ExactSealed;
  }
  return result;
}

/** The number of each sealed value, for content keys. */
const sealedIds = new WeakMap<object, number>();
let nextSealedId = 0;

/**
 * Seals `value` when it is an exact object or array: freezes it and everything in it, so that nothing can change it
 * any more, and marks it as sealed, so that {@link contentKey} names it by a number instead of writing it out, and
 * work on it may be done once and shared (src/pipeline/fast-serialize.ts). Whether it is sealed now: false for
 * anything inexact, which is left as it was.
 */
export function seal(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (sealedIds.has(value)) return true;
  if (scan(value) === Scan.Inexact) return false;
  deepFreeze(value);
  sealedIds.set(value, nextSealedId++);
  return true;
}

/** A mutable deep copy of a sealed value: its JSON read back, which is exact for sealed data. */
export function unsealed<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Whether `value` was sealed by {@link seal}: deeply frozen, exact data. */
export function isSealed(value: object): boolean {
  return sealedIds.has(value);
}

function deepFreeze(value: object): void {
  if (sealedIds.has(value)) return; // Frozen through already.
  for (const item of Object.values(value)) {
    if (item !== null && typeof item === 'object') deepFreeze(item);
  }
  Object.freeze(value);
}

/**
 * Marks a sealed value inside a content key: U+0001, which JSON text never holds unescaped, then the value's number.
 */
const SEALED_MARK = '\u0001';

/**
 * A key that is equal for two values exactly when their content is, as far as {@link exactJson} tells it: the JSON
 * text, with each sealed value inside written as its number between two U+0001 characters (unequal for two sealed
 * values of equal content, which only costs a cache hit). Undefined when the value is not exact. A CRD's key is a few
 * hundred characters instead of its whole schema's text.
 */
export function contentKey(value: unknown): string | undefined {
  const found = scan(value);
  if (found === Scan.Inexact) return undefined;
  return found === Scan.Exact ? JSON.stringify(value) : keyWithSealed(value);
}

/** The key of an exact value that holds sealed values: written by hand around them, as JSON.stringify would. */
function keyWithSealed(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const id = sealedIds.get(value);
  if (id !== undefined) return `${SEALED_MARK}${id}${SEALED_MARK}`;
  if (Array.isArray(value)) return `[${value.map(keyWithSealed).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .map((key) => `${JSON.stringify(key)}:${keyWithSealed(object[key])}`)
    .join(',')}}`;
}

/**
 * The content keys ({@link contentKey}) of a set of finished objects, each written at most once and shared by
 * everything keyed by content: one cluster's output between its checks and its YAML (the schema findings, the CRD
 * bounds and the CRDs' rendered text), which nothing changes any more. A key is written when first asked for; the
 * objects must not change after that.
 */
export class ContentKeys {
  private readonly keys = new Map<object, string | undefined>();

  /** {@link contentKey} of `object`, written on the first call for it. */
  public of(object: object): string | undefined {
    if (this.keys.has(object)) return this.keys.get(object);
    const key = contentKey(object);
    this.keys.set(object, key);
    return key;
  }
}
