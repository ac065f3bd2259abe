import {
  CLUSTER_METRIC_COLLECTOR_IMAGE,
  FLANNEL_IMAGE,
  GRAFANA_IMAGE,
  HEADLAMP_IMAGE,
  INGRESS_NGINX_CONTROLLER_IMAGE,
  METALLB_CONTROLLER_IMAGE,
  METRICS_SERVER_IMAGE,
  NFS_CSI_PLUGIN_IMAGE,
  NODE_EXPORTER_IMAGE,
  OPENFX_GATEWAY_IMAGE,
  PROMETHEUS_IMAGE,
  REGISTRY_IMAGE,
  TRAEFIK_IMAGE,
  VPA_RECOMMENDER_IMAGE,
} from './images';
import { KUBERNETES_MINORS, minorNumber, minorOf, NEWEST_MINOR, OLDEST_MINOR } from './kubernetes-releases';

/**
 * The component compatibility matrix: every component hanok installs declares the Kubernetes minors it works on,
 * as a Helm chart does with `kubeVersion`. Like most charts, a range has a lower bound from what the component
 * needs, and an upper bound only where a later Kubernetes is known to break it (the note says how). Synth fails
 * when a cluster's version is outside the range of a component it enables; components whose upstream images call
 * APIs the version no longer serves give a warning instead, since a rebuilt image (`spec.images.overrides`) fixes
 * them without touching hanok.
 *
 * One entry per component, keyed by a stable id. When a component's pin changes, change `version` and review the
 * range: a test fails while `version` and the pinned image disagree.
 */

/** Kubernetes minors a component works on, both ends included. */
export interface KubernetesRange {
  /** Oldest minor, `1.21`. */
  readonly min: string;
  /**
   * Newest minor, `1.35`; only where a later minor is known to break the component (see `note`).
   * @default - no known upper bound
   */
  readonly max?: string;
}

/** An API the upstream image of a component calls, and the minor that stopped serving it. */
export interface RemovedApiUse {
  /** `group/version Kind`, e.g. `extensions/v1beta1 Ingress`. */
  readonly api: string;
  /** First minor that no longer serves it. */
  readonly removedIn: string;
}

/** What the matrix needs to know about a cluster. */
export interface ComponentUse {
  /** Whether the cluster enables the component. */
  readonly enabled: boolean;
  /**
   * Upstream images of the component the cluster's containers still run (not replaced by `spec.images.overrides`
   * or a configured image); only components with `removedApis` look at it.
   * @default []
   */
  readonly upstreamImages?: readonly string[];
}

export interface ComponentCompatibility {
  /** Stable key: `flannel`, `metallb`, ... */
  readonly id: string;
  /** Name for people. */
  readonly name: string;
  /** The pinned version the range was assessed for. */
  readonly version: string;
  /** The pinned image whose tag is `version`, when hanok pins one. */
  readonly image?: string;
  readonly kubernetes: KubernetesRange;
  /** Where the range comes from; why the upper bound. */
  readonly note: string;
  /**
   * Not installed by a default cluster: does not limit the default Kubernetes version.
   * @default false
   */
  readonly optIn?: boolean;
  /**
   * Runs on the machines, not in the cluster: hanok cannot see its version, so synth does not check it and it does
   * not limit the default; `prepare-node.sh` checks it on each node (see NODE_REQUIREMENTS).
   * @default false
   */
  readonly onNodes?: boolean;
  /**
   * APIs the upstream image calls that Kubernetes no longer serves: a warning when the image is in use on a
   * version without them.
   * @default []
   */
  readonly removedApis?: readonly RemovedApiUse[];
}

function tagOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  return withoutDigest.slice(withoutDigest.lastIndexOf(':') + 1);
}

export const COMPONENTS: readonly ComponentCompatibility[] = [
  {
    id: 'flannel',
    name: 'Flannel',
    version: tagOf(FLANNEL_IMAGE),
    image: FLANNEL_IMAGE,
    kubernetes: { min: '1.28' },
    note: 'kube-flannel.yml uses only stable APIs (apps/v1, rbac/v1); v0.28 is built with a client-go that needs 1.28+; no known upper bound',
  },
  {
    id: 'metallb',
    name: 'MetalLB',
    version: tagOf(METALLB_CONTROLLER_IMAGE),
    image: METALLB_CONTROLLER_IMAGE,
    kubernetes: { min: '1.21' },
    note:
      'v0.16 declares the BGPPeer ASN fields int64, which 1.36\'s strict format validation accepts (v0.14 did not: metallb/metallb#3034); ' +
      'no known upper bound',
  },
  {
    id: 'traefik',
    name: 'Traefik (Gateway API and Ingress)',
    version: tagOf(TRAEFIK_IMAGE),
    image: TRAEFIK_IMAGE,
    kubernetes: { min: '1.22' },
    note: 'its Kubernetes providers need networking.k8s.io/v1 and discovery.k8s.io/v1 (1.22+); upstream tested v3.7 on the three newest minors at its release (1.34 to 1.36)',
  },
  {
    id: 'gateway-api',
    name: 'Gateway API CRDs (standard channel)',
    version: 'v1.5.0',
    kubernetes: { min: '1.31' },
    note: 'v1.5.0 supports the five newest minors at its release (1.31 to 1.35) and uses CEL validation of 1.25+; no known upper bound',
  },
  {
    id: 'ingress-nginx',
    name: 'ingress-nginx (retired, to adopt an install)',
    version: tagOf(INGRESS_NGINX_CONTROLLER_IMAGE),
    image: INGRESS_NGINX_CONTROLLER_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'the final release v1.15.1 (March 2026); the project is retired and gets no fixes, so a synth that selects it warns',
    optIn: true,
  },
  {
    id: 'metrics-server',
    name: 'metrics-server',
    version: tagOf(METRICS_SERVER_IMAGE),
    image: METRICS_SERVER_IMAGE,
    kubernetes: { min: '1.31' },
    note: 'metrics-server compatibility matrix: 0.8.x supports 1.31+ (0.9.x needs 1.34+)',
  },
  {
    id: 'vpa',
    name: 'Vertical Pod Autoscaler',
    version: tagOf(VPA_RECOMMENDER_IMAGE),
    image: VPA_RECOMMENDER_IMAGE,
    kubernetes: { min: '1.28' },
    note: 'VPA 1.7 supports 1.28+ (its InPlace and startup-boost modes need 1.33+); installed on OpenMCP members only',
    optIn: true,
  },
  {
    id: 'prometheus',
    name: 'Prometheus',
    version: tagOf(PROMETHEUS_IMAGE),
    image: PROMETHEUS_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'Kubernetes service discovery uses discovery.k8s.io/v1 EndpointSlices (1.21+)',
  },
  {
    id: 'grafana',
    name: 'Grafana',
    version: tagOf(GRAFANA_IMAGE),
    image: GRAFANA_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'uses no Kubernetes API',
  },
  {
    id: 'registry',
    name: 'Distribution registry',
    version: tagOf(REGISTRY_IMAGE),
    image: REGISTRY_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'uses no Kubernetes API',
  },
  {
    id: 'csi-driver-nfs',
    name: 'csi-driver-nfs',
    version: tagOf(NFS_CSI_PLUGIN_IMAGE),
    image: NFS_CSI_PLUGIN_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'the driver\'s README: 1.21+; its v6 external-provisioner needs 1.20+',
  },
  {
    id: 'node-exporter',
    name: 'node_exporter',
    version: tagOf(NODE_EXPORTER_IMAGE),
    image: NODE_EXPORTER_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'reads the host\'s /proc and /sys and never calls the Kubernetes API',
  },
  {
    id: 'headlamp',
    name: 'Headlamp',
    version: tagOf(HEADLAMP_IMAGE),
    image: HEADLAMP_IMAGE,
    kubernetes: { min: '1.21' },
    note: 'its Helm chart\'s prerequisite is 1.21+; replaces the Kubernetes Dashboard, archived in January 2026',
    optIn: true,
  },
  {
    id: 'openfx',
    name: 'OpenFx gateway',
    version: OPENFX_GATEWAY_IMAGE.tag,
    kubernetes: { min: '1.21' },
    note: 'the manifests use stable APIs; the gateway image itself calls removed APIs',
    optIn: true,
    removedApis: [
      { api: 'extensions/v1beta1 Deployment', removedIn: '1.16' },
      { api: 'autoscaling/v2beta1 HorizontalPodAutoscaler', removedIn: '1.25' },
    ],
  },
  {
    id: 'openmcp',
    name: 'OpenMCP controllers',
    version: tagOf(CLUSTER_METRIC_COLLECTOR_IMAGE),
    kubernetes: { min: '1.21' },
    note: 'the manifests use stable APIs; the ketidevit2 controller images call removed APIs',
    optIn: true,
    removedApis: [
      { api: 'extensions/v1beta1 Ingress', removedIn: '1.22' },
      { api: 'autoscaling/v2beta2 HorizontalPodAutoscaler', removedIn: '1.26' },
    ],
  },
  {
    id: 'containerd-1',
    name: 'containerd 1.x',
    version: '1.7',
    kubernetes: { min: '1.21', max: '1.35' },
    note: 'Kubernetes 1.35 is the last release that supports containerd 1.x; prepare-node.sh refuses it from 1.36',
    onNodes: true,
  },
  {
    id: 'containerd-2',
    name: 'containerd 2.x',
    version: '2.x',
    kubernetes: { min: '1.30' },
    note: 'containerd 2.0 and later (CRI v1); the kubelet of 1.35+ also needs cgroup v2, which prepare-node.sh checks',
    onNodes: true,
  },
];

/**
 * What the nodes need, by Kubernetes minor: the kubelet refuses cgroup v1 by default from 1.35, and 1.35 is the
 * last release that supports containerd 1.x. `prepare-node.sh` checks both before it changes anything.
 */
export const NODE_REQUIREMENTS = {
  /** First minor whose kubelet refuses cgroup v1 hosts. */
  cgroupV2From: '1.35',
  /** First minor that needs containerd 2.x. */
  containerd2From: '1.36',
} as const;

export function isInRange(minor: string, range: KubernetesRange): boolean {
  const value = minorNumber(minor);
  return value >= minorNumber(range.min) && (range.max === undefined || value <= minorNumber(range.max));
}

/** `>=1.21`, `>=1.21 <=1.35`, as Helm writes kubeVersion. */
export function formatRange(range: KubernetesRange): string {
  return `>=${range.min}${range.max ? ` <=${range.max}` : ''}`;
}

/**
 * The default `kubernetesVersion`: the newest patch of the newest minor in the window that every component of a
 * default cluster supports (opt-in components do not count). With the pins of today, MetalLB 0.14.8 stops at 1.35
 * (its BGPPeer CRD fails 1.36's int32 validation), every other default component has no upper bound, so the default
 * is the newest 1.35 patch; upgrading MetalLB moves it to 1.36 by itself.
 */
export function defaultKubernetesVersion(components: readonly ComponentCompatibility[] = COMPONENTS): string {
  const defaults = components.filter((component) => !component.optIn && !component.onNodes);
  const candidates = [...KUBERNETES_MINORS]
    .reverse()
    .filter((entry) => entry.newestPatch !== undefined && defaults.every((component) => isInRange(entry.minor, component.kubernetes)));
  if (candidates.length === 0) {
    throw new Error(`no Kubernetes minor from ${OLDEST_MINOR} to ${NEWEST_MINOR} with a known patch release suits every default component`);
  }
  return candidates[0].newestPatch!;
}

export const DEFAULT_KUBERNETES_VERSION = defaultKubernetesVersion();

export interface CompatibilityFindings {
  /** Components outside their range: synth fails. */
  readonly errors: readonly string[];
  /** Upstream images calling APIs the version no longer serves. */
  readonly warnings: readonly string[];
}

/** Checks the enabled components of a cluster against its Kubernetes version. */
export function checkCompatibility(
  kubernetesVersion: string,
  uses: Readonly<Record<string, ComponentUse>>,
  components: readonly ComponentCompatibility[] = COMPONENTS,
): CompatibilityFindings {
  const minor = minorOf(kubernetesVersion);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const component of components) {
    const use = uses[component.id];
    if (component.onNodes || !use?.enabled) continue;
    if (!isInRange(minor, component.kubernetes)) {
      const supported = KUBERNETES_MINORS.map((entry) => entry.minor).filter((candidate) => isInRange(candidate, component.kubernetes));
      errors.push(
        `spec.kubernetesVersion: ${component.name} ${component.version} does not support Kubernetes ${minor} ` +
          `(got ${kubernetesVersion}, expected ${formatRange(component.kubernetes)}: ${component.note}); ` +
          `upgrade the ${component.name} pin, override its image in spec.images.overrides with a release that supports ${minor}` +
          (supported.length > 0 ? `, or pick a Kubernetes version in ${supported[0]} to ${supported[supported.length - 1]}` : ''),
      );
    }
    const removed = (component.removedApis ?? []).filter((use) => minorNumber(minor) >= minorNumber(use.removedIn));
    const images = use.upstreamImages ?? [];
    if (removed.length > 0 && images.length > 0) {
      warnings.push(
        `${component.name}: the upstream image${images.length === 1 ? '' : 's'} ${images.join(', ')} call${images.length === 1 ? 's' : ''} ` +
          `${removed.map((api) => `${api.api} (removed in ${api.removedIn})`).join(' and ')}, which Kubernetes ${minor} does not serve: ` +
          'the component cannot do its job; rebuild the image against current APIs and set it in spec.images.overrides',
      );
    }
  }
  return { errors, warnings };
}
