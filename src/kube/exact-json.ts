/**
 * The JSON text of a value when it determines the value exactly (as js-yaml and the validators see it), for caches
 * of work done once per process for equal objects (the CRDs of every cluster): only plain objects, arrays, strings,
 * finite numbers other than -0, booleans and null. Anything else (undefined, a Date, a class instance, NaN) gives
 * undefined, and the caller treats the value on its own.
 */
export function exactJson(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    // `this[key]` is the value before any toJSON method, which YAML and the validators would not call.
    const original = this[key];
    if (original === null || typeof original === 'string' || typeof original === 'boolean') return converted;
    if (typeof original === 'number') {
      if (!Number.isFinite(original) || Object.is(original, -0)) exact = false;
      return converted;
    }
    if (typeof original === 'object') {
      const prototype = Object.getPrototypeOf(original);
      if (!Array.isArray(original) && prototype !== Object.prototype && prototype !== null) exact = false;
      return converted;
    }
    exact = false;
    return converted;
  });
  return exact ? text : undefined;
}
