import { Chart } from 'cdk8s';
import { ApplicationSet } from '../../imports/applicationsets-argoproj.io';
import { FleetConfig } from '../config/fleet';
import { toYaml } from '../kube/yaml';
import { SECRETS_DIR } from './flux';
import { LAYER_LABEL } from './stages';

/** A layer as the whole fleet orders it, with the API groups of its custom resources in any cluster. */
export interface FleetLayer {
  readonly chart: string;
  readonly customGroups: readonly string[];
}

export const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The sync waves: namespaces, CRDs and ExternalSecrets in wave 0; then per layer in chart order its built-in objects,
 * and in the next wave its custom resources. Argo CD starts a wave only when the one before is healthy, so the
 * MetalLB pools wait for MetalLB's controller and webhook.
 */
export function waves(layers: readonly FleetLayer[]): { chart: string; wave: number; customResources: boolean; group?: string }[] {
  return layers.flatMap((layer, index) => [
    { chart: layer.chart, wave: 2 * index + 1, customResources: false },
    ...layer.customGroups.map((group) => ({ chart: layer.chart, wave: 2 * index + 2, customResources: true, group })),
  ]);
}

function wavePatch(wave: number): string {
  // With a target, kustomize applies the patch to every matching object and ignores the patch's own kind and name.
  return toYaml({ apiVersion: 'v1', kind: 'Any', metadata: { name: 'any', annotations: { [WAVE_ANNOTATION]: String(wave) } } });
}

/**
 * One ApplicationSet for the fleet: a list generator with one element per cluster, each Application reading
 * `<path>/<cluster>` (its kustomization.yaml) with the wave patches, and the cluster's ExternalSecrets as a second
 * source when configured. Destinations are Argo CD clusters registered under the hanok cluster names.
 */
export function buildApplicationSet(chart: Chart, fleet: FleetConfig, clusters: readonly string[], layers: readonly FleetLayer[]): ApplicationSet {
  const { repository, argocd } = fleet.spec;
  const patches = [
    ...waves(layers).map((entry) => ({
      target: { ...(entry.group ? { group: entry.group } : {}), labelSelector: `${LAYER_LABEL}=${entry.chart}` },
      patch: wavePatch(entry.wave),
    })),
    { target: { kind: 'Namespace' }, patch: wavePatch(0) },
    { target: { kind: 'CustomResourceDefinition' }, patch: wavePatch(0) },
  ];
  const source = (path: string, withPatches: boolean) => ({ repoUrl: repository.url, targetRevision: repository.branch, path, ...(withPatches ? { kustomize: { patches } } : {}) });
  return new ApplicationSet(chart, 'applicationset', {
    metadata: {
      name: `hanok-${fleet.metadata.name}`,
      namespace: argocd.namespace,
      labels: { 'app.kubernetes.io/name': 'hanok', 'app.kubernetes.io/component': 'gitops', 'app.kubernetes.io/part-of': 'gitops', 'app.kubernetes.io/managed-by': 'hanok' },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: clusters.map((cluster) => ({ cluster })) } }],
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: 'hanok-{{.cluster}}', labels: { 'app.kubernetes.io/managed-by': 'hanok', 'hanok.dev/cluster': '{{.cluster}}' } },
        spec: {
          project: argocd.project,
          sources: [source(`${repository.path}/{{.cluster}}`, true), ...(fleet.spec.externalSecrets ? [source(`${repository.path}/{{.cluster}}/${SECRETS_DIR}`, false)] : [])],
          destination: { name: '{{.cluster}}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true'],
            retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
          },
        },
      },
    },
  });
}
