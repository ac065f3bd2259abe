import { Chart } from 'cdk8s';
import { GitRepository } from '../../imports/gitrepositories-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/kustomizations-kustomize.toolkit.fluxcd.io';
import { FleetConfig } from '../config/fleet';
import { toYaml } from '../kube/yaml';
import { kindsOf, Stage } from './stages';

/** Where a cluster's GitOps files go inside its output folder. */
export const GITOPS_DIR = 'gitops';
export const FLUX_DIR = `${GITOPS_DIR}/flux`;
export const SECRETS_DIR = `${GITOPS_DIR}/external-secrets`;

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
const LABELS = { 'app.kubernetes.io/name': 'hanok', 'app.kubernetes.io/component': 'gitops', 'app.kubernetes.io/part-of': 'gitops', 'app.kubernetes.io/managed-by': 'hanok' };

/**
 * Flux in one cluster: a GitRepository, and per stage a Kustomization that depends on the one before (chart order),
 * waits for the stage's workloads and ExternalSecrets (health checks), and prunes what it no longer finds.
 */
export function buildFluxObjects(chart: Chart, fleet: FleetConfig, cluster: string, stages: readonly Stage[], secretsByLayer: ReadonlyMap<string, readonly { name: string; namespace: string }[]>): void {
  const { flux, repository } = fleet.spec;
  new GitRepository(chart, 'repository', {
    metadata: { name: `hanok-${fleet.metadata.name}`, namespace: flux.namespace, labels: LABELS },
    spec: {
      url: repository.url,
      interval: flux.interval,
      ref: { branch: repository.branch },
      ...(repository.secretName ? { secretRef: { name: repository.secretName } } : {}),
    },
  });
  stages.forEach((stage, index) => {
    const secrets = stage.customResources ? [] : secretsByLayer.get(stage.layer.name) ?? [];
    const healthChecks = [
      ...stage.objects
        .filter((object) => WORKLOADS.has(object.kind))
        .map((object) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace })),
      ...secrets.map((secret) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: secret.name, namespace: secret.namespace })),
    ];
    new Kustomization(chart, stage.name, {
      metadata: { name: kustomizationName(cluster, stage), namespace: flux.namespace, labels: LABELS },
      spec: {
        interval: flux.interval,
        retryInterval: '1m',
        timeout: flux.timeout,
        path: `./${repository.path}/${cluster}/${FLUX_DIR}/${stage.name}`,
        prune: true,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: `hanok-${fleet.metadata.name}` },
        ...(index > 0 ? { dependsOn: [{ name: kustomizationName(cluster, stages[index - 1]) }] } : {}),
        ...(healthChecks.length > 0 ? { healthChecks } : {}),
      },
    });
  });
}

export function kustomizationName(cluster: string, stage: Pick<Stage, 'name'>): string {
  return `${cluster}-${stage.name}`;
}

/**
 * The kustomize file of one stage: the layer's manifest file (and its ExternalSecrets), less the objects of the
 * other stage of the layer, removed with `$patch: delete` patches by group and kind. Files outside the folder are
 * allowed because Flux builds without kustomize's load restrictor, inside the repository.
 */
export function stageKustomization(stage: Stage, hasSecrets: boolean): string {
  const others = stage.layer.objects.filter((object) => !stage.objects.includes(object));
  const resources = [`../../../${stage.layer.name}`, ...(hasSecrets && !stage.customResources ? [`../../external-secrets/${stage.layer.name}`] : [])];
  const patches = kindsOf(others)
    .filter(({ group, kind }) => !stage.objects.some((object) => object.kind === kind && (object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '') === group))
    .map(({ group, version, kind }) => ({
      target: { ...(group ? { group } : { version }), kind: `^${kind}$` },
      patch: toYaml({ $patch: 'delete', apiVersion: group ? `${group}/${version}` : version, kind, metadata: { name: 'any' } }),
    }));
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...(patches.length ? { patches } : {}) });
}
