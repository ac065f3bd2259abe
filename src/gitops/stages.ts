import { apiGroupOf, describeObject, KubeObject } from '../kube/objects';
import { UserError } from '../config/errors';

/** The layer label every object carries; the Argo CD patches select a layer's objects by it. */
export const LAYER_LABEL = 'app.kubernetes.io/part-of';

/** A cluster's manifest file as the GitOps objects see it. */
export interface LayerFile {
  /** `01-networking.yaml` */
  readonly name: string;
  /** The chart, `networking`: the value of every object's layer label. */
  readonly chart: string;
  readonly objects: readonly KubeObject[];
}

/**
 * One step of a GitOps rollout. A layer is one stage, or two when it holds custom resources of an API group whose
 * CRD the output itself defines: those wait in `<layer>-resources` until the layer's controllers are healthy, since
 * their webhooks (MetalLB's) refuse the objects before that.
 */
export interface Stage {
  /** `01-networking` or `01-networking-resources`: folder and Kustomization name. */
  readonly name: string;
  readonly layer: LayerFile;
  readonly customResources: boolean;
  readonly objects: readonly KubeObject[];
}

/** The API groups whose CRDs the output defines: their objects need the layer's controllers first. */
export function ownedGroups(layers: readonly LayerFile[]): Set<string> {
  return new Set(
    layers.flatMap((layer) => layer.objects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => (object.spec as { group: string }).group)),
  );
}

/** The stages of a cluster, in chart order. Throws when an object lacks its layer's label, which the engines rely on. */
export function clusterStages(layers: readonly LayerFile[]): Stage[] {
  const groups = ownedGroups(layers);
  const stages: Stage[] = [];
  for (const layer of layers) {
    const unlabelled = layer.objects.filter((object) => object.metadata.labels?.[LAYER_LABEL] !== layer.chart);
    if (unlabelled.length > 0) {
      throw new UserError(`${layer.name}: ${unlabelled.map(describeObject).join(', ')}: label ${LAYER_LABEL} must be '${layer.chart}' for the GitOps engines to select the layer`);
    }
    const base = layer.name.replace(/\.ya?ml$/, '');
    const custom = layer.objects.filter((object) => groups.has(apiGroupOf(object.apiVersion)));
    const builtIn = layer.objects.filter((object) => !groups.has(apiGroupOf(object.apiVersion)));
    if (builtIn.length > 0) stages.push({ name: base, layer, customResources: false, objects: builtIn });
    if (custom.length > 0) stages.push({ name: `${base}-resources`, layer, customResources: true, objects: custom });
  }
  return stages;
}

/** Distinct (group, kind) pairs of objects, in first-seen order. */
export function kindsOf(objects: readonly KubeObject[]): { group: string; version: string; kind: string }[] {
  const seen = new Map<string, { group: string; version: string; kind: string }>();
  for (const object of objects) {
    const group = apiGroupOf(object.apiVersion);
    const key = `${group}/${object.kind}`;
    if (!seen.has(key)) seen.set(key, { group, version: object.apiVersion.split('/').pop()!, kind: object.kind });
  }
  return [...seen.values()];
}
