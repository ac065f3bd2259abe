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
  return isExact(value) ? JSON.stringify(value) : undefined;
}

function isExact(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (Array.isArray(value)) {
    // A hole reads as undefined, which is not exact (JSON would write null).
    for (let index = 0; index < value.length; index++) {
      if (!isExact(value[index])) return false;
    }
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!isExact(object[key])) return false;
  }
  return true;
}

/**
 * The exact JSON of a set of finished objects, each written at most once and shared by everything keyed by content:
 * one cluster's output between its checks and its YAML (the schema findings and the CRDs' rendered text), which
 * nothing changes any more. A text is written when first asked for; the objects must not change after that.
 */
export class ExactJsonTexts {
  private readonly texts = new Map<object, string | undefined>();

  /** {@link exactJson} of `object`, written on the first call for it. */
  public of(object: object): string | undefined {
    if (this.texts.has(object)) return this.texts.get(object);
    const text = exactJson(object);
    this.texts.set(object, text);
    return text;
  }
}
