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
import {
  checkComponents,
  CompatibilityFindings,
  ComponentCompatibility,
  ComponentUse,
  newestSupportedVersion,
} from './compatibility-check';

export { formatRange, isInRange } from './compatibility-check';
export type { CompatibilityFindings, ComponentCompatibility, ComponentUse, KubernetesRange, RemovedApiUse } from './compatibility-check';

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

/**
 * The default `kubernetesVersion`: the newest patch of the newest minor in the window that every component of a
 * default cluster supports (opt-in components do not count). With the pins of today, MetalLB 0.14.8 stops at 1.35
 * (its BGPPeer CRD fails 1.36's int32 validation), every other default component has no upper bound, so the default
 * is the newest 1.35 patch; upgrading MetalLB moves it to 1.36 by itself.
 */
export function defaultKubernetesVersion(components: readonly ComponentCompatibility[] = COMPONENTS): string {
  return newestSupportedVersion(components);
}

export const DEFAULT_KUBERNETES_VERSION = defaultKubernetesVersion();

/** Checks the enabled components of a cluster against its Kubernetes version. */
export function checkCompatibility(
  kubernetesVersion: string,
  uses: Readonly<Record<string, ComponentUse>>,
  components: readonly ComponentCompatibility[] = COMPONENTS,
): CompatibilityFindings {
  return checkComponents(kubernetesVersion, uses, components);
}
