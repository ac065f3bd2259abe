import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { buildPlatform } from '../charts/platform';
import { checkCluster, ClusterCheckResult, formatFailure, ManifestEntry } from '../checks';
import { KubeObject } from '../kube/objects';
import { ContentKeys } from '../kube/exact-json';
import { Cluster } from '../config/cluster';
import { HanokExtension } from '../extensions/extension';
import { clusterCharts } from '../extensions/extension-charts';
import { PolicyWaiver, waiversOf } from '../constructs/policy-waiver';
import { NodeFile } from '../constructs/node-file';
import { SuppliedSecret, SuppliedSecretInfo } from '../constructs/supplied-secret';
import { SynthWarning } from '../constructs/synth-warning';
import { containersOf, podTemplateOf } from '../kube/workloads';
import { synthesizeCharts } from './chart-objects';
import { configCauses } from './config-causes';
import { UserError } from '../config/errors';
import { renderImageSources, renderImagesTxt } from './image-files';
import { MappedImage, mapImages } from './image-mapping';
import { applyPatches, AppliedPatch } from './patches';
import { generatedHeader, toYaml, toYamlDocuments } from '../kube/yaml';
import { topologyDots, topologyFileNames } from '../topology';
import { drawSvgs } from './output-worker';
import { renderSecretsExample } from './secrets-example';
import { APPLY_PLAN_FILE, renderApplyPlan } from './apply-plan';
import { ComponentCompatibility, checkCompatibility } from '../versions/compatibility-matrix';
import { componentUses } from './component-uses';
import { endOfLifeWarning, today } from '../versions/kubernetes-releases';
import { ManifestFile } from '../checks/manifest';

/** Everything synthesized for one cluster, checked, before anything is written. */
export interface ClusterOutput {
  readonly cluster: Cluster;
  /**
   * Each manifest file's objects. Read-only: most are sealed (frozen, and shared with every other cluster of the process
   * that has an equal one; src/kube/exact-json.ts), so changing one throws a TypeError. Change a copy.
   */
  readonly manifests: readonly ManifestFile[];
  /** Every file of `dist/<cluster>/`, path relative to it, with its content. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * The pictures of `dist/<cluster>/` left undrawn because the run writes nothing (`draw: false`); the summary
   * counts them with `files`.
   * @default - none: every picture is in `files`
   */
  readonly undrawn?: readonly string[];
  /** With `draw: 'later'`: the DOT text of each picture in `undrawn`, by file name, for the caller to draw. */
  readonly dots?: ReadonlyMap<string, string>;
  /** Every image the manifests use, sorted: `images.txt` and `hanok images`. */
  readonly images: readonly string[];
  /** Each image with where the mirror script copies it from (`image-sources.txt`). */
  readonly mappedImages: readonly MappedImage[];
  readonly suppliedSecrets: readonly SuppliedSecretInfo[];
  /** The cluster's workload settings and patches, per object they changed. */
  readonly appliedPatches: readonly AppliedPatch[];
  readonly check: ClusterCheckResult;
}

export interface SynthesizeOptions {
  /**
   * Run the output checks. Only the benchmark turns them off, to measure what they cost.
   * @default true
   */
  readonly checks?: boolean;
  /**
   * The day end-of-life warnings are judged on, `YYYY-MM-DD`.
   * @default - today (UTC)
   */
  readonly today?: string;
  /**
   * The component compatibility matrix the cluster's version is checked against.
   * @default COMPONENTS
   */
  readonly components?: readonly ComponentCompatibility[];
  /**
   * Every cluster of the folder, for pictures that span clusters (an OpenMCP master's federation).
   * @default - only this cluster is known, and no federation picture is drawn
   */
  readonly allClusters?: readonly Cluster[];
  /**
   * Charts of the user's own, built beside the layers for the clusters whose file has their section
   * (`spec.extensions.<name>`); the cluster must have been loaded with the same extensions.
   * @default - none
   */
  readonly extensions?: readonly HanokExtension[];
  /**
   * Draw the pictures (`topology.svg`, `openmcp-fleet.svg`) with Graphviz. `hanok validate` and `hanok images`
   * write no file and turn it off: the pictures are not built, and their names are in `undrawn`.
   * `'later'`: the DOT texts are built and handed back in `dots` for the caller to draw (synth's output worker).
   * @default true
   */
  readonly draw?: boolean | 'later';
}

/**
 * Builds the cluster's charts, runs every output check, and renders the files. Throws a UserError when a construct
 * rejects its configuration or the output fails a check, listing every failure.
 */
export function synthesizeCluster(cluster: Cluster, options: SynthesizeOptions = {}): ClusterOutput {
  const app = new App({ outdir: 'unused' });
  const platform = asUserError(cluster, () => buildPlatform(app, cluster));
  const constructErrors = app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `${construct.node.path}: ${message}`));
  if (constructErrors.length > 0) {
    throw new UserError(`${cluster.name}: ${constructErrors.join('\n')}`);
  }

  const ordered = asUserError(cluster, () => clusterCharts(app, cluster, platform, options.extensions ?? []));
  const { objectsByChart, appliedPatches } = patchObjects(cluster, synthesizeCharts(ordered));
  // A chart without API objects (only node files, say) gets no manifest file, and the numbering skips it.
  let manifests: ManifestFile[] = ordered
    .map((chart, index) => ({ chart: chart.node.id, objects: objectsByChart[index] }))
    .filter((manifest) => manifest.objects.length > 0)
    .map((manifest, index) => ({ name: `${String(index + 1).padStart(2, '0')}-${manifest.chart}.yaml`, ...manifest }));
  // The compatibility matrix sees the images as the charts wrote them, before spec.images rewrites them.
  const compatibility = checkCompatibility(
    cluster.spec.kubernetesVersion,
    componentUses(cluster, collectImages(manifests.flatMap((manifest) => manifest.objects.map((object) => ({ file: manifest.name, object }))))),
    options.components,
  );
  if (compatibility.errors.length > 0) {
    throw new UserError(`${cluster.name}: ${compatibility.errors.map((error) => `${cluster.sourceFile}: ${error}`).join('\n')}`);
  }
  const endOfLife = endOfLifeWarning(cluster.spec.kubernetesVersion, options.today ?? today());
  // Problems whose cause is a configuration field are reported as such, before the checks see their symptoms.
  const causes = configCauses(cluster, manifests);
  if (causes.length > 0) {
    throw new UserError(`${cluster.name}: ${causes.join('\n')}`);
  }
  // Before the checks, so they see the images nodes will pull.
  const mapped = mapImages(
    manifests.flatMap((manifest) => manifest.objects),
    cluster.spec.images,
    `${cluster.name}: ${cluster.sourceFile}`,
  );
  const mappedImages = mapped.images;
  let next = 0;
  manifests = manifests.map((manifest) => ({ ...manifest, objects: mapped.objects.slice(next, (next += manifest.objects.length)) }));
  const entries: ManifestEntry[] = manifests.flatMap((file) => file.objects.map((object) => ({ file: file.name, object })));
  // One walk of the finished tree serves the secrets, the waivers and the warnings.
  const constructs = app.node.findAll();
  const suppliedSecrets = collectSuppliedSecrets(constructs);
  // The objects are final from here on: their content keys, written once, key both the checks' findings and the CRDs' YAML.
  const keys = new ContentKeys();
  const checked =
    options.checks === false
      ? { failures: [], appliedWaivers: [], warnings: [] }
      : checkCluster({ cluster: cluster.name, entries, suppliedSecrets, waivers: collectWaivers(constructs, entries), kubernetesVersion: cluster.spec.kubernetesVersion, keys });
  const synthWarnings = constructs.filter((construct): construct is SynthWarning => construct instanceof SynthWarning).map((warning) => warning.message);
  const check = {
    ...checked,
    warnings: [...(endOfLife ? [endOfLife] : []), ...compatibility.warnings, ...checked.warnings, ...synthWarnings],
  };
  if (check.failures.length > 0) {
    throw new UserError(
      `${cluster.name}: ${check.failures.length} output check failure${check.failures.length === 1 ? '' : 's'}:\n${check.failures.map((failure) => `  ${formatFailure(failure)}`).join('\n')}`,
    );
  }

  const files = new Map<string, string>();
  const header = generatedHeader(cluster.sourceFile);
  for (const manifest of manifests) {
    files.set(manifest.name, header + toYamlDocuments(manifest.objects, keys));
  }
  files.set(
    'kustomization.yaml',
    header + toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: manifests.map((manifest) => manifest.name) }),
  );
  const images = collectImages(entries);
  files.set('images.txt', renderImagesTxt(mappedImages));
  files.set('image-sources.txt', renderImageSources(header, mappedImages));
  files.set('secrets.example', renderSecretsExample(cluster.name, header, suppliedSecrets));
  files.set(APPLY_PLAN_FILE, renderApplyPlan(cluster.name, header, manifests.map((manifest) => ({ ...manifest, content: files.get(manifest.name)! }))));

  // The node files follow the final objects: they open NodePorts and own NFS directories.
  asUserError(cluster, () => platform.nodeSetup.addClusterObjects(entries.map((entry) => entry.object)));
  for (const nodeFile of collectNodeFiles(app)) {
    files.set(`nodes/${nodeFile.path}`, nodeFile.content);
  }
  const layered = manifests.flatMap((manifest) => manifest.objects.map((object) => ({ layer: manifest.chart, object })));
  const nodeFiles = new Map([...files].filter(([file]) => file.startsWith('nodes/')).map(([file, content]) => [file.slice('nodes/'.length), content]));
  if (options.draw === 'later') {
    const dots = new Map(topologyDots(cluster, layered, nodeFiles, options.allClusters));
    return { cluster, manifests, files, undrawn: [...dots.keys()], dots, images, mappedImages, suppliedSecrets, appliedPatches, check };
  }
  if (options.draw === false) {
    const undrawn = topologyFileNames(cluster, options.allClusters);
    return { cluster, manifests, files, undrawn, images, mappedImages, suppliedSecrets, appliedPatches, check };
  }
  for (const [file, content] of drawSvgs(topologyDots(cluster, layered, nodeFiles, options.allClusters))) {
    files.set(file, content);
  }
  return { cluster, manifests, files, images, mappedImages, suppliedSecrets, appliedPatches, check };
}

/**
 * Applies the cluster's typed workload settings and patches to the synthesized objects, before any check sees them.
 * Every problem is reported at once, naming the configuration field to change.
 */
function patchObjects(cluster: Cluster, objectsByChart: readonly KubeObject[][]): { objectsByChart: KubeObject[][]; appliedPatches: readonly AppliedPatch[] } {
  const { workloads, patches } = cluster.spec;
  if (Object.keys(workloads).length === 0 && patches.length === 0) {
    return { objectsByChart: objectsByChart.map((objects) => [...objects]), appliedPatches: [] };
  }
  const result = applyPatches(objectsByChart.flat(), workloads, patches);
  if (result.problems.length > 0) {
    throw new UserError(`${cluster.name}: ${result.problems.map((problem) => `${cluster.sourceFile}: ${problem}`).join('\n')}`);
  }
  let next = 0;
  return { objectsByChart: objectsByChart.map((objects) => result.objects.slice(next, (next += objects.length))), appliedPatches: result.applied };
}

/** Runs `build`, reporting an error a construct throws for its configuration against the cluster file. */
function asUserError<T>(cluster: Cluster, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof Error && !(error instanceof TypeError) && !(error instanceof ReferenceError)) {
      throw new UserError(`${cluster.name}: ${cluster.sourceFile}: ${error.message}`);
    }
    throw error;
  }
}

function collectNodeFiles(app: App): NodeFile[] {
  const nodeFiles = app.node.findAll().filter((construct): construct is NodeFile => construct instanceof NodeFile);
  const seen = new Set<string>();
  for (const nodeFile of nodeFiles) {
    if (seen.has(nodeFile.path)) {
      throw new UserError(`two constructs write the node file nodes/${nodeFile.path}`);
    }
    seen.add(nodeFile.path);
  }
  return nodeFiles.sort((a, b) => compareText(a.path, b.path));
}

function collectSuppliedSecrets(constructs: readonly IConstruct[]): SuppliedSecretInfo[] {
  const byKey = new Map<string, SuppliedSecretInfo>();
  for (const secret of constructs.filter((construct: IConstruct): construct is SuppliedSecret => construct instanceof SuppliedSecret)) {
    const key = `${secret.namespace}/${secret.secretName}`;
    const previous = byKey.get(key);
    if (previous && previous.type !== secret.type) {
      throw new UserError(`Secret ${key} is declared with two types: ${previous.type} and ${secret.type}`);
    }
    byKey.set(key, {
      namespace: secret.namespace,
      name: secret.secretName,
      type: secret.type,
      keys: { ...previous?.keys, ...secret.keys },
      purpose: previous && previous.purpose !== secret.purpose ? `${previous.purpose}; ${secret.purpose}` : secret.purpose,
    });
  }
  return [...byKey.values()].sort((a, b) => compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/** Matches each synthesized object to the ApiObject that produced it, to find the waivers its construct declared. */
function collectWaivers(constructs: readonly IConstruct[], entries: readonly ManifestEntry[]): Map<KubeObject, readonly PolicyWaiver[]> {
  const identity = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
  const byIdentity = new Map(entries.map((entry) => [identity(entry.object.kind, entry.object.metadata.namespace, entry.object.metadata.name), entry.object]));
  const result = new Map<KubeObject, readonly PolicyWaiver[]>();
  for (const apiObject of constructs.filter((construct): construct is ApiObject => construct instanceof ApiObject)) {
    const waivers = waiversOf(apiObject);
    const object = byIdentity.get(identity(apiObject.kind, apiObject.metadata.namespace, apiObject.name));
    if (waivers.length > 0 && object) {
      result.set(object, waivers);
    }
  }
  return result;
}

function collectImages(entries: readonly ManifestEntry[]): string[] {
  const images = new Set<string>();
  for (const { object } of entries) {
    const site = podTemplateOf(object);
    if (site) {
      containersOf(site).forEach(({ container }) => images.add(container.image));
    }
  }
  return [...images].sort();
}

/** Code-unit order: unlike localeCompare, the same on every machine whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
