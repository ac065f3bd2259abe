import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { exactJson, isSealed, seal } from '../kube/exact-json';
import { BoundedCache } from '../kube/bounded-cache';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK8S_PLUS_VERSION: string = require('cdk8s-plus-34/package.json').version;

/**
 * The cdk8s-plus-34 versions whose generated kinds (`lib/imports/k8s.js`) were reviewed: each kind's `toJson()` is
 * `{ ...Kind.GVK, ...toJson_KindProps(super.toJson()) }`, and every `toJson_*` converter reads only its argument and
 * builds new plain objects from it. After an upgrade, review the new file, then add its version here
 * (tests/pipeline/converted-kinds.test.ts fails until then, so the speed-up is not lost silently).
 */
export const REVIEWED_CDK8S_PLUS_VERSIONS: readonly string[] = ['2.0.54'];

/** The cdk8s-plus-34 version installed, as its package.json says. */
export const INSTALLED_CDK8S_PLUS_VERSION = CDK8S_PLUS_VERSION;

/**
 * Whether a kind's conversion is cached while {@link withConvertedKindsCache} runs. The generated converters copy
 * every object key by key with a spread per key (quadratic in the keys), and a fleet's clusters repeat most objects:
 * a kind whose `super.toJson()` gives exactly the JSON of an object converted before gets that conversion again,
 * copied (new objects, the same values in the same key order).
 */
let caching = false;

/** The result of `super.toJson()` already computed for an object, handed to the kind's own `toJson()`. */
let handedOver: { readonly object: ApiObject; readonly resolved: unknown } | undefined;

/** Bounds {@link converted} (characters of keys and texts). */
export const CONVERTED_LIMIT = 4 * 1024 * 1024;
/**
 * The conversions already made (private copies), per kind by the exact JSON of `super.toJson()`: least recently used
 * first within a kind, bounded by {@link CONVERTED_LIMIT} characters (each counted twice: its key and its conversion).
 */
const converted = new BoundedCache<unknown>(CONVERTED_LIMIT);

let installed: readonly string[] | undefined;

/** Forgets the conversions kept so far (tests; the start-up snapshot's warm-up may call it too). */
export function forgetConvertedKinds(): void {
  converted.clear();
}

/** How much the conversion cache holds now (tests). */
export function convertedKindsCached(): { entries: number; characters: number } {
  return converted.held();
}

/** Whether the installed cdk8s-plus-34 was reviewed for {@link withConvertedKindsCache}. */
export function convertedKindsCacheApplies(): boolean {
  return REVIEWED_CDK8S_PLUS_VERSIONS.includes(CDK8S_PLUS_VERSION);
}

/**
 * The kinds of cdk8s-plus-34 whose `toJson()` is exactly the generated one (compared as source text), each given,
 * once per process, a `toJson()` that uses the conversion cache while {@link withConvertedKindsCache} runs and is
 * the kind's own otherwise. Returns their names.
 */
export function installConvertedKinds(): readonly string[] {
  if (installed) return installed;
  const names: string[] = [];
  for (const [name, kind] of Object.entries(k8s) as Array<[string, unknown]>) {
    if (typeof kind !== 'function' || Object.getPrototypeOf(kind) !== ApiObject || !Object.prototype.hasOwnProperty.call(kind.prototype, 'toJson')) continue;
    const prototype = kind.prototype as { toJson: () => unknown };
    const original = prototype.toJson;
    const generated = `toJson() {\n        const resolved = super.toJson();\n        return {\n            ...${name}.GVK,\n            ...toJson_${name}Props(resolved),\n        };\n    }`;
    if (original.toString() !== generated) continue;
    prototype.toJson = function (this: ApiObject): unknown {
      return caching ? cachedToJson(this, name, original) : original.call(this);
    };
    names.push(name);
  }
  installed = names;
  return names;
}

/**
 * Runs `work` with the conversions of the reviewed kinds cached (see {@link caching}). `ApiObject.prototype.toJson`
 * must be the one `work` uses throughout; the caller's {@link takeHandedOver} gives it the already computed result.
 */
export function withConvertedKindsCache<T>(work: () => T): T {
  if (caching || !convertedKindsCacheApplies()) return work();
  installConvertedKinds();
  caching = true;
  try {
    return work();
  } finally {
    caching = false;
    handedOver = undefined;
  }
}

/** The `super.toJson()` result computed for `object` by its kind's cached `toJson()`, once; else undefined. */
export function takeHandedOver(object: ApiObject): { resolved: unknown } | undefined {
  if (handedOver === undefined || handedOver.object !== object) return undefined;
  const { resolved } = handedOver;
  handedOver = undefined;
  return { resolved };
}

function cachedToJson(object: ApiObject, name: string, original: () => unknown): unknown {
  const resolved = ApiObject.prototype.toJson.call(object);
  const json = exactJson(resolved);
  const hit = json === undefined ? undefined : converted.get(name, json);
  // A sealed conversion is frozen: every cluster that repeats the object shares it (and its content key and YAML).
  if (hit) return isSealed(hit.value as object) ? hit.value : copyOf(hit.value);
  handedOver = { object, resolved };
  let result: unknown;
  try {
    result = original.call(object);
  } finally {
    handedOver = undefined;
  }
  if (json !== undefined && isPlainData(result)) {
    // The conversion holds what its key holds, renamed and unwrapped: counted as large as the key. Sealed (frozen)
    // where it is exact, and then handed out itself, this time too; else a private copy is kept.
    converted.set(name, json, seal(result) ? result : copyOf(result), 2 * json.length);
  }
  return result;
}

/** Only objects of Object.prototype, arrays and primitives: what {@link copyOf} copies exactly. */
function isPlainData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(isPlainData);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const object = value as Record<string, unknown>;
  return Object.keys(object).every((key) => isPlainData(object[key]));
}

/** A deep copy of plain data (checked by {@link isPlainData}): new objects, the same values in the same key order. */
function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const count = value.length;
    const copy = new Array<unknown>(count);
    for (let index = 0; index < count; index++) copy[index] = copyOf(value[index]);
    return copy;
  }
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyOf(object[key]), writable: true, enumerable: true, configurable: true });
    else copy[key] = copyOf(object[key]);
  }
  return copy;
}
