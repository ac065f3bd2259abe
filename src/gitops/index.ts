import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { checkLinks } from '../checks/links';
import { CheckFailure, formatFailure, ManifestEntry, ManifestFile } from '../checks/manifest';
import { describeObject, KubeObject } from '../kube/objects';
import { checkSchemas } from '../checks/schema-check';
import { FleetConfig, FLEET_FILE } from '../config/fleet';
import { crdFolderDocuments } from '../constructs/custom-resource-definitions';
import { UserError } from '../config/errors';
import { generatedHeader, toYaml, toYamlDocuments } from '../kube/yaml';
import type { Cluster } from '../config/cluster';
import type { SuppliedSecretInfo } from '../constructs/supplied-secret';
import { buildApplicationSet, FleetLayer } from './argo-cd';
import { buildExternalSecrets } from './external-secrets';
import { buildFluxObjects, FLUX_DIR, SECRETS_DIR, stageKustomization } from './flux';
import { clusterStages, LayerFile, ownedGroups } from './stages';

export { clusterStages, ownedGroups } from './stages';
export { waves, WAVE_ANNOTATION } from './argo-cd';
export { kustomizationName, FLUX_DIR, SECRETS_DIR } from './flux';
export { remoteKey } from './external-secrets';

/** The parts of a cluster's synthesized output (the pipeline's ClusterOutput) that its GitOps files are made from. */
export interface GitopsInput {
  readonly cluster: Cluster;
  readonly manifests: readonly ManifestFile[];
  readonly suppliedSecrets: readonly SuppliedSecretInfo[];
}

let gitopsCrds: KubeObject[] | undefined;

/** Forgets the GitOps CRDs read so far (the start-up snapshot's warm-up, src/cli/warm-up.ts). */
export function forgetGitopsCrds(): void {
  gitopsCrds = undefined;
}

/**
 * The CRDs of crds/gitops/, read once: the output checks validate the GitOps objects against them. Their files are
 * parsed as the emitted CRDs are (`crdFolderDocuments`: at build time where unchanged, specs sealed).
 */
function crds(): KubeObject[] {
  gitopsCrds ??= crdFolderDocuments('gitops') as KubeObject[];
  return gitopsCrds;
}

/**
 * The GitOps files of one cluster, inside its output folder: the ExternalSecrets (when the fleet names a store) and
 * the Flux objects with one kustomize folder per stage. Every object is checked against its CRD, and with the
 * ExternalSecrets in place of apply.sh every Secret the manifests reference must be supplied by one.
 */
export function clusterGitopsFiles(fleet: FleetConfig, output: GitopsInput): Map<string, string> {
  const cluster = output.cluster.name;
  const layers: LayerFile[] = output.manifests.map((manifest) => ({ name: manifest.name, chart: manifest.chart, objects: manifest.objects }));
  const stages = clusterStages(layers);
  const app = new App({ outdir: 'unused' });
  const secretsChart = new Chart(app, 'external-secrets');
  const fluxChart = new Chart(app, 'flux');
  const secretsConfig = fleet.spec.externalSecrets;
  const secretsByLayer = secretsConfig ? buildExternalSecrets(secretsChart, secretsConfig, cluster, output.suppliedSecrets, layers) : new Map();
  const secretObjects = secretsChart.toJson() as KubeObject[];
  if (fleet.spec.flux.enabled) {
    const refs = new Map([...secretsByLayer].map(([layer, objects]) => [layer, objects.map((object: { name: string; metadata: { namespace?: string } }) => ({ name: object.name, namespace: object.metadata.namespace! }))]));
    buildFluxObjects(fluxChart, fleet, cluster, stages, refs);
  }
  const fluxObjects = fluxChart.toJson() as KubeObject[];

  const header = generatedHeader(output.cluster.sourceFile);
  const files = new Map<string, string>();
  if (secretsConfig) {
    const layerFiles = layers.filter((layer) => secretsByLayer.has(layer.name)).map((layer) => layer.name);
    files.set(`${SECRETS_DIR}/kustomization.yaml`, header + toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: layerFiles }));
    for (const layer of layerFiles) {
      const objects = secretObjects.filter((object) => object.metadata.labels?.['app.kubernetes.io/part-of'] === layers.find((candidate) => candidate.name === layer)!.chart);
      files.set(`${SECRETS_DIR}/${layer}`, header + toYamlDocuments(objects));
    }
  }
  if (fleet.spec.flux.enabled) {
    files.set(`${FLUX_DIR}/kustomization.yaml`, header + toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['sync.yaml'] }));
    files.set(`${FLUX_DIR}/sync.yaml`, header + toYamlDocuments(fluxObjects));
    for (const stage of stages) {
      files.set(`${FLUX_DIR}/${stage.name}/kustomization.yaml`, header + stageKustomization(stage, secretsByLayer.has(stage.layer.name)));
    }
  }

  const manifestEntries: ManifestEntry[] = output.manifests.flatMap((manifest) => manifest.objects.map((object) => ({ file: manifest.name, object })));
  const own: ManifestEntry[] = [
    ...secretObjects.map((object) => ({ file: `${SECRETS_DIR}/${object.metadata.labels?.['app.kubernetes.io/part-of']}`, object })),
    ...fluxObjects.map((object) => ({ file: `${FLUX_DIR}/sync.yaml`, object })),
  ];
  const failures = checkGitops(cluster, own, secretsConfig ? manifestEntries : []);
  if (failures.length > 0) {
    throw new UserError(`${cluster}: ${failures.length} GitOps check failure${failures.length === 1 ? '' : 's'}:\n${failures.map((failure) => `  ${formatFailure(failure)}`).join('\n')}`);
  }
  return files;
}

/**
 * The fleet's own files, written to `<out>/fleet/`: the Argo CD ApplicationSet. Its wave patches are the same for
 * every cluster, so the layers are ordered over the whole fleet (each cluster's chart order must agree).
 */
export function fleetFiles(fleet: FleetConfig, outputs: readonly (Pick<GitopsInput, 'cluster' | 'manifests'> | FleetMember)[], clustersDir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fleet.spec.argocd.enabled) return files;
  const app = new App({ outdir: 'unused' });
  const chart = new Chart(app, 'fleet');
  buildApplicationSet(
    chart,
    fleet,
    outputs.map((output) => ('layers' in output ? output.cluster : output.cluster.name)),
    fleetLayers(outputs),
  );
  const objects = chart.toJson() as KubeObject[];
  const failures = checkGitops('fleet', objects.map((object) => ({ file: 'argocd/applicationset.yaml', object })), []);
  if (failures.length > 0) {
    throw new UserError(`fleet: ${failures.map(formatFailure).join('\n')}`);
  }
  const header = generatedHeader(path.join(clustersDir, FLEET_FILE));
  files.set('argocd/applicationset.yaml', header + toYamlDocuments(objects));
  return files;
}

/**
 * What the fleet's files need of one cluster, without its objects (synth keeps only this once a cluster is written):
 * its name and its layers in chart order, each with the API groups of the cluster's own CRDs that the layer uses.
 */
export interface FleetMember {
  readonly cluster: string;
  readonly layers: readonly FleetLayer[];
}

export function fleetMember(output: Pick<GitopsInput, 'cluster' | 'manifests'>): FleetMember {
  const owned = ownedGroups(output.manifests);
  const layers = output.manifests.map((manifest) => {
    const custom = new Set<string>();
    manifest.objects.forEach((object) => {
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      if (owned.has(group)) custom.add(group);
    });
    return { chart: manifest.chart, customGroups: [...custom] };
  });
  return { cluster: output.cluster.name, layers };
}

/** The layers of every cluster in one order that agrees with each cluster's chart order. */
export function fleetLayers(outputs: readonly (Pick<GitopsInput, 'cluster' | 'manifests'> | FleetMember)[]): FleetLayer[] {
  const charts: string[] = [];
  const after = new Map<string, Set<string>>();
  const groups = new Map<string, Set<string>>();
  for (const output of outputs) {
    const { layers } = 'layers' in output ? output : fleetMember(output);
    layers.forEach((layer, index) => {
      if (!charts.includes(layer.chart)) charts.push(layer.chart);
      const before = after.get(layer.chart) ?? new Set<string>();
      layers.slice(0, index).forEach((earlier) => before.add(earlier.chart));
      after.set(layer.chart, before);
      const custom = groups.get(layer.chart) ?? new Set<string>();
      layer.customGroups.forEach((group) => custom.add(group));
      groups.set(layer.chart, custom);
    });
  }
  const ordered: string[] = [];
  const remaining = [...charts];
  while (remaining.length > 0) {
    const next = remaining.find((chart) => [...(after.get(chart) ?? [])].every((earlier) => ordered.includes(earlier)));
    if (!next) throw new UserError(`the clusters order their layers differently: ${remaining.join(', ')}`);
    ordered.push(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return ordered.map((chart) => ({ chart, customGroups: [...(groups.get(chart) ?? [])].sort() }));
}

/** Schema check against crds/gitops/, and with `manifests` the link check with ExternalSecrets as the only supply of Secrets. */
function checkGitops(cluster: string, own: readonly ManifestEntry[], manifests: readonly ManifestEntry[]): CheckFailure[] {
  const definitions = crds().map((object) => ({ file: 'crds/gitops', object }));
  const toFailure = (check: CheckFailure['check']) => (finding: { entry: ManifestEntry; field: string; message: string }): CheckFailure => ({
    cluster,
    file: finding.entry.file,
    object: describeObject(finding.entry.object),
    field: finding.field,
    message: finding.message,
    check,
  });
  const failures = checkSchemas([...definitions, ...own])
    .filter((failure) => !definitions.includes(failure.entry as (typeof definitions)[number]))
    .map(toFailure('schema'));
  if (manifests.length > 0) {
    const secrets = own.filter((entry) => entry.object.kind === 'ExternalSecret');
    failures.push(
      ...checkLinks({ entries: [...manifests, ...definitions, ...secrets], suppliedSecrets: [] })
        .filter((failure) => !definitions.includes(failure.entry as (typeof definitions)[number]))
        .map(toFailure('links')),
    );
  }
  return failures;
}
