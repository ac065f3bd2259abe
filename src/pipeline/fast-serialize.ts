import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { takeHandedOver, withConvertedKindsCache } from './converted-kinds';
import { isSealed, seal } from '../kube/exact-json';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK8S_VERSION: string = require('cdk8s/package.json').version;

/**
 * The cdk8s versions whose `ApiObject.toJson()` (resolve, sanitize, metadata, JSON patches, top-level key order)
 * {@link serializeApiObject} was reviewed against, line by line. Any other version takes cdk8s' own path: after an
 * upgrade, review `api-object.js`, `metadata.js`, `resolve.js` and `_util.js` of the new version, then add it here
 * (tests/pipeline/fast-serialize.test.ts fails until then, so the speed-up is not lost silently).
 */
export const REVIEWED_CDK8S_VERSIONS: readonly string[] = ['2.70.106'];

/** The cdk8s version installed, as its package.json says. */
export const INSTALLED_CDK8S_VERSION = CDK8S_VERSION;

/** Thrown inside {@link serializeApiObject} when a value is not one the fast path reproduces exactly. */
const UNSUPPORTED = Symbol('unsupported value');

/** cdk8s' own `ApiObject.toJson`, kept before {@link withFastSerialization} stands in for it. */
const cdk8sToJson = ApiObject.prototype.toJson;

/** The fields of cdk8s' `ApiObjectMetadataDefinition` that its `toJson()` reads (private in its typings). */
interface MetadataFields {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: Record<string, unknown>;
}

/** The fields of cdk8s' `ApiObject` that its `toJson()` reads (private in its typings). */
interface ApiObjectFields {
  readonly props?: Record<string, unknown>;
  readonly patches?: unknown;
}

/**
 * Whether the fast path may run in this process: a reviewed cdk8s, key sorting on (`CDK8S_DISABLE_SORT` unset) and
 * no `resolve` or `value` on the prototypes of the values the fast path passes through without asking the resolvers.
 */
export function fastSerializationApplies(): boolean {
  if (!REVIEWED_CDK8S_VERSIONS.includes(CDK8S_VERSION) || process.env.CDK8S_DISABLE_SORT) return false;
  const prototypes: object[] = [String.prototype, Number.prototype, Boolean.prototype, Object.prototype, Array.prototype];
  return prototypes.every((prototype) => !('resolve' in prototype) && !('value' in prototype));
}

/**
 * Runs `work` with cdk8s' `ApiObject.prototype.toJson` replaced by {@link serializeApiObject} (falling back to cdk8s'
 * own for any object it does not reproduce exactly), so that the `toJson()` of every generated kind, which calls
 * `super.toJson()` and converts the result, takes the fast path too. The original is back when `work` returns or
 * throws; work is synchronous, so nothing else runs in between. The conversions of cdk8s-plus' kinds are cached meanwhile
 * (converted-kinds.ts).
 */
export function withFastSerialization<T>(work: () => T): T {
  if (ApiObject.prototype.toJson !== cdk8sToJson || !fastSerializationApplies()) return work();
  ApiObject.prototype.toJson = fastToJson;
  try {
    return withConvertedKindsCache(work);
  } finally {
    ApiObject.prototype.toJson = cdk8sToJson;
  }
}

function fastToJson(this: ApiObject): unknown {
  const handed = takeHandedOver(this);
  if (handed) return handed.resolved;
  return serializeApiObject(this) ?? cdk8sToJson.call(this);
}

/**
 * What cdk8s' `ApiObject.toJson()` returns for `apiObject` (before a generated kind converts it), built in one walk
 * instead of a resolve pass (which looks the App up again for every value and copies the key path) followed by a
 * sanitize pass: the same resolvers in the same order (Lazy, then `resolve()`, then number-or-string unions), keys
 * sorted the same way, null and undefined dropped the same way, the metadata's empty arrays and objects filtered,
 * the JSON patches applied by cdk8s itself, then apiVersion, kind and metadata first. Undefined when the App has
 * other resolvers than cdk8s' three, or a value is not a string, number, boolean, plain object, plain array, Lazy,
 * token or union, or anything throws: the caller then uses cdk8s' own `toJson()`, which also gives its error.
 */
export function serializeApiObject(apiObject: ApiObject): unknown {
  if (!hasDefaultResolvers(App.of(apiObject))) return undefined;
  const { props, patches } = apiObject as unknown as ApiObjectFields;
  const metadata = apiObject.metadata as unknown as MetadataFields;
  if (typeof props !== 'object' || props === null || !Array.isArray(patches) || typeof metadata._additionalAttributes !== 'object') return undefined;
  let json: Record<string, unknown>;
  try {
    const metadataJson = plain(
      {
        ...metadata._additionalAttributes,
        name: metadata.name,
        namespace: metadata.namespace,
        annotations: metadata.annotations,
        finalizers: metadata.finalizers,
        ownerReferences: metadata.ownerReferences,
        labels: metadata.labels,
      },
      true,
    );
    json = plain({ ...props, metadata: metadataJson }, false) as Record<string, unknown>;
    if (patches.length > 0) json = JsonPatch.apply(json, ...(patches as JsonPatch[]));
  } catch {
    return undefined;
  }
  const result: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
    if (key in json) result[key] = json[key];
  }
  return result;
}

function hasDefaultResolvers(app: App): boolean {
  const resolvers = app.resolvers;
  return (
    resolvers.length === 3 &&
    resolvers[0].constructor === LazyResolver &&
    resolvers[1].constructor === ImplicitTokenResolver &&
    resolvers[2].constructor === NumberStringUnionResolver
  );
}

/**
 * `sanitizeValue(resolve(value), { sortKeys: true, filterEmptyArrays: filterEmpty, filterEmptyObjects: filterEmpty })`
 * of cdk8s, in one walk. Values are read in their own key order, so Lazy producers run in the order cdk8s runs them.
 */
function plain(value: unknown, filterEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw UNSUPPORTED;
  }
  const object = value as Record<string, unknown> & { resolve?: unknown };
  if (isSealed(object)) return plainOfSealed(object, filterEmpty);
  return plainObject(object, filterEmpty);
}

/**
 * {@link plain} of sealed values (src/kube/exact-json.ts), by identity, once per process: the same CRD schemas go into
 * every cluster's output. A sealed value is frozen plain data, which no resolver changes and nothing can change, so
 * its result is always the same; the result is sealed too, and shared by every output that holds the value.
 */
const sealedPlain: readonly [WeakMap<object, unknown>, WeakMap<object, unknown>] = [new WeakMap(), new WeakMap()];

function plainOfSealed(value: Record<string, unknown>, filterEmpty: boolean): unknown {
  const done = sealedPlain[filterEmpty ? 1 : 0];
  if (done.has(value)) return done.get(value);
  const result = plainObject(value, filterEmpty);
  // Frozen plain data in gives plain data out; anything else would not be sealed, and is not shared.
  if (result === undefined || seal(result)) done.set(value, result);
  return result;
}

function plainObject(object: Record<string, unknown> & { resolve?: unknown }, filterEmpty: boolean): unknown {
  if (object instanceof Lazy) return plain(object.produce(), filterEmpty);
  if (typeof object.resolve === 'function') return plain((object.resolve as () => unknown)(), filterEmpty);
  const constructor = object.constructor;
  if (constructor !== Object) {
    const inner = object.value;
    if (typeof inner === 'number' || typeof inner === 'string') return plain({ value: inner }, filterEmpty);
    if (constructor !== Array || !Array.isArray(object)) throw UNSUPPORTED;
    if (filterEmpty && object.length === 0) return undefined;
    return object.map((item: unknown) => plain(item, filterEmpty));
  }
  // Keys in their own order (as cdk8s resolves them), then written sorted; `<` orders strings by UTF-16 code units,
  // as Array.prototype.sort() without a comparator does, and keys are unique, so the order is the same.
  const keys = Object.keys(object);
  const count = keys.length;
  const values = new Array<unknown>(count);
  let sorted = true;
  for (let index = 0; index < count; index++) {
    const key = keys[index];
    if (key === '__proto__') throw UNSUPPORTED;
    values[index] = plain(object[key], filterEmpty);
    if (index > 0 && keys[index - 1] > key) sorted = false;
  }
  const result: Record<string, unknown> = {};
  let kept = 0;
  if (sorted) {
    for (let index = 0; index < count; index++) {
      const item = values[index];
      if (item !== null && item !== undefined) {
        result[keys[index]] = item;
        kept++;
      }
    }
  } else {
    const order = keys.map((_key, index) => index).sort((a, b) => (keys[a] < keys[b] ? -1 : 1));
    for (const index of order) {
      const item = values[index];
      if (item !== null && item !== undefined) {
        result[keys[index]] = item;
        kept++;
      }
    }
  }
  return filterEmpty && kept === 0 ? undefined : result;
}
