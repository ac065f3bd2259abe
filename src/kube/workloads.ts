import { KubeObject } from '../kube/objects';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A pod template found in an object, with where it sits, for the checks that look inside pods. */
export interface PodTemplateSite {
  readonly object: KubeObject;
  /** Dotted path of the pod spec inside the object, e.g. `spec.template.spec`. */
  readonly specPath: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: any;
  /** Whether the pods run until stopped (Deployments, DaemonSets...) rather than to completion (Jobs). */
  readonly longRunning: boolean;
}

const TEMPLATE_KINDS: Record<string, { longRunning: boolean; path: string[] }> = {
  Deployment: { longRunning: true, path: ['spec', 'template'] },
  DaemonSet: { longRunning: true, path: ['spec', 'template'] },
  StatefulSet: { longRunning: true, path: ['spec', 'template'] },
  ReplicaSet: { longRunning: true, path: ['spec', 'template'] },
  ReplicationController: { longRunning: true, path: ['spec', 'template'] },
  Job: { longRunning: false, path: ['spec', 'template'] },
  CronJob: { longRunning: false, path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

export function podTemplateOf(object: KubeObject): PodTemplateSite | undefined {
  if (object.apiVersion === 'v1' && object.kind === 'Pod') {
    return { object, specPath: 'spec', labels: object.metadata.labels ?? {}, spec: object.spec, longRunning: true };
  }
  const shape = TEMPLATE_KINDS[object.kind];
  if (!shape) {
    return undefined;
  }
  const template = shape.path.reduce<any>((node, key) => node?.[key], object);
  if (!template?.spec) {
    return undefined;
  }
  return {
    object,
    specPath: [...shape.path, 'spec'].join('.'),
    labels: template.metadata?.labels ?? {},
    spec: template.spec,
    longRunning: shape.longRunning,
  };
}

export interface ContainerSite {
  readonly container: any;
  /** Dotted path of the container inside the object. */
  readonly path: string;
  readonly init: boolean;
}

export function containersOf(site: PodTemplateSite): ContainerSite[] {
  const list = (key: 'initContainers' | 'containers', init: boolean): ContainerSite[] =>
    ((site.spec[key] ?? []) as any[]).map((container, index) => ({ container, path: `${site.specPath}.${key}[${index}]`, init }));
  return [...list('initContainers', true), ...list('containers', false)];
}
