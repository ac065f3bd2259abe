/**
 * Strategic-merge patches over plain Kubernetes objects, with the semantics of `kubectl patch --type strategic` for
 * the fields hanok generates: maps merge, `null` removes a field, lists with a patch merge key (the
 * `x-kubernetes-patch-merge-key` of the Kubernetes API: containers by name, volumeMounts by mountPath, ...) merge
 * item by item, every other list is replaced. Directives: `$patch: delete` on a keyed list item or a map removes it,
 * `$patch: replace` on a map replaces it whole. `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList` are
 * not supported and are refused rather than ignored.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Thrown when a patch cannot be applied; the message names the field path inside the patch. */
export class PatchApplyError extends Error {}

const POD_CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The merge keys of the Kubernetes API's lists, by field name; `ports` depends on where it is (see mergeKeyOf). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
};

/** The merge key of the list at `path` (field names from the object root, without indices), if it has one. */
export function mergeKeyOf(kind: string, path: readonly string[]): string | undefined {
  const field = path[path.length - 1];
  if (field === 'ports') {
    if (POD_CONTAINER_LISTS.has(path[path.length - 2])) return 'containerPort';
    if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return 'port';
    return undefined;
  }
  return MERGE_KEYS[field];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Applies a strategic-merge patch to an object; returns a new object, the input is not changed. */
export function strategicMerge<T extends object>(object: T, patch: Readonly<Record<string, unknown>>): T {
  const source = object as unknown as JsonObject;
  const kind = typeof source.kind === 'string' ? source.kind : '';
  const merged = mergeMap(clone(source), patch as JsonObject, kind, []);
  if (merged === undefined) {
    throw new PatchApplyError('(patch): `$patch: delete` at the top would delete the whole object');
  }
  return merged as unknown as T;
}

function describe(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(patch)' : path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Merges `patch` into `target` (already a copy); undefined when the patch deletes the map. */
function mergeMap(target: JsonObject, patch: JsonObject, kind: string, path: readonly (string | number)[]): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive !== undefined) {
    if (directive === 'delete') return undefined;
    if (directive !== 'replace') {
      throw new PatchApplyError(`${describe([...path, '$patch'])}: unknown directive ${JSON.stringify(directive)} (expected delete or replace)`);
    }
  }
  const result: JsonObject = directive === 'replace' ? {} : target;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key.startsWith('$')) {
      throw new PatchApplyError(`${describe([...path, key])}: the directive ${key} is not supported (use a jsonPatch for this change)`);
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    const fieldPath = [...path, key];
    if (isObject(value)) {
      const merged = mergeMap(isObject(current) ? current : {}, value, kind, fieldPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const names = fieldPath.filter((part): part is string => typeof part === 'string');
      const mergeKey = mergeKeyOf(kind, names);
      result[key] = mergeKey && Array.isArray(current) ? mergeList(current, value, mergeKey, kind, fieldPath) : stripDirectives(value, fieldPath);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** Merges a keyed list: items with the same key merge, `$patch: delete` items remove theirs, new items are appended. */
function mergeList(target: Json[], patch: Json[], mergeKey: string, kind: string, path: readonly (string | number)[]): Json[] {
  const result = [...target];
  patch.forEach((item, index) => {
    const itemPath = [...path, index];
    if (!isObject(item) || item[mergeKey] === undefined || item[mergeKey] === null) {
      throw new PatchApplyError(`${describe(itemPath)}: an item of this list needs its merge key '${mergeKey}'`);
    }
    const position = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (position >= 0) result.splice(position, 1);
      return;
    }
    if (position >= 0) {
      const merged = mergeMap(result[position] as JsonObject, item, kind, itemPath);
      if (merged === undefined) result.splice(position, 1);
      else result[position] = merged;
    } else {
      const added = mergeMap({}, item, kind, itemPath);
      if (added !== undefined) result.push(added);
    }
  });
  return result;
}

/** A list that replaces the generated one: its maps are taken as written, without directives. */
function stripDirectives(list: Json[], path: readonly (string | number)[]): Json[] {
  return list.map((item, index) => {
    if (isObject(item)) {
      const stripped = mergeMap({}, item, '', [...path, index]);
      if (stripped === undefined) {
        throw new PatchApplyError(`${describe([...path, index])}: \`$patch: delete\` needs a list with a merge key; this list is replaced whole`);
      }
      return stripped;
    }
    return item;
  });
}
