import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import type { OpenMcpControllerName } from '../versions/component-options';

/**
 * What each OpenMCP controller does with the master's API, read from its source in openmcp/Public_OpenMCP. The
 * controllers reach the members with kubefed's credentials, so only the master's permissions are listed here.
 *
 * Every controller builds a ClusterManager (util/clusterManager): it lists the KubeFedClusters, reads their Secrets
 * in kube-federation-system and lists the master's nodes; and runs the `reshape` and `logLevel` controllers, which
 * watch KubeFedClusters and OpenMCPPolicies (util/controller). Objects a controller reads through its multicluster
 * `live` client are served from a cache, which lists and watches them; writes of status go to `<resource>/status`.
 */

const READ = ['get', 'list', 'watch'];
const OPENMCP = 'openmcp.k8s.io';

/** Permissions on openmcp.k8s.io resources, by plural. */
function openmcp(resources: readonly string[], verbs: readonly string[]): k8s.PolicyRule {
  return { apiGroups: [OPENMCP], resources: [...resources], verbs: [...verbs] };
}

/** Reads (through the cache) and status writes of the resources a controller reconciles. */
function reconciles(...resources: string[]): k8s.PolicyRule[] {
  return [openmcp(resources, READ), openmcp(resources.map((resource) => `${resource}/status`), ['update'])];
}

/** The resource controllers hand every change for a member to the sync controller as a Sync object. */
const CREATES_SYNCS = openmcp(['syncs'], ['create']);

/** What every controller needs (ClusterManager, reshape and logLevel), cluster-wide. */
export const OPENMCP_COMMON_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: ['core.kubefed.io'], resources: ['kubefedclusters'], verbs: READ },
  { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
  openmcp(['openmcppolicys'], READ),
];

/** What every controller needs in kubefed's namespace: the Secrets that hold the members' credentials. */
export const OPENMCP_KUBEFED_SECRET_RULES: readonly k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];

/** One controller's permissions beyond the common ones. */
export interface OpenMcpControllerPermissions {
  /** Cluster-wide rules of its ClusterRole. */
  readonly rules: readonly k8s.PolicyRule[];
  /** Whether it reads the image pull Secret in its own namespace (`dockerSecretName`). @default false */
  readonly readsPullSecret?: boolean;
  /**
   * API groups whose CRDs must exist on the master, or the controller's cache fails to start.
   * @default - none
   */
  readonly needsApiGroups?: readonly string[];
}

/**
 * The permissions of each controller hanok can run. openmcp-cluster-manager has none: it cannot be enabled (it joins
 * members by rewriting /mnt/config and running upstream's install scripts, see the configuration).
 */
export const OPENMCP_CONTROLLER_PERMISSIONS: Readonly<Partial<Record<OpenMcpControllerName, OpenMcpControllerPermissions>>> = {
  // analyticEngine.go: only OpenMCPPolicy reads and node lists (common); the members' metrics come from InfluxDB.
  'openmcp-analytic-engine': { rules: [] },
  // joinRequest.go creates OpenMCPClusters; apiHandler.go forwards portal requests with its own token, among them
  // exec into pods and node labels; every other forwarded request is refused by the API server.
  'openmcp-apiserver': {
    rules: [
      openmcp(['openmcpclusters'], ['get', 'list', 'watch', 'create']),
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch'] },
    ],
  },
  'openmcp-configmap-controller': { rules: [...reconciles('openmcpconfigmaps'), CREATES_SYNCS] },
  'openmcp-daemonset-controller': { rules: [...reconciles('openmcpdaemonsets'), CREATES_SYNCS] },
  // controller.go: follows its Sync requests, and updates the status of the services and autoscalers of a deployment.
  'openmcp-deployment-controller': {
    rules: [
      ...reconciles('openmcpdeployments'),
      openmcp(['syncs'], ['get', 'list', 'watch', 'create']),
      ...reconciles('openmcpservices', 'openmcphybridautoscalers'),
    ],
  },
  // OpenMCPService.go, domain.go, serviceDNSRecord.go, ingressDNSRecord.go, serviceInOpenMCP.go, ingressCluster.go.
  'openmcp-dns-controller': {
    rules: [
      openmcp(['openmcpservices', 'openmcpingresses'], READ),
      openmcp(['openmcpdomains'], [...READ, 'create']),
      openmcp(['openmcpservicednsrecords'], [...READ, 'create', 'delete']),
      openmcp(['openmcpingressdnsrecords'], READ),
      openmcp(['openmcpservicednsrecords/status', 'openmcpingressdnsrecords/status'], ['update']),
      openmcp(['openmcpdnsendpoints'], [...READ, 'create', 'update', 'delete']),
      { apiGroups: [''], resources: ['services'], verbs: READ },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: READ },
    ],
  },
  // controller.go: HPAs and VPAs go to the members through Syncs; it reads the target OpenMCPDeployment.
  'openmcp-has-controller': { rules: [...reconciles('openmcphybridautoscalers'), openmcp(['openmcpdeployments'], READ), CREATES_SYNCS] },
  // controller.go: keeps an Ingress on the master for the load-balancing controller and writes its status.
  'openmcp-ingress-controller': {
    rules: [
      ...reconciles('openmcpingresses'),
      CREATES_SYNCS,
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: [...READ, 'create', 'update', 'delete'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ],
  },
  'openmcp-job-controller': { rules: [...reconciles('openmcpjobs'), CREATES_SYNCS] },
  // DestinationRuleController.go, OpenMCPVirtualServiceController.go, syncWeight/, reverseProxy/ (istio-ingressgateway).
  'openmcp-loadbalancing-controller': {
    rules: [
      openmcp(['openmcpservices', 'openmcpvirtualservices'], READ),
      openmcp(['openmcpclusters'], ['list']),
      { apiGroups: ['networking.istio.io'], resources: ['destinationrules', 'virtualservices'], verbs: [...READ, 'create', 'update', 'delete'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ],
    needsApiGroups: ['networking.istio.io'],
  },
  // metricCollector.go: only the metric-collector-period policy (common); members push over gRPC.
  'openmcp-metric-collector': { rules: [] },
  // controller.go: mirrors OpenMCPNamespaces as Namespaces of the master too.
  'openmcp-namespace-controller': {
    rules: [...reconciles('openmcpnamespaces'), CREATES_SYNCS, { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'create', 'update', 'delete'] }],
  },
  // controller.go: a changed HPA policy is written into the autoscalers' status.
  'openmcp-policy-engine': { rules: [...reconciles('openmcphybridautoscalers')] },
  'openmcp-pv-controller': { rules: [...reconciles('openmcppersistentvolumes'), CREATES_SYNCS] },
  'openmcp-pvc-controller': { rules: [...reconciles('openmcppersistentvolumeclaims'), CREATES_SYNCS] },
  // controller.go and scheduling.go: places OpenMCPDeployments on members whose OpenMCPCluster says JOIN.
  'openmcp-scheduler': {
    rules: [...reconciles('openmcpdeployments'), openmcp(['openmcpservices'], READ), openmcp(['openmcpclusters'], ['list'])],
  },
  'openmcp-secret-controller': { rules: [...reconciles('openmcpsecrets'), CREATES_SYNCS] },
  // controller.go: reads the deployments it selects and updates the status of the ingresses in front of it.
  'openmcp-service-controller': {
    rules: [...reconciles('openmcpservices'), openmcp(['openmcpdeployments'], READ), ...reconciles('openmcpingresses'), CREATES_SYNCS],
  },
  'openmcp-statefulset-controller': { rules: [...reconciles('openmcpstatefulsets'), CREATES_SYNCS] },
  // controller.go: applies each Sync to its member and deletes it; copies the pull Secret to members.
  'openmcp-sync-controller': { rules: [openmcp(['syncs'], [...READ, 'delete'])], readsPullSecret: true },
};
