import { FieldPath } from './problems';

/**
 * The merge of cluster bases (see bases.ts for the rules): one layer's spec onto what the layers below wrote,
 * recording for every field path which layer, and which path in it, the value came from.
 */

/** Lists whose items merge by a key across layers, by path below the document root. */
const KEYED_LISTS: ReadonlyArray<{ path: readonly string[]; key: string }> = [
  { path: ['spec', 'nodes'], key: 'name' },
  { path: ['spec', 'networking', 'metallb', 'pools'], key: 'name' },
  { path: ['spec', 'images', 'overrides'], key: 'name' },
  { path: ['spec', 'openfx', 'functions'], key: 'name' },
];
/** Lists whose items accumulate across layers. */
const APPENDED_LISTS: ReadonlyArray<readonly string[]> = [['spec', 'patches']];

export interface Layer {
  readonly file: string;
  readonly text: string;
  /** The layer's own document: its `spec` is what is merged. */
  readonly document: Record<string, unknown>;
}

export const DELETED = Symbol('deleted');

export interface MergeContext {
  readonly layer: Layer;
  readonly origins: Map<string, { layer: Layer; path: FieldPath }>;
  readonly mergedPath: FieldPath;
  readonly layerPath: FieldPath;
}

/** Merges `overlay` (written by `context.layer`) onto `target`; returns the result, or DELETED for an explicit null. */
export function merge(target: unknown, overlay: unknown, context: MergeContext): unknown {
  const { origins, mergedPath, layerPath, layer } = context;
  const here = (mergedIndexOrKey: string | number, layerIndexOrKey: string | number): MergeContext => ({
    layer,
    origins,
    mergedPath: [...mergedPath, mergedIndexOrKey],
    layerPath: [...layerPath, layerIndexOrKey],
  });
  if (overlay === null) {
    forget(origins, mergedPath);
    return DELETED;
  }
  if (!isMap(overlay) && !Array.isArray(overlay)) {
    forget(origins, mergedPath);
    origins.set(keyOf(mergedPath), { layer, path: layerPath });
    return overlay;
  }
  if (isMap(overlay)) {
    const result: Record<string, unknown> = isMap(target) ? { ...target } : {};
    if (!isMap(target)) forget(origins, mergedPath);
    origins.set(keyOf(mergedPath), { layer, path: layerPath });
    for (const [key, value] of Object.entries(overlay)) {
      const merged = merge(result[key], value, here(key, key));
      if (merged === DELETED) delete result[key];
      else result[key] = merged;
    }
    return result;
  }
  const keyed = KEYED_LISTS.find((list) => samePath(list.path, mergedPath));
  const appended = APPENDED_LISTS.some((list) => samePath(list, mergedPath));
  if ((keyed || appended) && Array.isArray(target)) {
    const result = [...target];
    origins.set(keyOf(mergedPath), { layer, path: layerPath });
    overlay.forEach((item, layerIndex) => {
      const key = keyed && isMap(item) ? item[keyed.key] : undefined;
      const position = key === undefined ? -1 : result.findIndex((existing) => isMap(existing) && existing[keyed!.key] === key);
      if (keyed && isMap(item) && item.$patch === 'delete') {
        if (position >= 0) {
          result.splice(position, 1);
          renumber(origins, mergedPath, position);
        }
        return;
      }
      if (position >= 0) {
        result[position] = merge(result[position], item, here(position, layerIndex));
      } else {
        const merged = merge(undefined, item, here(result.length, layerIndex));
        if (merged !== DELETED) result.push(merged);
      }
    });
    return result;
  }
  forget(origins, mergedPath);
  origins.set(keyOf(mergedPath), { layer, path: layerPath });
  const result: unknown[] = [];
  overlay.forEach((item, index) => {
    const merged = merge(undefined, withoutDirective(item), here(index, index));
    result.push(merged === DELETED ? null : merged);
  });
  return result;
}

/** Drops the origins recorded below a path whose value was replaced. */
function forget(origins: Map<string, unknown>, fieldPath: FieldPath): void {
  const own = keyOf(fieldPath);
  const below = `${own.slice(0, -1)},`;
  for (const key of [...origins.keys()]) {
    if (key === own || key.startsWith(below)) origins.delete(key);
  }
}

/** After removing item `removed` of a keyed list, the items after it move up by one. */
function renumber(origins: Map<string, { layer: Layer; path: FieldPath }>, listPath: FieldPath, removed: number): void {
  const entries = [...origins.entries()].map(([key, origin]) => ({ path: JSON.parse(key) as FieldPath, origin }));
  for (const { path: fieldPath } of entries) {
    if (fieldPath.length > listPath.length && samePath(listPath, fieldPath.slice(0, listPath.length))) origins.delete(keyOf(fieldPath));
  }
  for (const { path: fieldPath, origin } of entries) {
    if (fieldPath.length > listPath.length && samePath(listPath, fieldPath.slice(0, listPath.length))) {
      const index = fieldPath[listPath.length] as number;
      if (index === removed) continue;
      const moved = [...listPath, index > removed ? index - 1 : index, ...fieldPath.slice(listPath.length + 1)];
      origins.set(keyOf(moved), origin);
    }
  }
}

function withoutDirective(item: unknown): unknown {
  if (isMap(item) && '$patch' in item) {
    const { $patch: _directive, ...rest } = item;
    return rest;
  }
  return item;
}

/** The document (or, with `isSpec`, a spec) without `spec.bases`, which is merged away. */
export function withoutBases(value: unknown, isSpec = false): unknown {
  if (isSpec) {
    if (!isMap(value)) return value;
    const { bases: _bases, ...rest } = value;
    return rest;
  }
  if (!isMap(value) || !isMap(value.spec) || !('bases' in value.spec)) return value;
  return { ...value, spec: withoutBases(value.spec, true) };
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

export function keyOf(fieldPath: FieldPath): string {
  return JSON.stringify(fieldPath);
}
