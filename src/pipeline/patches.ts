import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import { DeepReadonly } from '../config/cluster';
import { PatchConfig, PatchTargetConfig, WorkloadSettingsConfig } from '../config/customization';
import { describeObject, KubeObject } from '../kube/objects';
import { PatchApplyError, strategicMerge } from './strategic-merge';

/** One patch applied to one object, for the synth summary. */
export interface AppliedPatch {
  /** `Kind namespace/name` of the object after the patch. */
  readonly object: string;
  /** The configuration field the patch came from, such as `spec.patches[0]` or `spec.workloads["registry/docker-registry"]`. */
  readonly source: string;
  readonly type: 'strategic merge' | 'json patch';
}

export interface PatchResult {
  /** Every object, patched where a patch selected it, in the original order. */
  readonly objects: KubeObject[];
  readonly applied: AppliedPatch[];
  /** Problems as `field: what is wrong`, each naming the configuration field to change. */
  readonly problems: string[];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * Applies a cluster's typed workload settings, then its patches in the order written, to the generated objects.
 * Never throws for bad patches: a patch that matches nothing or cannot be applied becomes a problem.
 */
export function applyPatches(
  objects: readonly KubeObject[],
  workloads: DeepReadonly<Record<string, WorkloadSettingsConfig>>,
  patches: DeepReadonly<PatchConfig[]>,
): PatchResult {
  const current = [...objects];
  const applied: AppliedPatch[] = [];
  const problems: string[] = [];

  const apply = (source: string, target: DeepReadonly<PatchTargetConfig>, type: AppliedPatch['type'], change: (object: KubeObject) => KubeObject) => {
    const indices = current.flatMap((object, index) => (matches(object, target) ? [index] : []));
    if (indices.length === 0) {
      problems.push(`${source}: the patch matches no generated object (target ${describeTarget(target)})`);
      return;
    }
    for (const index of indices) {
      try {
        current[index] = change(current[index]);
        applied.push({ object: describeObject(current[index]), source, type });
      } catch (error) {
        if (error instanceof PatchApplyError || error instanceof JsonPatchError) {
          problems.push(`${source}: cannot be applied to ${describeObject(current[index])}: ${messageOf(error)}`);
        } else {
          throw error;
        }
      }
    }
  };

  for (const [key, settings] of Object.entries(workloads)) {
    const source = `spec.workloads[${JSON.stringify(key)}]`;
    const [namespace, name] = key.split('/');
    const workload = current.find((object) => WORKLOAD_KINDS.includes(object.kind) && object.metadata.namespace === namespace && object.metadata.name === name);
    if (!workload) {
      const known = current.filter((object) => WORKLOAD_KINDS.includes(object.kind)).map((object) => `${object.metadata.namespace}/${object.metadata.name}`);
      problems.push(`${source}: no generated Deployment, StatefulSet or DaemonSet of that name (expected one of ${known.sort().join(', ')})`);
      continue;
    }
    const patch = workloadPatch(workload, settings, source, problems);
    if (patch) {
      apply(source, { kind: workload.kind, namespace, name }, 'strategic merge', (object) => strategicMerge(object, patch));
    }
  }

  patches.forEach((patch, index) => {
    const source = `spec.patches[${index}]`;
    if (patch.strategicMerge) {
      const body = JSON.parse(JSON.stringify(patch.strategicMerge));
      apply(source, patch.target, 'strategic merge', (object) => strategicMerge(object, body));
    } else if (patch.jsonPatch) {
      const operations = JSON.parse(JSON.stringify(patch.jsonPatch)) as Operation[];
      apply(source, patch.target, 'json patch', (object) => applyPatch(JSON.parse(JSON.stringify(object)), operations, true, false).newDocument as KubeObject);
    }
  });

  return { objects: current, applied, problems };
}

/** The strategic-merge patch that a workload's typed settings stand for; problems are reported by field. */
function workloadPatch(workload: KubeObject, settings: DeepReadonly<WorkloadSettingsConfig>, source: string, problems: string[]): Record<string, unknown> | undefined {
  const podSpec: Record<string, unknown> = {};
  const spec: Record<string, unknown> = {};
  if (settings.replicas !== undefined) {
    if (workload.kind === 'DaemonSet') {
      problems.push(`${source}.replicas: a DaemonSet runs one pod per node and has no replicas (got ${settings.replicas})`);
    } else {
      spec.replicas = settings.replicas;
    }
  }
  if (settings.resources) {
    const template = (workload as { spec?: { template?: { spec?: { containers?: { name: string }[] } } } }).spec?.template?.spec;
    const containerNames = (template?.containers ?? []).map((container) => container.name);
    const containers = Object.entries(settings.resources).flatMap(([name, resources]) => {
      if (!containerNames.includes(name)) {
        problems.push(`${source}.resources.${name}: no container of that name in ${describeObject(workload)} (expected one of ${containerNames.join(', ')})`);
        return [];
      }
      return [{ name, resources }];
    });
    if (containers.length > 0) podSpec.containers = containers;
  }
  if (settings.nodeSelector) podSpec.nodeSelector = settings.nodeSelector;
  if (settings.tolerations) podSpec.tolerations = settings.tolerations;
  if (settings.priorityClassName) podSpec.priorityClassName = settings.priorityClassName;
  if (Object.keys(podSpec).length > 0) spec.template = { spec: podSpec };
  return Object.keys(spec).length > 0 ? JSON.parse(JSON.stringify({ spec })) : undefined;
}

/** Whether an object is selected by every field of a target. */
export function matches(object: KubeObject, target: DeepReadonly<PatchTargetConfig>): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return (
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.kind === undefined || target.kind === object.kind) &&
    (target.namespace === undefined || target.namespace === object.metadata.namespace) &&
    (target.name === undefined || target.name === object.metadata.name) &&
    (target.labelSelector === undefined || selectorMatches(target.labelSelector, object.metadata.labels ?? {}))
  );
}

/** Equality-based label selectors as kubectl reads them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, joined by commas. */
export function selectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  return selector.split(',').every((rawTerm) => {
    const term = rawTerm.trim();
    const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (match) {
      const [, key, operator, value] = match;
      return operator === '!=' ? labels[key.trim()] !== value.trim() : labels[key.trim()] === value.trim();
    }
    return term.startsWith('!') ? !(term.slice(1).trim() in labels) : term in labels;
  });
}

function describeTarget(target: DeepReadonly<PatchTargetConfig>): string {
  return Object.entries(target)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function messageOf(error: Error): string {
  if (error instanceof JsonPatchError) {
    const index = error.index !== undefined ? `operation ${error.index}` : 'an operation';
    return `jsonPatch ${index} (${error.operation?.op ?? '?'} ${error.operation?.path ?? ''}): ${error.name === 'TEST_OPERATION_FAILED' ? 'the test failed' : error.message.split('\n')[0]}`;
  }
  return error.message;
}
