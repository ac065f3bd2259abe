/**
 * What the pinned releases of the components accept: the option values, names and defaults of the component versions
 * in `images.ts`. The cluster schema reads them to check a cluster file, and the constructs to write it out, so they
 * live here, below both, and loading the schema does not load the constructs.
 */

/** Node address types metrics-server may use to reach a kubelet (`--kubelet-preferred-address-types`). */
export const KUBELET_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'] as const;

export type KubeletAddressType = (typeof KUBELET_ADDRESS_TYPES)[number];

/** The executor runtimes OpenFx builds (`fxwatcher:<version>-<runtime>`, seed 000). */
export const OPENFX_RUNTIMES = ['go', 'python2', 'python3', 'nodejs', 'ruby', 'java', 'cpp', 'csharp'] as const;

export type OpenFxRuntime = (typeof OPENFX_RUNTIMES)[number];

/**
 * The port every executor serves gRPC on, and the port the gateway dials (`<function>.<namespace>:<port>`):
 * upstream keti-openfx/openfx config/config.go (`FXWATCHER_PORT`, default 50051) and executor/go/server.go (`PORT`).
 */
export const OPENFX_FUNCTION_PORT = 50051;

/** What the gateway may set as the pull policy of the function pods it creates (upstream service/deploy.go). */
export const OPENFX_PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;

export type OpenFxPullPolicy = (typeof OPENFX_PULL_POLICIES)[number];

/** Every OpenMCP controller of the upstream install (install_openmcp/master), by its Deployment name. */
export const OPENMCP_CONTROLLERS = [
  'openmcp-analytic-engine',
  'openmcp-apiserver',
  'openmcp-cluster-manager',
  'openmcp-configmap-controller',
  'openmcp-daemonset-controller',
  'openmcp-deployment-controller',
  'openmcp-dns-controller',
  'openmcp-has-controller',
  'openmcp-ingress-controller',
  'openmcp-job-controller',
  'openmcp-loadbalancing-controller',
  'openmcp-metric-collector',
  'openmcp-namespace-controller',
  'openmcp-policy-engine',
  'openmcp-pv-controller',
  'openmcp-pvc-controller',
  'openmcp-scheduler',
  'openmcp-secret-controller',
  'openmcp-service-controller',
  'openmcp-statefulset-controller',
  'openmcp-sync-controller',
] as const;

export type OpenMcpControllerName = (typeof OPENMCP_CONTROLLERS)[number];

/**
 * The basic set seed 001 installs: the sync controller, the resource controllers (deployment, hybrid autoscaler,
 * ingress, service), the load-balancing controller, the scheduler, the resource manager (analytic engine, metric
 * collector), the policy engine and the DNS controller.
 */
export const OPENMCP_BASIC_CONTROLLERS: readonly OpenMcpControllerName[] = [
  'openmcp-sync-controller',
  'openmcp-deployment-controller',
  'openmcp-has-controller',
  'openmcp-ingress-controller',
  'openmcp-service-controller',
  'openmcp-loadbalancing-controller',
  'openmcp-scheduler',
  'openmcp-analytic-engine',
  'openmcp-metric-collector',
  'openmcp-policy-engine',
  'openmcp-dns-controller',
];

/** Weights the analytic engine gives each metric when it scores clusters. */
export interface AnalyticMetricsWeight {
  readonly cpu: number;
  readonly memory: number;
  readonly fs: number;
  readonly net: number;
  readonly latency: number;
}

/** How the load-balancing controller scores clusters for a client. */
export interface LbScoringWeight {
  /** Weight of geography against load, from 0 to 1. */
  readonly geoRate: number;
  /** Seconds between score updates. */
  readonly period: number;
  readonly regionZoneMatchedScore: number;
  readonly onlyRegionMatchedScore: number;
  readonly noRegionZoneMatchedScore: number;
}

/** How the hybrid autoscaler splits min/max replicas over clusters. */
export const HPA_DISTRIBUTION_MODES = ['Equal', 'Unequal'] as const;

/** Scheduling algorithms of the OpenMCP scheduler (`OpenMCP`, or round robin). */
export const SCHEDULING_ALGORITHMS = ['OpenMCP', 'RR'] as const;

/** Upstream's default values of the policies (install_openmcp/master/openmcp-policy-engine/policy). */
export const OPENMCP_DEFAULT_POLICY_VALUES = {
  analyticMetricsWeight: { cpu: 0.2, memory: 0.2, fs: 0.2, net: 0.8, latency: 0.5 } as AnalyticMetricsWeight,
  hpaMinMaxDistributionMode: 'Unequal' as (typeof HPA_DISTRIBUTION_MODES)[number],
  cpaPeriod: 200,
  lbScoringWeight: { geoRate: 0.3, period: 5, regionZoneMatchedScore: 200, onlyRegionMatchedScore: 100, noRegionZoneMatchedScore: 0 } as LbScoringWeight,
  logLevel: 3,
  metricCollectorPeriod: 5,
  postSchedulingType: 'FIFO',
  schedulingAlgorithm: 'OpenMCP' as (typeof SCHEDULING_ALGORITHMS)[number],
};
