import { z } from 'zod';
import { CLUSTER_METRIC_COLLECTOR_IMAGE, INFLUXDB_IMAGE, VPA_ADMISSION_CONTROLLER_IMAGE, VPA_RECOMMENDER_IMAGE, VPA_UPDATER_IMAGE } from '../../versions/images';
import {
  HPA_DISTRIBUTION_MODES,
  OPENMCP_BASIC_CONTROLLERS,
  OPENMCP_CONTROLLERS,
  OPENMCP_DEFAULT_POLICY_VALUES,
  SCHEDULING_ALGORITHMS,
} from '../../versions/component-options';
import { ISO_3166_ALPHA2_CODES, OPENMCP_REGIONS } from '../openmcp-regions';
import { DnsLabel, DnsSubdomain, explain, ImageReference, Ipv4Address, NodePort, Port, Quantity } from '../fields';

/** The OpenMCP layer: a master's controllers and policies, or a member's join settings (`spec.openmcp`). */

const OpenMcpControllerName = z.enum(OPENMCP_CONTROLLERS);
/**
 * The cluster manager joins members itself: it rewrites the kubeconfig file /mnt/config, copies it to
 * $HOME/.kube/config and runs upstream's member install scripts from /init with kubectl and istioctl
 * (openmcp-cluster-manager/src/controller/controller.go). Those scripts install the removed APIs and cluster-admin
 * bindings hanok replaces, and a read-only, non-root container cannot run them. hanok joins members declaratively.
 */
const OPENMCP_CLUSTER_MANAGER_REFUSED = explain(
  'openmcp-cluster-manager cannot be enabled: it joins members by rewriting /mnt/config and running upstream\'s install scripts from /init, which hanok replaces with the member layers, the OpenMCPCluster records of the master and scripts/node/openmcp-join.sh',
  'the other controllers; remove openmcp-cluster-manager',
);
const PolicyWeight = z.number().min(0).max(1);

export const OpenMcpPowerDnsSpec = z
  .strictObject({
    internalIp: Ipv4Address.describe('Address of the PowerDNS server on the clusters\' network (seed 001: 10.0.3.12): the DNS controller calls its API there, and CoreDNS forwards to it.'),
    externalIp: Ipv4Address.optional().describe('Address of PowerDNS for clients outside the network. - the same as internalIp.'),
    apiPort: Port.default(8081).describe('Port of the PowerDNS HTTP API (`PDNS_PORT` of the DNS controller).'),
    externalDnsPort: Port.default(5353).describe('Port on the external IP forwarded to PowerDNS\'s port 53, for resolvers outside the network.'),
    apiKeySecretName: DnsSubdomain.default('powerdns-api-key').describe(
      'Secret in namespace `openmcp` with key `api-key`, the PowerDNS API key (`PDNS_API_KEY`). Supplied at apply time, never in git.',
    ),
    forwardClusterDns: z
      .boolean()
      .default(true)
      .describe('Forward names outside the cluster domain to PowerDNS (`internalIp`), on the master and on its members, as upstream rewrites CoreDNS. spec.networking.dns.upstreamServers, when set, wins.'),
  })
  .describe('The PowerDNS server that publishes the federation\'s DNS records.');

export const OpenMcpPoliciesSpec = z
  .strictObject({
    analyticMetricsWeight: z
      .strictObject({
        cpu: PolicyWeight.describe('Weight of CPU use.'),
        memory: PolicyWeight.describe('Weight of memory use.'),
        fs: PolicyWeight.describe('Weight of file system use.'),
        net: PolicyWeight.describe('Weight of network traffic.'),
        latency: PolicyWeight.describe('Weight of latency.'),
      })
      .default({ ...OPENMCP_DEFAULT_POLICY_VALUES.analyticMetricsWeight })
      .describe('`analytic-metrics-weight`: how much the analytic engine weighs each metric, 0 to 1.'),
    hpaMinMaxDistributionMode: z
      .enum(HPA_DISTRIBUTION_MODES)
      .default(OPENMCP_DEFAULT_POLICY_VALUES.hpaMinMaxDistributionMode)
      .describe('`hpa-minmax-distribution-mode`: whether the hybrid autoscaler splits min/max replicas equally over clusters.'),
    cpaPeriod: z.number().int().min(1).max(86400).default(OPENMCP_DEFAULT_POLICY_VALUES.cpaPeriod).describe('`cpa-period`: seconds between the hybrid autoscaler\'s cluster-level decisions.'),
    lbScoringWeight: z
      .strictObject({
        geoRate: PolicyWeight.describe('Weight of geography against load.'),
        period: z.number().min(0.1).max(3600).describe('Seconds between score updates.'),
        regionZoneMatchedScore: z.number().min(0).max(100000).describe('Score of a cluster in the client\'s region and zone.'),
        onlyRegionMatchedScore: z.number().min(0).max(100000).describe('Score of a cluster in the client\'s region only.'),
        noRegionZoneMatchedScore: z.number().min(0).max(100000).describe('Score of a cluster in neither.'),
      })
      .default({ ...OPENMCP_DEFAULT_POLICY_VALUES.lbScoringWeight })
      .describe('`lb-scoring-weight`: how the load-balancing controller scores clusters by geography and load.'),
    logLevel: z.number().int().min(0).max(5).default(OPENMCP_DEFAULT_POLICY_VALUES.logLevel).describe('`log-level` of every resource controller, 0 to 5.'),
    metricCollectorPeriod: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(OPENMCP_DEFAULT_POLICY_VALUES.metricCollectorPeriod)
      .describe('`metric-collector-period`: seconds between the members\' metric reports.'),
    postSchedulingType: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, explain('not a scheduling order', 'a word such as FIFO'))
      .default(OPENMCP_DEFAULT_POLICY_VALUES.postSchedulingType)
      .describe('`post-scheduling-type`: the order the scheduler takes pending requests in.'),
    schedulingAlgorithm: z.enum(SCHEDULING_ALGORITHMS).default(OPENMCP_DEFAULT_POLICY_VALUES.schedulingAlgorithm).describe('`scheduling-policy`: `OpenMCP` (scores from the analytic engine) or `RR` (round robin).'),
    hasTargetClusters: z
      .array(DnsLabel)
      .default([])
      .describe('`has-target-cluster`: members the hybrid autoscaler may use; each must be in `members`. - every joined member.'),
  })
  .describe('Values of the OpenMCPPolicy objects a master starts with; the defaults are upstream\'s.');

export const OpenMcpInfluxDbSpec = z
  .strictObject({
    image: ImageReference.default(INFLUXDB_IMAGE).describe('Image of InfluxDB (1.x).'),
    storageSize: Quantity.default('2Gi').describe('Size of the NFS volume `<exportPath>/influxdb`; the directory must be owned by user 1000.'),
  })
  .describe('The InfluxDB the metric collector fills. Its Secret `influxdb-creds` (INFLUXDB_DATABASE, INFLUXDB_USERNAME, INFLUXDB_PASSWORD, INFLUXDB_HOST) is supplied at apply time.');

export const OpenMcpMasterSpec = z
  .strictObject({
    role: z.literal('master').describe('`master`: this cluster runs the OpenMCP controllers; members join it.'),
    externalIp: Ipv4Address.optional().describe(
      'Address members reach the master\'s NodePorts on (`GRPC_SERVER`, `INFLUX_IP`). - the first control-plane node\'s IP.',
    ),
    installType: z
      .enum(['learning', 'debug'])
      .default('learning')
      .describe('Upstream\'s install type (settings.yaml); recorded on the namespace. The v0.0.1 controllers have no switch for it.'),
    members: z.array(DnsLabel).default([]).describe('Names of the member clusters; each must be a cluster file with role member naming this master.'),
    controllers: z
      .array(OpenMcpControllerName)
      .min(1, explain('no controllers', 'at least one OpenMCP controller'))
      .superRefine((controllers, context) => {
        const index = controllers.indexOf('openmcp-cluster-manager');
        if (index >= 0) {
          context.addIssue({ code: 'custom', path: [index], input: controllers[index], message: OPENMCP_CLUSTER_MANAGER_REFUSED.message });
        }
      })
      .default([...OPENMCP_BASIC_CONTROLLERS])
      .describe('The controllers to run. - the basic set of seed 001 (sync, deployment, HAS, ingress, service, load-balancing, scheduler, analytic engine, metric collector, policy engine, DNS).'),
    images: z
      .partialRecord(OpenMcpControllerName, ImageReference)
      .default({})
      .describe('Image per controller, replacing `ketidevit2/<controller>:v0.0.1`.'),
    clusterAdmin: z
      .boolean()
      .default(false)
      .describe('Bind cluster-admin to every controller, as upstream does, instead of each controller\'s own `openmcp:<controller>` ClusterRole. The synth summary warns.'),
    istioInstalled: z
      .boolean()
      .default(false)
      .describe(
        'Istio runs on the master (its networking.istio.io CRDs and istio-system/istio-ingressgateway), installed by the site as upstream\'s install does; hanok does not install it. Required with openmcp-loadbalancing-controller, which writes VirtualServices and DestinationRules.',
      ),
    apiServerNodePort: NodePort.default(30000).describe('NodePort of the OpenMCP API server\'s LoadBalancer Service (port 8080).'),
    analyticEngineNodePort: NodePort.default(30001).describe('NodePort of the analytic engine\'s gRPC port 2050 (`GRPC_PORT` of the HAS controller, scheduler and load-balancing controller).'),
    metricCollectorNodePort: NodePort.default(30002).describe('NodePort of the metric collector\'s gRPC port 2051, which member collectors report to.'),
    influxDbNodePort: NodePort.default(30003).describe('NodePort of InfluxDB\'s port 8086 (`INFLUX_PORT`).'),
    loadBalancingControllerNodePort: NodePort.default(30004).describe('NodePort of the load-balancing controller\'s LoadBalancer Service (port 80).'),
    metricCollectorExternalPort: Port.default(3212).describe(
      'Port on the external IP that a router forwards to metricCollectorNodePort, for members outside the master\'s network.',
    ),
    lbControllerExternalIp: Ipv4Address.optional().describe(
      'LoadBalancer address of the load-balancing controller (`LB_EXTERNAL_IP` of the ingress controller); must lie in a MetalLB pool of the cluster. Required with openmcp-ingress-controller. - MetalLB picks one.',
    ),
    apiServerSecretName: DnsSubdomain.default('openmcp-apiserver').describe(
      'Secret in `openmcp` with keys API_APP_KEY, API_USER_NAME and API_USER_PW for the OpenMCP API server. Supplied at apply time, never in git.',
    ),
    apiServerTlsSecretName: DnsSubdomain.default('openmcp-apiserver-tls').describe(
      'kubernetes.io/tls Secret in `openmcp` with the API server\'s certificate, mounted at /tmp/cert as server.crt and server.key, where the API server reads them. Supplied at apply time.',
    ),
    powerDns: OpenMcpPowerDnsSpec,
    influxDb: OpenMcpInfluxDbSpec.prefault({}),
    policies: OpenMcpPoliciesSpec.prefault({}),
    exampleApp: z.boolean().default(false).describe('Add seed 001\'s example (an nginx OpenMCPDeployment, Service, Ingress, domain, DNS records and hybrid autoscaler).'),
  })
  .describe('An OpenMCP master: the controllers, InfluxDB, the CRDs and the default policies.');

export const OpenMcpMemberSpec = z
  .strictObject({
    role: z.literal('member').describe('`member`: this cluster joins an OpenMCP master.'),
    master: DnsLabel.describe('Name of the master cluster; its file must list this cluster in `members`.'),
    region: z.enum(OPENMCP_REGIONS).describe('Region of the cluster: AS, AF, AN, EU, NA or SA; every node gets labels topology.kubernetes.io/region and failure-domain.beta.kubernetes.io/region (the OpenMCP scheduler reads the latter).'),
    zone: z
      .string()
      .refine((code) => ISO_3166_ALPHA2_CODES.has(code), explain('not an ISO 3166-1 alpha-2 country code', 'an assigned code in capitals, such as KR, JP or DE'))
      .describe('Zone of the cluster: an ISO 3166-1 alpha-2 country code; every node gets labels topology.kubernetes.io/zone and failure-domain.beta.kubernetes.io/zone (the OpenMCP scheduler reads the latter).'),
    outsideMasterNetwork: z
      .boolean()
      .default(false)
      .describe('The member reaches the master from outside its network: the metric collector reports to the master\'s metricCollectorExternalPort, and CoreDNS does not forward to PowerDNS\'s internal address.'),
    metricCollectorImage: ImageReference.default(CLUSTER_METRIC_COLLECTOR_IMAGE).describe('Image of the member\'s cluster-metric-collector.'),
    customMetricsImage: ImageReference.optional().describe(
      'Image of the custom-metrics API server (namespace custom-metrics) the metric collector writes into. Upstream publishes only `openmcp/k8s-test-metrics-adapter-amd64:latest`: build metric-server/custom-metrics-apiserver of openmcp/Public_OpenMCP with `make REGISTRY=<registry host> VERSION=0.1.0` and push it. - `<registry host>/k8s-test-metrics-adapter-amd64:0.1.0`.',
    ),
    vpa: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Whether the Vertical Pod Autoscaler is installed; the hybrid autoscaler creates VerticalPodAutoscalers.'),
        recommenderImage: ImageReference.default(VPA_RECOMMENDER_IMAGE).describe('Image of the VPA recommender.'),
        updaterImage: ImageReference.default(VPA_UPDATER_IMAGE).describe('Image of the VPA updater.'),
        admissionControllerImage: ImageReference.default(VPA_ADMISSION_CONTROLLER_IMAGE).describe(
          'Image of the VPA admission controller; its Secret `vpa-tls-certs` in kube-system is supplied at apply time.',
        ),
      })
      .prefault({})
      .describe('The Vertical Pod Autoscaler in kube-system.'),
  })
  .describe('An OpenMCP member: the metric collector, the VPA, region and zone labels, and the join settings.');

export const OpenMcpSpec = z
  .discriminatedUnion('role', [OpenMcpMasterSpec, OpenMcpMemberSpec])
  .describe('OpenMCP multi-cluster control plane (seed 001): `role: master` runs the controllers, `role: member` joins a master. - no OpenMCP.');
