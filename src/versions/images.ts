/**
 * The default image of every component hanok installs: the one table of pinned versions. The constructs run these
 * images, the cluster schema and the compatibility matrix read them, and `spec.images.overrides` changes them per
 * cluster. They live here, below config and constructs, so reading them does not load either.
 */

import { OPENMCP_CONTROLLERS, OpenMcpControllerName } from './component-options';

/**
 * CNCF Distribution 3.1.1 (May 2026), the maintained line (2.x is end of life). A Kubernetes workload with no API
 * use, so no Kubernetes version bounds it. Pinned by tag: no digest is stated here that could not be checked.
 */
export const REGISTRY_IMAGE = 'registry:3.1.1';

/**
 * Flannel's daemon, from the release's own kube-flannel.yml (flannel-io/flannel v0.28.9, which adds /readyz to the
 * --healthz-port server). Supported Kubernetes: 1.28+ as its client-go allows; flannel follows current releases.
 */
export const FLANNEL_IMAGE = 'ghcr.io/flannel-io/flannel:v0.28.9';

/** The flannel CNI plugin binary that the same release installs on every node. */
export const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3';

/**
 * MetalLB's controller, from metallb-native.yaml of MetalLB v0.16.1 (2026-05-27). Supported Kubernetes: current
 * releases (upstream tests the newest minors; 1.36 needs the int64 ASN formats of this release's BGPPeer CRD).
 */
export const METALLB_CONTROLLER_IMAGE = 'quay.io/metallb/controller:v0.16.1';

/** MetalLB's speaker, from metallb-native.yaml of MetalLB v0.16.1; supported Kubernetes as the controller. */
export const METALLB_SPEAKER_IMAGE = 'quay.io/metallb/speaker:v0.16.1';

/**
 * The controller image of ingress-nginx v1.15.1 (2026-03-19), the project's final release: it is retired, with no
 * releases or security fixes after it, and is kept only to adopt an existing install. Supported Kubernetes: none
 * any more (upstream support ended with the project); it was built for the releases current in early 2026. Pinned
 * by tag: no digest is stated here that could not be checked.
 */
export const INGRESS_NGINX_CONTROLLER_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.15.1';

/**
 * Traefik Proxy v3.7, the line whose Gateway API provider implements the v1.5 standard channel (TLSRoute v1,
 * ReferenceGrant v1) that crds/gateway-api/ ships; v3.8 moved on to Gateway API v1.6. Supported Kubernetes: at
 * least the three newest minor releases at its release (Traefik follows the Kubernetes support policy), i.e.
 * 1.34–1.36 for v3.7 (May 2026); Gateway API v1.5 supports the five newest at its release, 1.31–1.35. Pinned by
 * tag only: no digest is stated here that could not be checked; `spec.images.overrides[].digest` adds one per site.
 */
export const TRAEFIK_IMAGE = 'docker.io/library/traefik:v3.7.13';

// kubernetes-csi/csi-driver-nfs v4.13.5 and the sidecars its deploy/v4.13.5 manifests pin. Supported Kubernetes:
// 1.21+ per the driver's README; the v6 external-provisioner needs 1.20+. Tested upstream on current releases.
export const NFS_CSI_PLUGIN_IMAGE = 'registry.k8s.io/sig-storage/nfsplugin:v4.13.5';

export const CSI_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0';

export const CSI_LIVENESS_PROBE_IMAGE = 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0';

export const CSI_NODE_DRIVER_REGISTRAR_IMAGE = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0';

// metrics-server v0.8.1 (2026-01). Supported Kubernetes: 1.31+ (upstream's compatibility matrix for 0.8.x; 0.9.x
// needs 1.34+). Flags, port 10250 and RBAC are unchanged from 0.7.
export const METRICS_SERVER_IMAGE = 'registry.k8s.io/metrics-server/metrics-server:v0.8.1';

// prometheus/node_exporter 1.12.1 (2026-07-14). Supported Kubernetes: any; it reads the host's /proc and /sys and
// never calls the Kubernetes API, so only the DaemonSet fields (apps/v1, every version hanok supports) matter.
export const NODE_EXPORTER_IMAGE = 'quay.io/prometheus/node-exporter:v1.12.1';

// Prometheus 3.13, the long-term-support line (supported until July 2027; 3.5 LTS ended 2026-07-31). Supported
// Kubernetes: any current release; its Kubernetes discovery uses the stable core and discovery.k8s.io/v1 APIs.
// Flags, /-/ready, /-/healthy and the configuration format used here are unchanged since 3.0.
export const PROMETHEUS_IMAGE = 'prom/prometheus:v3.13.2';

// Grafana 13.2 (2026-08), a maintained major (Grafana 11 reached end of life on 2026-06-25). Supported Kubernetes:
// any; it never calls the Kubernetes API. File provisioning (/etc/grafana/provisioning), /api/health, the GF_*
// variables and UID 472 are unchanged.
export const GRAFANA_IMAGE = 'grafana/grafana:13.2.0';

// kubernetes-sigs/headlamp v0.43.0 (2026-06), the web UI SIG UI recommends since the Kubernetes Dashboard was
// archived. Supported Kubernetes: 1.21+ (its Helm chart's prerequisite); it talks to the API server with the
// signed-in user's own token, so what a user sees follows that user's RBAC.
export const HEADLAMP_IMAGE = 'ghcr.io/headlamp-k8s/headlamp:v0.43.0';

/**
 * The Vertical Pod Autoscaler release (kubernetes/autoscaler, vertical-pod-autoscaler/deploy at 1.7.1, its current
 * default). Supported Kubernetes: 1.28+ (InPlace, InPlaceOrRecreate and CPUStartupBoost need 1.33+), per its
 * installation guide's compatibility table. The CRDs in crds/vpa carry the 1.7 fields.
 */
export const VPA_RECOMMENDER_IMAGE = 'registry.k8s.io/autoscaling/vpa-recommender:1.7.1';

export const VPA_UPDATER_IMAGE = 'registry.k8s.io/autoscaling/vpa-updater:1.7.1';

export const VPA_ADMISSION_CONTROLLER_IMAGE = 'registry.k8s.io/autoscaling/vpa-admission-controller:1.7.1';

/**
 * The image of the adapter. Upstream publishes only `openmcp/k8s-test-metrics-adapter-amd64:latest`, which an
 * air-gapped site cannot pin; build `metric-server/custom-metrics-apiserver` of openmcp/Public_OpenMCP with
 * `make REGISTRY=<registry> VERSION=0.1.0` and push it to the site registry, or set the image.
 */
export const CUSTOM_METRICS_ADAPTER_IMAGE = { repository: 'k8s-test-metrics-adapter-amd64', tag: '0.1.0' } as const;

/** The gateway image, built from keti-openfx/openfx and kept in the cluster's private registry (seed 000). */
export const OPENFX_GATEWAY_IMAGE = { repository: 'fxgateway', tag: '0.1.0' } as const;

/**
 * The executor image, kept in the cluster's private registry; a runtime's image is `<repository>:<tag>-<runtime>`.
 */
export const OPENFX_WATCHER_IMAGE = { repository: 'fxwatcher', tag: '0.1.0' } as const;

/** The image of each controller: KETI's published `v0.0.1` builds on Docker Hub. */
export const OPENMCP_CONTROLLER_IMAGES: Readonly<Record<OpenMcpControllerName, string>> = Object.freeze(
  Object.fromEntries(OPENMCP_CONTROLLERS.map((name) => [name, `ketidevit2/${name}:v0.0.1`])) as Record<OpenMcpControllerName, string>,
);

/** KETI's published member-side metric collector (install_openmcp/member/metric-collector). */
export const CLUSTER_METRIC_COLLECTOR_IMAGE = 'ketidevit2/cluster-metric-collector:v0.0.1';

/** InfluxDB 1.x, the line OpenMCP's metric collector and analytic engine speak (upstream pins 1.6.4). */
export const INFLUXDB_IMAGE = 'influxdb:1.8.10';

/** The web server of the example (upstream's sample names `nginx` without a tag). */
export const OPENMCP_EXAMPLE_IMAGE = 'nginx:1.27.3';

/**
 * The image of the Kubernetes HorizontalPodAutoscaler walkthrough (php-apache burning CPU on every request). It is
 * published only as `latest`, so it is pinned by digest.
 */
export const SMOKE_TEST_PHP_APACHE_IMAGE = 'registry.k8s.io/hpa-example@sha256:581697a37f0e136db86d6b30392f0db40ce99c8248a7044c770012f4e8491544';

export const SMOKE_TEST_TOMCAT_IMAGE = 'tomcat:9.0.106-jdk17-temurin';
