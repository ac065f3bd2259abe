import * as yaml from 'js-yaml';
import diff from 'microdiff';
import { KubeObject } from '../kube/objects';
import { OutputState } from './cluster-files';
import { nodeFileAdvice } from './node-scripts';
import { objectWarnings, nodeFileWarnings } from './warnings';
import { FieldChange } from './field-change';

/** One object, as named in a review: its identity and the file it is written to. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly file: string;
}

export interface ObjectChange {
  readonly object: ObjectRef;
  readonly fields: readonly FieldChange[];
}

export interface FileChange {
  readonly path: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** What to run (or do) so the machines or the cluster get the change. */
  readonly advice?: string;
}

export interface ClusterDiff {
  readonly cluster: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ObjectChange[];
  /** Pairs of a removed and an added object that look like one object under a new name. */
  readonly renamed: readonly { readonly from: ObjectRef; readonly to: ObjectRef }[];
  /** Files other than the manifests: node files, images.txt, secrets.example, ... */
  readonly files: readonly FileChange[];
  /** Changes a running cluster refuses, or that interrupt service. */
  readonly warnings: readonly string[];
}

export interface OutputDiff {
  readonly clusters: readonly ClusterDiff[];
  readonly changed: boolean;
}

/** Files of API objects: the numbered layer files, and the GitOps objects (kustomize's own files are not objects). */
const MANIFEST_FILE = /^(\d+-[^/]+|gitops\/(?!.*kustomization\.yaml$).+|argocd\/.+)\.ya?ml$/;

/** Compares two output states object by object. */
export function diffStates(base: OutputState, head: OutputState): OutputDiff {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort(compareText);
  const clusters = names.map((name) => diffCluster(name, base.get(name), head.get(name)));
  return { clusters, changed: clusters.some((cluster) => cluster.status !== 'unchanged') };
}

export function diffCluster(cluster: string, base: ReadonlyMap<string, string> | undefined, head: ReadonlyMap<string, string> | undefined): ClusterDiff {
  const before = objectsOf(base ?? new Map());
  const after = objectsOf(head ?? new Map());
  let added = [...after.keys()].filter((key) => !before.has(key)).map((key) => after.get(key)!.ref);
  let removed = [...before.keys()].filter((key) => !after.has(key)).map((key) => before.get(key)!.ref);
  const changed: ObjectChange[] = [];
  const warnings: string[] = [];
  for (const [key, next] of after) {
    const previous = before.get(key);
    if (!previous) continue;
    const fields = fieldChanges(previous.object, next.object);
    if (fields.length > 0) {
      changed.push({ object: next.ref, fields });
      warnings.push(...objectWarnings(previous.object, next.object, fields).map((warning) => `${describe(next.ref)}: ${warning}`));
    }
  }
  const renamed = pairRenames(removed, added, before, after);
  for (const { from, to } of renamed) {
    warnings.push(
      `${describe(from)} is renamed to ${to.name}: the cluster deletes the old object and creates a new one` +
        ' (anything that refers to the old name breaks; apply.sh --prune removes the old one, a plain apply leaves it behind)',
    );
  }
  added = added.filter((object) => !renamed.some((pair) => pair.to === object));
  removed = removed.filter((object) => !renamed.some((pair) => pair.from === object));

  const files = fileChanges(base ?? new Map(), head ?? new Map());
  if (base && head) {
    warnings.push(...nodeFileWarnings(base, head));
  }
  const status = !base ? 'added' : !head ? 'removed' : added.length + removed.length + changed.length + renamed.length + files.length > 0 ? 'changed' : 'unchanged';
  return { cluster, status, added, removed, changed, renamed, files, warnings };
}

export function describe(object: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return object.namespace ? `${object.kind} ${object.namespace}/${object.name}` : `${object.kind} ${object.name}`;
}

interface Located {
  readonly ref: ObjectRef;
  readonly object: KubeObject;
}

/** Every object of a cluster's manifest files, keyed by API group, kind, namespace and name (not version: a new version is a change). */
function objectsOf(files: ReadonlyMap<string, string>): Map<string, Located> {
  const objects = new Map<string, Located>();
  for (const [file, content] of [...files].filter(([name]) => MANIFEST_FILE.test(name)).sort(([a], [b]) => compareText(a, b))) {
    for (const document of yaml.loadAll(content)) {
      const object = document as KubeObject | null;
      if (!object || typeof object !== 'object' || !object.kind || !object.metadata) continue;
      const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, file };
      objects.set(keyOf(ref), { ref, object });
    }
  }
  return objects;
}

function keyOf(ref: ObjectRef): string {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  return `${group}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

function fieldChanges(before: KubeObject, after: KubeObject): FieldChange[] {
  return diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>).map((change) => {
    const fieldPath = formatPath(change.path);
    if (change.type === 'CREATE') return { path: fieldPath, new: change.value };
    if (change.type === 'REMOVE') return { path: fieldPath, old: change.oldValue };
    return { path: fieldPath, old: change.oldValue, new: change.value };
  });
}

export function formatPath(parts: readonly (string | number)[]): string {
  return parts
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][\w-]*$/.test(part) ? (index === 0 ? part : `.${part}`) : `[${JSON.stringify(part)}]`))
    .join('');
}

/**
 * A removed and an added object of the same kind and namespace are one object renamed when everything but their
 * names is equal, or when they are the only removed and added objects of that kind and namespace.
 */
function pairRenames(removed: readonly ObjectRef[], added: readonly ObjectRef[], before: Map<string, Located>, after: Map<string, Located>): { from: ObjectRef; to: ObjectRef }[] {
  const pairs: { from: ObjectRef; to: ObjectRef }[] = [];
  const taken = new Set<ObjectRef>();
  const sameSlot = (a: ObjectRef, b: ObjectRef) => a.kind === b.kind && a.apiVersion === b.apiVersion && (a.namespace ?? '') === (b.namespace ?? '');
  const body = (located: Located) => {
    const { metadata, ...rest } = located.object;
    return JSON.stringify(rest);
  };
  for (const from of removed) {
    const candidates = added.filter((to) => !taken.has(to) && sameSlot(from, to));
    const identical = candidates.find((to) => body(before.get(keyOf(from))!) === body(after.get(keyOf(to))!));
    const only = candidates.length === 1 && removed.filter((other) => sameSlot(other, from)).length === 1 ? candidates[0] : undefined;
    const to = identical ?? only;
    if (to) {
      taken.add(to);
      pairs.push({ from, to });
    }
  }
  return pairs;
}

function fileChanges(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): FileChange[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].filter((file) => !MANIFEST_FILE.test(file)).sort(compareText);
  const changes: FileChange[] = [];
  for (const file of paths) {
    const status = !base.has(file) ? 'added' : !head.has(file) ? 'removed' : withoutHeader(base.get(file)!) !== withoutHeader(head.get(file)!) ? 'changed' : undefined;
    if (status) {
      changes.push({ path: file, status, advice: nodeFileAdvice(file) });
    }
  }
  return changes;
}

/** The generated header names the cluster file's folder, which differs between a temporary copy and the repository. */
function withoutHeader(content: string): string {
  return content.replace(/^# Generated by hanok from [^\n]*\n/, '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
