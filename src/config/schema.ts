import { z } from 'zod';
import {
  CLUSTER_METRIC_COLLECTOR_IMAGE,
  FLANNEL_CNI_PLUGIN_IMAGE,
  FLANNEL_IMAGE,
  GRAFANA_IMAGE,
  HEADLAMP_IMAGE,
  INFLUXDB_IMAGE,
  INGRESS_NGINX_CONTROLLER_IMAGE,
  METALLB_CONTROLLER_IMAGE,
  METALLB_SPEAKER_IMAGE,
  METRICS_SERVER_IMAGE,
  NFS_CSI_PLUGIN_IMAGE,
  NODE_EXPORTER_IMAGE,
  OPENFX_GATEWAY_IMAGE,
  OPENFX_WATCHER_IMAGE,
  PROMETHEUS_IMAGE,
  REGISTRY_IMAGE,
  SMOKE_TEST_PHP_APACHE_IMAGE,
  SMOKE_TEST_TOMCAT_IMAGE,
  TRAEFIK_IMAGE,
  VPA_ADMISSION_CONTROLLER_IMAGE,
  VPA_RECOMMENDER_IMAGE,
  VPA_UPDATER_IMAGE,
} from '../versions/images';
import { DEFAULT_KUBERNETES_VERSION } from '../versions/compatibility-matrix';
import {
  isInWindow,
  KUBERNETES_VERSION_PATTERN,
  NEWEST_MINOR,
  normalizeKubernetesVersion,
  WINDOW_TEXT,
} from '../versions/kubernetes-releases';
import {
  HPA_DISTRIBUTION_MODES,
  KUBELET_ADDRESS_TYPES,
  OPENFX_FUNCTION_PORT,
  OPENFX_PULL_POLICIES,
  OPENFX_RUNTIMES,
  OPENMCP_BASIC_CONTROLLERS,
  OPENMCP_CONTROLLERS,
  OPENMCP_DEFAULT_POLICY_VALUES,
  SCHEDULING_ALGORITHMS,
} from '../versions/component-options';
import { ISO_3166_ALPHA2_CODES, OPENMCP_REGIONS } from './openmcp-regions';
import { PatchSpec, WorkloadsSpec } from './customization';
import {
  AbsolutePath,
  explain,
  DnsLabel,
  DnsSubdomain,
  HostOrAddress,
  HostPort,
  ImageReference,
  Ipv4Address,
  Ipv4Cidr,
  Labels,
  NodePort,
  Quantity,
} from './fields';
import { IMAGE_DIGEST, IMAGE_NAME, IMAGE_REPOSITORY, IMAGE_TAG, normalizeImageName } from '../kube/image-reference';
import { isReversedRange, parseIpv4Range } from '../kube/ipv4';

/**
 * The cluster configuration schema: the one definition of what a file in `clusters/` may contain. TypeScript types
 * are inferred from it and `schema/cluster.schema.json` is generated from it (`npm run generate`).
 *
 * Every object is strict: an unknown key is an error, so a typo is never silently ignored.
 */

export const CLUSTER_API_VERSION = 'hanok.dev/v1alpha1';

export const NodeRole = z.enum(['control-plane', 'worker']);

export const NodeSpec = z
  .strictObject({
    name: DnsSubdomain.describe('Node name, as kubeadm registers it (the host name).'),
    ip: Ipv4Address.describe('The node\'s address on the host network.'),
    roles: z
      .array(NodeRole)
      .min(1)
      .default(['worker'])
      .describe('What the node runs: `control-plane`, `worker`, or both.'),
    labels: Labels.default({}).describe('Extra node labels, applied when the node registers.'),
    arch: z
      .enum(['amd64', 'arm64'])
      .default('amd64')
      .describe('CPU architecture (Debian and OCI name): which image platform and which packages the air-gap bundle carries for the node.'),
  })
  .describe('A machine of the cluster.');

export const NetworkSpec = z
  .strictObject({
    hostCidr: Ipv4Cidr.describe('The network the nodes are on. Node IPs must lie in it; pod and service CIDRs must not overlap it.'),
    podCidr: Ipv4Cidr.default('10.244.0.0/16').describe('Pod network (kubeadm `podSubnet`, Flannel `Network`).'),
    serviceCidr: Ipv4Cidr.default('10.96.0.0/12').describe('Service network (kubeadm `serviceSubnet`).'),
    clusterDomain: DnsSubdomain.default('cluster.local').describe('DNS domain of the cluster\'s Services.'),
  })
  .describe('Address plan of the cluster.');

export const NfsSpec = z
  .strictObject({
    server: HostOrAddress.describe('NFS server address.'),
    exportPath: AbsolutePath.describe('Exported directory; every volume is a subdirectory of it.'),
  })
  .describe('The NFS server that provides the cluster\'s shared storage.');

export const StorageClassSpec = z
  .strictObject({
    name: DnsSubdomain.default('nfs-client').describe('StorageClass name.'),
    isDefault: z.boolean().default(true).describe('Whether the class is the cluster\'s default StorageClass.'),
    reclaimPolicy: z.enum(['Delete', 'Retain']).default('Delete').describe('What happens to a volume when its claim is deleted.'),
    archiveOnDelete: z
      .boolean()
      .default(true)
      .describe('With reclaimPolicy Delete: keep the data in an `archived-*` directory instead of removing it.'),
  })
  .describe('The dynamically provisioned NFS StorageClass.');

export const StorageSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the storage layer is synthesized.'),
    namespace: DnsLabel.default('csi-driver-nfs').describe('Namespace of the NFS CSI driver (controller and node plugin).'),
    driverImage: ImageReference.default(NFS_CSI_PLUGIN_IMAGE).describe(
      'Image of the csi-driver-nfs plugin (`nfsplugin`); its sidecars are pinned with it and can be changed with spec.images.overrides.',
    ),
    provisionerImage: z
      .unknown()
      .optional()
      .describe('Removed: the NFS subdir provisioner was replaced by csi-driver-nfs. Use driverImage.'),
    storageClass: StorageClassSpec.prefault({}),
  })
  .superRefine((storage, context) => {
    if (storage.provisionerImage !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['provisionerImage'],
        input: storage.provisionerImage,
        message: explain(
          'removed: the unmaintained NFS subdir provisioner was replaced by csi-driver-nfs (see the README, "Moving from the NFS subdir provisioner")',
          'driverImage for the csi-driver-nfs plugin image, or no field',
        ).message,
      });
    }
  })
  .describe('Storage layer: dynamic NFS provisioning with csi-driver-nfs, and static NFS volumes.');

export const RegistryTlsSpec = z
  .strictObject({
    secretName: DnsSubdomain.default('registry-tls').describe(
      'The `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) the registry serves, in its namespace; supplied at apply time and listed in `secrets.example`.',
    ),
    caFile: z
      .string()
      .min(1)
      .describe(
        'PEM file of the CA that signed the registry certificate, relative to the cluster file (e.g. `certs/site-ca.crt`); public, kept in git. Nodes trust it in containerd\'s `hosts.toml`.',
      ),
  })
  .describe('TLS of the registry: served by the registry itself and passed through the ingress untouched.');

export const RegistrySpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the registry layer is synthesized.'),
    host: DnsSubdomain.describe('Host name users and nodes pull from and push to; the Ingress serves it.'),
    namespace: DnsLabel.default('docker-registry').describe('Namespace of the registry.'),
    image: ImageReference.default(REGISTRY_IMAGE).describe('Image of the registry server.'),
    storageSize: Quantity.default('10Gi').describe('Size of the registry\'s NFS volume.'),
    insecure: z
      .boolean()
      .default(false)
      .describe('Whether nodes reach the registry over plain HTTP or unverified TLS (containerd `skip_verify`). Test setups only.'),
    pullSecretName: DnsSubdomain.default('regcred').describe(
      'Name of the `kubernetes.io/dockerconfigjson` Secret that holds the pull credentials. Supplied at apply time, never in git.',
    ),
    tls: RegistryTlsSpec.optional().describe(
      'The registry\'s certificate and the CA nodes trust for it. Required unless insecure is true. - no TLS (only with insecure: true).',
    ),
  })
  .describe('The private image registry on NFS behind the ingress.');

export const IngressLoadBalancerSpec = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .describe(
        'Whether to generate `nodes/haproxy/haproxy.cfg` for an HAProxy host in front of the workers (port 80 to the HTTP NodePort, 443 passed through to the HTTPS NodePort). - defaults to true when serviceType is NodePort, false otherwise.',
      ),
    address: Ipv4Address.optional().describe(
      'IPv4 address of the HAProxy host; it goes into `nodes/hosts`. With two or more control planes and no `spec.controlPlaneEndpoint`, HAProxy also balances the Kubernetes API (port 6443) over the control planes and the API endpoint is this address. - no address: required only in that case.',
    ),
    hostname: DnsLabel.default('haproxy').describe('Host name of the HAProxy host in `nodes/hosts`.'),
  })
  .describe('The HAProxy front end of seed 002 §13.');

export const IngressSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the ingress layer (the ingress controller, its GatewayClass and Gateway) is synthesized.'),
    controller: z
      .enum(['traefik', 'ingress-nginx'])
      .default('traefik')
      .describe(
        'The controller: `traefik` serves Gateway API routes and Ingresses; `ingress-nginx` (retired upstream in March 2026, pinned to its final release v1.15.1, Ingress only) only to adopt an existing install.',
      ),
    className: DnsSubdomain.optional().describe(
      'IngressClass every Ingress of the cluster uses; the controller serves it as the default class. - `traefik`, or `nginx` with ingress-nginx.',
    ),
    serviceType: z
      .enum(['NodePort', 'LoadBalancer'])
      .default('NodePort')
      .describe('How the controller\'s Service is exposed: on NodePorts of every node, or as a LoadBalancer (an address from MetalLB).'),
    httpNodePort: NodePort.default(32334).describe('NodePort of the ingress controller\'s HTTP port.'),
    httpsNodePort: NodePort.default(30570).describe('NodePort of the ingress controller\'s HTTPS port.'),
    controllerImage: ImageReference.optional().describe(
      `Image of the controller. - \`${TRAEFIK_IMAGE}\`, or \`${INGRESS_NGINX_CONTROLLER_IMAGE}\` with ingress-nginx.`,
    ),
    loadBalancer: IngressLoadBalancerSpec.prefault({}),
  })
  .describe('How traffic reaches the cluster\'s Ingresses.');

const PrometheusDuration = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w|y))+$/, explain('not a duration', 'a number with a unit (ms, s, m, h, d, w, y), such as 30s or 15d'));

export const MetricsServerSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether metrics-server (the resource metrics API behind `kubectl top` and HorizontalPodAutoscalers) is synthesized.'),
    image: ImageReference.default(METRICS_SERVER_IMAGE).describe('Image of metrics-server.'),
    kubeletInsecureTls: z
      .boolean()
      .default(true)
      .describe('Pass `--kubelet-insecure-tls`: accept the self-signed serving certificates kubeadm\'s kubelets use (seed 004).'),
    kubeletPreferredAddressTypes: z
      .array(z.enum(KUBELET_ADDRESS_TYPES))
      .min(1)
      .default(['InternalIP'])
      .describe('`--kubelet-preferred-address-types`: how metrics-server reaches kubelets, in order. `InternalIP` because node names do not resolve in pods (seed 004).'),
    metricResolution: PrometheusDuration.default('15s').describe('`--metric-resolution`: how often kubelets are scraped.'),
  })
  .describe('metrics-server in kube-system.');

export const PrometheusSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the cluster\'s Prometheus is synthesized.'),
    image: ImageReference.default(PROMETHEUS_IMAGE).describe('Image of Prometheus.'),
    scrapeInterval: PrometheusDuration.default('30s').describe('How often every target is scraped.'),
    retention: PrometheusDuration.default('15d').describe('How long samples are kept (`--storage.tsdb.retention.time`).'),
    storageSize: Quantity.default('20Gi').describe('Size of the NFS volume `<exportPath>/prometheus`; the directory must be owned by user 65534.'),
    nodeExporterPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(9100)
      .describe('Port of node_exporter on every node; each node\'s IP with this port is a scrape target.'),
    kubeletInsecureSkipVerify: z
      .boolean()
      .default(true)
      .describe('Scrape kubelets and cAdvisor without verifying their self-signed serving certificates.'),
    nodePort: NodePort.optional().describe('Publish the web UI on this NodePort. - not published on a NodePort.'),
    host: DnsSubdomain.optional().describe('Publish the web UI through an Ingress on this host. - no Ingress.'),
  })
  .describe('Prometheus in the metrics namespace, scraping the API servers, kubelets, cAdvisor, node_exporter and annotated pods.');

export const GrafanaSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the cluster\'s Grafana is synthesized; it needs prometheus.enabled.'),
    image: ImageReference.default(GRAFANA_IMAGE).describe('Image of Grafana.'),
    storageSize: Quantity.default('1Gi').describe('Size of the NFS volume `<exportPath>/grafana`; the directory must be owned by user 472.'),
    adminSecretName: DnsSubdomain.default('grafana-admin').describe(
      'Secret with keys `admin-user` and `admin-password` for the first administrator. Supplied at apply time, never in git.',
    ),
    nodePort: NodePort.optional().describe('Publish the UI on this NodePort. - not published on a NodePort.'),
    host: DnsSubdomain.optional().describe('Publish the UI through an Ingress on this host. - no Ingress.'),
  })
  .describe('Grafana with Prometheus as its datasource and the hanok dashboards, provisioned from ConfigMaps.');

export const NodeExporterSpec = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Whether node_exporter runs on every node as a DaemonSet; the node-exporter jobs of Prometheus (and of OpenFx\'s Prometheus) scrape it on prometheus.nodeExporterPort.'),
    namespace: DnsLabel.default('node-exporter').describe('Namespace of node_exporter; it is labelled privileged (host network, host PID, host root read-only).'),
    image: ImageReference.default(NODE_EXPORTER_IMAGE).describe('Image of node_exporter.'),
  })
  .describe('Prometheus node_exporter on every node, listening on prometheus.nodeExporterPort at the node address.');

export const DashboardSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Whether the cluster\'s web UI, Headlamp (the replacement of the archived Kubernetes Dashboard), is synthesized.'),
    host: DnsSubdomain.optional().describe('Host of the route that publishes Headlamp, its only way in. Required when enabled.'),
    image: ImageReference.default(HEADLAMP_IMAGE).describe('Image of Headlamp.'),
    metricsScraperImage: z
      .unknown()
      .optional()
      .describe('Removed: the Kubernetes Dashboard\'s metrics scraper; Headlamp reads metrics-server directly.'),
  })
  .superRefine((dashboard, context) => {
    if (dashboard.enabled && dashboard.host === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['host'],
        input: dashboard.host,
        message: explain('required when the dashboard is enabled', 'a DNS name such as dashboard.example.org').message,
      });
    }
    if (dashboard.metricsScraperImage !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['metricsScraperImage'],
        input: dashboard.metricsScraperImage,
        message: explain(
          'removed: the archived Kubernetes Dashboard was replaced by Headlamp, which has no metrics scraper',
          'no field (see the README, "Moving from the Kubernetes Dashboard")',
        ).message,
      });
    }
    if (/(^|\/)kubernetesui\/dashboard[:@]/.test(dashboard.image)) {
      context.addIssue({
        code: 'custom',
        path: ['image'],
        input: dashboard.image,
        message: explain(
          'the archived Kubernetes Dashboard image; the dashboard is now Headlamp',
          `a Headlamp image such as ${HEADLAMP_IMAGE}, or no field`,
        ).message,
      });
    }
  })
  .describe('Headlamp in namespace `headlamp`, behind the cluster\'s route, signed in to with the read-only ServiceAccount `headlamp-viewer`.');

export const SmokeTestsSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Whether the test applications are synthesized.'),
    namespace: DnsLabel.default('default').describe('Namespace of the test applications; the seeds used `default`.'),
    tomcatHost: DnsSubdomain.optional().describe(
      'Host of the Ingress of the shared-storage Tomcat test (seed 002 §16), such as share-storage.localtest.com. Required when enabled.',
    ),
    tomcatReplicas: z.number().int().min(1).max(50).default(3).describe('Tomcat replicas, all serving `<exportPath>/test_service`.'),
    tomcatImage: ImageReference.default(SMOKE_TEST_TOMCAT_IMAGE).describe('Image of the Tomcat test.'),
    phpApacheImage: ImageReference.default(SMOKE_TEST_PHP_APACHE_IMAGE).describe('Image of the php-apache autoscaling test (seed 004).'),
    phpApacheMinReplicas: z.number().int().min(1).max(100).default(1).describe('Fewest php-apache replicas the autoscaler keeps.'),
    phpApacheMaxReplicas: z.number().int().min(1).max(100).default(10).describe('Most php-apache replicas the autoscaler starts.'),
    phpApacheTargetCpuUtilization: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(50)
      .describe('Average CPU use, in percent of the request, the autoscaler aims for.'),
  })
  .superRefine((tests, context) => {
    if (tests.enabled && tests.tomcatHost === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['tomcatHost'],
        input: tests.tomcatHost,
        message: explain('required when the smoke tests are enabled', 'a DNS name such as share-storage.localtest.com').message,
      });
    }
    if (tests.phpApacheMaxReplicas < tests.phpApacheMinReplicas) {
      context.addIssue({
        code: 'custom',
        path: ['phpApacheMaxReplicas'],
        input: tests.phpApacheMaxReplicas,
        message: explain('below phpApacheMinReplicas', 'a number at least phpApacheMinReplicas').message,
      });
    }
  })
  .describe('Test applications: Tomcat on shared NFS storage behind the ingress, and php-apache with a HorizontalPodAutoscaler.');

export const MetricsSpec = z
  .strictObject({
    namespace: DnsLabel.default('monitoring').describe('Namespace of Prometheus and Grafana.'),
    metricsServer: MetricsServerSpec.prefault({}),
    prometheus: PrometheusSpec.prefault({}),
    grafana: GrafanaSpec.prefault({}),
    nodeExporter: NodeExporterSpec.prefault({}),
    dashboard: DashboardSpec.prefault({}),
    smokeTests: SmokeTestsSpec.prefault({}),
  })
  .superRefine((metrics, context) => {
    if (metrics.grafana.enabled && !metrics.prometheus.enabled) {
      context.addIssue({
        code: 'custom',
        path: ['grafana', 'enabled'],
        input: true,
        message: explain('Grafana needs Prometheus, its datasource', 'prometheus.enabled true, or grafana.enabled false').message,
      });
    }
    if (metrics.nodeExporter.enabled && metrics.nodeExporter.namespace === metrics.namespace) {
      context.addIssue({
        code: 'custom',
        path: ['nodeExporter', 'namespace'],
        input: metrics.nodeExporter.namespace,
        message: explain(
          'node_exporter needs a privileged namespace of its own',
          'a namespace other than metrics.namespace, which enforces the restricted Pod Security level',
        ).message,
      });
    }
  })
  .describe('Metrics layer: metrics-server, Prometheus, Grafana, node_exporter, Headlamp and smoke-test applications.');

// --- networking layer ---------------------------------------------------------------------------------------

/** A MetalLB address range: a CIDR block or `first-last`. Placement on the host network is a cluster rule. */
const Ipv4AddressRange = z
  .string()
  .refine(
    (text) => parseIpv4Range(text) !== undefined || isReversedRange(text),
    explain('not an IPv4 address range', 'a CIDR block such as 10.0.3.240/28 or a range first-last such as 10.0.3.241-10.0.3.250'),
  )
  .refine(
    (text) => !isReversedRange(text),
    explain('address range is reversed: its first address comes after its last', 'the lower address first, such as 10.0.3.241-10.0.3.250'),
  );

export const FlannelSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether Flannel is installed. Turn it off only when another CNI provides pod networking.'),
    backend: z
      .enum(['vxlan', 'host-gw'])
      .default('vxlan')
      .describe('How pod traffic crosses nodes: `vxlan` (UDP 8472, works across routers) or `host-gw` (plain routes, all nodes on one layer-2 network).'),
    image: ImageReference.default(FLANNEL_IMAGE).describe('Image of flanneld.'),
    cniPluginImage: ImageReference.default(FLANNEL_CNI_PLUGIN_IMAGE).describe('Image that installs the flannel CNI plugin binary on every node.'),
  })
  .describe('The Flannel CNI: pod networking across nodes over spec.network.podCidr.');

export const MetalLbPoolSpec = z
  .strictObject({
    name: DnsLabel.describe('Pool name; names its IPAddressPool and L2Advertisement.'),
    addresses: z
      .array(Ipv4AddressRange)
      .min(1, explain('no address ranges', 'at least one range'))
      .describe('Address ranges on the host network, disjoint from node IPs and from every other pool, also of other clusters on the same network.'),
    autoAssign: z
      .boolean()
      .default(true)
      .describe('Whether any LoadBalancer Service may get an address from the pool; `false` reserves it for Services that ask for it.'),
  })
  .describe('A pool of LoadBalancer addresses, announced in layer 2 mode (ARP).');

export const MetalLbSpec = z
  .strictObject({
    enabled: z.boolean().optional().describe('Whether MetalLB is installed. - defaults to true when pools are given.'),
    pools: z.array(MetalLbPoolSpec).default([]).describe('Address pools MetalLB hands out to Services of type LoadBalancer.'),
    controllerImage: ImageReference.default(METALLB_CONTROLLER_IMAGE).describe('Image of the MetalLB controller.'),
    speakerImage: ImageReference.default(METALLB_SPEAKER_IMAGE).describe('Image of the MetalLB speaker.'),
  })
  .describe('MetalLB: addresses on the host network for Services of type LoadBalancer.');

export const DnsSpec = z
  .strictObject({
    upstreamServers: z
      .array(Ipv4Address)
      .default([])
      .describe(
        'DNS servers CoreDNS forwards names outside the cluster domain to. When set, hanok writes the kube-system/coredns ConfigMap in place of kubeadm\'s. - none: CoreDNS keeps forwarding to the nodes\' /etc/resolv.conf.',
      ),
  })
  .describe('Cluster DNS (CoreDNS).');

export const NetworkingSpec = z
  .strictObject({
    flannel: FlannelSpec.prefault({}),
    metallb: MetalLbSpec.prefault({}),
    dns: DnsSpec.prefault({}),
  })
  .describe('Networking layer: the CNI, LoadBalancer addresses and DNS forwarding.');

// --- openfx layer -------------------------------------------------------------------------------------------

const ImageRepository = z
  .string()
  .max(255)
  .regex(
    IMAGE_REPOSITORY,
    explain('not a valid image repository', 'a repository path inside the registry, without host or tag, such as fxgateway'),
  );

const ImageTag = z
  .string()
  .regex(IMAGE_TAG, explain('not a valid image tag', 'letters, digits, "_", "." or "-", such as v1.12.1'))
  .refine((tag) => tag !== 'latest', explain('the latest tag is not pinned', 'a versioned tag such as registry:2.8.3'));

/** A function names a Service, so it is an RFC 1035 label: it starts with a letter. */
const FunctionName = z
  .string()
  .max(63)
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    explain('not a valid function name', 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters'),
  );

/** CPU: whole or decimal cores, or millicores such as 250m. */
const CpuQuantity = z
  .string()
  .regex(/^(\d+m|\d+(\.\d+)?)$/, explain('not a CPU quantity', 'cores such as 0.5 or 2, or millicores such as 250m'));

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, explain('not a valid environment variable name', 'letters, digits and "_", not starting with a digit'));

export const OpenFxFunctionSpec = z
  .strictObject({
    name: FunctionName.describe('Function name: names its Deployment, Service and HorizontalPodAutoscaler; the gateway invokes it by it.'),
    runtime: z.enum(OPENFX_RUNTIMES).describe('Executor runtime; must be one of spec.openfx.runtimes.'),
    image: ImageReference.optional().describe(
      `Image of the function, built on the runtime's executor. - the registry's \`${OPENFX_WATCHER_IMAGE.repository}:${OPENFX_WATCHER_IMAGE.tag}-<runtime>\`.`,
    ),
    env: z.record(EnvName, z.string()).default({}).describe(`Environment of the function. \`PORT\` is reserved: the gateway always dials port ${OPENFX_FUNCTION_PORT}.`),
    minReplicas: z.number().int().min(1).max(100).describe('Fewest replicas the autoscaler keeps.'),
    maxReplicas: z.number().int().min(1).max(100).describe('Most replicas the autoscaler starts; at least minReplicas.'),
    targetCpuUtilization: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(50)
      .describe('Average CPU use, in percent of the CPU request, the autoscaler aims for.'),
    cpu: CpuQuantity.default('100m').describe('CPU request of each replica; the autoscaler measures against it.'),
    memory: Quantity.default('128Mi').describe('Memory request and limit of each replica.'),
  })
  .superRefine((fn, context) => {
    if (fn.maxReplicas < fn.minReplicas) {
      context.addIssue({
        code: 'custom',
        path: ['maxReplicas'],
        input: fn.maxReplicas,
        message: explain('below minReplicas', 'a number at least minReplicas').message,
      });
    }
    if ('PORT' in fn.env) {
      context.addIssue({
        code: 'custom',
        path: ['env', 'PORT'],
        input: fn.env.PORT,
        message: explain('PORT is reserved for the executor', `no PORT: functions always serve on ${OPENFX_FUNCTION_PORT}`).message,
      });
    }
  })
  .describe('An OpenFx function kept in git: what the gateway would deploy, with a CPU autoscaler.');

export const OpenFxSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Whether the OpenFx layer (seed 000) is synthesized.'),
    namespace: DnsLabel.default('openfx').describe('Namespace of the gateway, Prometheus and Grafana.'),
    functionNamespace: DnsLabel.default('openfx-fn').describe('Namespace the gateway deploys functions to (`FUNCTION_NAMESPACE`).'),
    gatewayImageName: ImageRepository.default(OPENFX_GATEWAY_IMAGE.repository).describe('Repository of the gateway image in the private registry.'),
    gatewayImageTag: ImageTag.default(OPENFX_GATEWAY_IMAGE.tag).describe('Tag of the gateway image.'),
    gatewayNodePort: NodePort.default(31113).describe('NodePort of the gateway (gRPC and REST on port 10000).'),
    imagePullPolicy: z
      .enum(OPENFX_PULL_POLICIES)
      .default('IfNotPresent')
      .describe('Pull policy of the function pods the gateway creates (`IMAGE_PULL_POLICY`). `Always` breaks air-gapped sites.'),
    runtimes: z
      .array(z.enum(OPENFX_RUNTIMES))
      .min(1)
      .default([...OPENFX_RUNTIMES])
      .describe(`Executor runtimes offered; each is the registry image \`${OPENFX_WATCHER_IMAGE.repository}:${OPENFX_WATCHER_IMAGE.tag}-<runtime>\`.`),
    prometheusImage: ImageReference.default(PROMETHEUS_IMAGE).describe('Image of the OpenFx Prometheus.'),
    prometheusNodePort: NodePort.default(31119).describe('NodePort of the OpenFx Prometheus.'),
    prometheusStorageSize: Quantity.default('10Gi').describe(
      'Size of the NFS volume `<exportPath>/openfx-prometheus`; the directory must be owned by user 65534.',
    ),
    scrapeInterval: PrometheusDuration.default('15s').describe('How often the OpenFx Prometheus scrapes the gateway and node_exporter.'),
    retention: PrometheusDuration.default('15d').describe('How long the OpenFx Prometheus keeps samples.'),
    grafanaImage: ImageReference.default(GRAFANA_IMAGE).describe('Image of the OpenFx Grafana.'),
    grafanaNodePort: NodePort.default(30949).describe('NodePort of the OpenFx Grafana.'),
    grafanaStorageSize: Quantity.default('1Gi').describe('Size of the NFS volume `<exportPath>/openfx-grafana`; the directory must be owned by user 472.'),
    grafanaAdminSecretName: DnsSubdomain.default('grafana').describe(
      'Secret with keys `admin-username` and `admin-password` for the first Grafana administrator. Supplied at apply time, never in git.',
    ),
    functions: z.array(OpenFxFunctionSpec).default([]).describe('Functions deployed from git, next to those deployed through the gateway.'),
  })
  .describe('OpenFx serverless functions: the fxgateway, its Prometheus and Grafana, and functions declared in git.');

// --- images (air-gap) ---------------------------------------------------------------------------------------

/** An image name without tag or digest, e.g. `registry.k8s.io/ingress-nginx/controller`. */
const ImageName = z
  .string()
  .regex(IMAGE_NAME, explain('not a valid image name', 'a repository without tag or digest, such as registry.k8s.io/ingress-nginx/controller'));

export const ImageOverrideSpec = z
  .strictObject({
    name: ImageName.describe(
      'The image to change, as the manifests name it without tag or digest (`nginx` and `docker.io/library/nginx` are the same image).',
    ),
    newName: ImageName.optional().describe('Pull from this repository instead; the mirror is not applied on top. - the name is kept, and mirrored when `mirror` is set.'),
    newTag: z
      .string()
      .regex(IMAGE_TAG, explain('not a valid image tag', 'letters, digits, "_", "." or "-", such as v1.12.1'))
      .refine((tag) => tag !== 'latest', explain('the latest tag is not pinned', 'a versioned tag such as registry:2.8.3'))
      .optional()
      .describe('Use this tag. - the tag is kept.'),
    digest: z
      .string()
      .regex(IMAGE_DIGEST, explain('not a valid image digest', 'sha256: followed by 64 lower-case hex digits'))
      .optional()
      .describe('Pin this digest (`name:tag@digest`); nodes pull by digest. - a digest already in the manifests is kept.'),
  })
  .refine(
    (override) => override.newName !== undefined || override.newTag !== undefined || override.digest !== undefined,
    explain('the override changes nothing', 'at least one of newName, newTag or digest'),
  )
  .describe('A per-image change, like an entry of kustomize\'s `images`.');

export const BootstrapRegistrySpec = z
  .strictObject({
    host: HostOrAddress.describe('Name or IPv4 address nodes reach the registry at, as image names start with it (before the port); the certificate must be issued for it.'),
    port: z.number().int().min(1).max(65535).default(5000).describe('Port the registry listens on.'),
    insecure: z
      .boolean()
      .default(false)
      .describe('Serve plain HTTP (containerd then reaches it without TLS). Test setups only; without it the registry serves TLS with a certificate and key given to the script at run time.'),
    tls: z
      .strictObject({
        caFile: z
          .string()
          .regex(/^[^\s/][^\s]*$/, explain('not a relative path', 'a path relative to the cluster file, such as certs/site-ca.pem'))
          .optional()
          .describe('PEM file of the CA that issued the registry\'s certificate, relative to the cluster file: public, kept in git, installed as containerd\'s `ca` for the registry on every node. - the nodes\' system trust store.'),
      })
      .default({})
      .describe('How nodes trust the registry\'s certificate (the certificate and key are site files given to prepare-bootstrap-registry.sh, never in git).'),
    storage: z.enum(['local', 'nfs']).default('local').describe('Where the registry keeps its data: `local` disk of its host, or `nfs`, the directory `<spec.nfs.exportPath>/bootstrap_registry` of the cluster\'s NFS export, mounted by the script.'),
    dataPath: AbsolutePath.default('/var/lib/hanok-bootstrap-registry').describe('Data folder on the registry host (the NFS mount point with `storage: nfs`).'),
  })
  .describe('A distribution registry (Debian\'s docker-registry package) run as a systemd service outside the cluster.');

export const ImagesSpec = z
  .strictObject({
    mirror: z
      .string()
      .regex(IMAGE_NAME, explain('not a valid registry prefix', 'a registry host with an optional port and path, such as registry.example.org:5000/mirror'))
      .refine(
        (prefix) => /[.:]/.test(prefix.split('/')[0]) || prefix.split('/')[0] === 'localhost',
        explain('the mirror does not start with a registry host', 'a host name with a dot or a port, or localhost, such as registry.example.org/mirror'),
      )
      .optional()
      .describe(
        'Rewrite every image under this registry host and path prefix, so nodes pull only from the site registry: `registry.k8s.io/ingress-nginx/controller:v1.12.1` becomes `<mirror>/ingress-nginx/controller:v1.12.1` (Docker Hub images keep their `library/` path). Images already on the mirror\'s host are kept, digests are kept, and kubeadm\'s `imageRepository` is set to the mirror. It must not be the in-cluster registry (`spec.registry.host`): nodes pull the CNI, kube-proxy, CoreDNS and control-plane images before that registry can run. - the bootstrap registry `<host>:<port>` when `bootstrapRegistry` is set; otherwise images are pulled from where the manifests name them.',
      ),
    overrides: z
      .array(ImageOverrideSpec)
      .default([])
      .describe('Per-image changes, applied before the mirror. Each must match an image of the cluster.'),
    platforms: z
      .array(z.string().regex(/^linux\/(amd64|arm64)(\/v8)?$/, explain('not a node platform', 'linux/amd64 or linux/arm64')))
      .min(1)
      .optional()
      .describe(
        'Image platforms `hanok bundle --images` carries. With one, multi-platform images are narrowed to it (the site registry then holds that platform\'s manifest, whose digest is the published one); with several, and for images pinned by digest, every platform is carried so the index digest stays the same. - `linux/<arch>` of every node.',
      ),
    bootstrapRegistry: BootstrapRegistrySpec.optional().describe(
      'The site registry that exists before the cluster (air-gapped sites): nodes pull Flannel, kube-proxy, CoreDNS and kubeadm\'s control-plane images from it while the cluster, and so the in-cluster registry, is not running yet. scripts/node/prepare-bootstrap-registry.sh sets it up as a systemd service on its host. - none; images come from where `mirror` or the manifests say.',
    ),
  })
  .superRefine((images, context) => {
    const seen = new Set<string>();
    images.overrides.forEach((override, index) => {
      const key = normalizeImageName(override.name);
      if (seen.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['overrides', index, 'name'],
          input: override.name,
          message: explain('image is overridden twice', 'one override per image').message,
        });
      }
      seen.add(key);
    });
  })
  .describe('Where nodes pull images from: a site mirror and per-image overrides, applied to every container of the output (air-gapped sites).');

// --- openmcp layer ------------------------------------------------------------------------------------------

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
const OpenMcpPort = z.number().int().min(1).max(65535);

export const OpenMcpPowerDnsSpec = z
  .strictObject({
    internalIp: Ipv4Address.describe('Address of the PowerDNS server on the clusters\' network (seed 001: 10.0.3.12): the DNS controller calls its API there, and CoreDNS forwards to it.'),
    externalIp: Ipv4Address.optional().describe('Address of PowerDNS for clients outside the network. - the same as internalIp.'),
    apiPort: OpenMcpPort.default(8081).describe('Port of the PowerDNS HTTP API (`PDNS_PORT` of the DNS controller).'),
    externalDnsPort: OpenMcpPort.default(5353).describe('Port on the external IP forwarded to PowerDNS\'s port 53, for resolvers outside the network.'),
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
    metricCollectorExternalPort: OpenMcpPort.default(3212).describe(
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

export const ClusterSpec = z.strictObject({
  bases: z
    .array(z.string().min(1).max(1024))
    .max(16)
    .optional()
    .describe(
      'Base files (`kind: ClusterBase`) whose spec this cluster inherits and overrides, relative to this file and merged in order: maps merge, an explicit null removes, lists are replaced except nodes, MetalLB pools, image overrides and OpenFx functions (merged by name; `$patch: delete` removes an item) and patches (appended). - no bases.',
    ),
  kubernetesVersion: z
    .string()
    .regex(KUBERNETES_VERSION_PATTERN, explain('not a Kubernetes version', 'MAJOR.MINOR.PATCH such as 1.36.1, optionally with a leading v'))
    .overwrite(normalizeKubernetesVersion)
    .refine(
      (version) => !KUBERNETES_VERSION_PATTERN.test(version) || isInWindow(version),
      explain('unsupported Kubernetes version', `a version of Kubernetes ${WINDOW_TEXT} (kubeadm before 1.31 cannot read kubeadm.k8s.io/v1beta4; hanok knows no minor after ${NEWEST_MINOR})`),
    )
    .default(DEFAULT_KUBERNETES_VERSION)
    .describe(
      `Kubernetes version kubeadm installs, MAJOR.MINOR.PATCH (\`v1.36.1\` is read as \`1.36.1\`). hanok supports ${WINDOW_TEXT}; a minor past its upstream end of life gives a warning, and every enabled component must support the minor (see \`hanok versions\`). - the newest patch of the newest minor every default component supports.`,
    ),
  controlPlaneEndpoint: HostPort.optional().describe(
    'Address of the Kubernetes API. - with one control plane, its IP on port 6443; with two or more, the HAProxy host (`spec.ingress.loadBalancer.address`) on port 6443, which balances the API over the control planes.',
  ),
  network: NetworkSpec,
  networking: NetworkingSpec.prefault({}),
  nodes: z.array(NodeSpec).min(1, explain('no nodes', 'at least one node')),
  nfs: NfsSpec,
  storage: StorageSpec.prefault({}),
  registry: RegistrySpec,
  images: ImagesSpec.prefault({}),
  ingress: IngressSpec.prefault({}),
  metrics: MetricsSpec.prefault({}),
  openfx: OpenFxSpec.prefault({}),
  openmcp: OpenMcpSpec.optional(),
  workloads: WorkloadsSpec.default({}),
  patches: z
    .array(PatchSpec)
    .max(200)
    .default([])
    .describe('Patches on the generated objects, kustomize style, applied in order after spec.workloads and before the output checks.'),
  extensions: z
    .strictObject({})
    .default({})
    .describe(
      'Settings of the extensions hanok runs with (`--extensions`, see the README\'s "Adding your own charts"), one section per extension name, each with the fields its extension declares; an extension builds its charts for the clusters that have its section. Unknown names are errors. - no extension runs.',
    ),
});

export const ClusterConfigSchema = z
  .strictObject({
    apiVersion: z.literal(CLUSTER_API_VERSION).describe('Version of the configuration format.'),
    kind: z.literal('Cluster'),
    metadata: z.strictObject({
      name: DnsLabel.describe('Cluster name; equals the file name and names the output folder `dist/<name>/`.'),
    }),
    spec: ClusterSpec,
  })
  .describe('One hanok cluster: everything needed to synthesize its manifests and node files.');

export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
export type ClusterConfigInput = z.input<typeof ClusterConfigSchema>;
export type ClusterSpecConfig = ClusterConfig['spec'];
export type NodeConfig = z.infer<typeof NodeSpec>;
export type StorageConfig = z.infer<typeof StorageSpec>;
export type RegistryConfig = z.infer<typeof RegistrySpec>;
export type RegistryTlsConfig = z.infer<typeof RegistryTlsSpec>;
export type IngressConfig = z.infer<typeof IngressSpec>;
export type NfsConfig = z.infer<typeof NfsSpec>;
export type NetworkConfig = z.infer<typeof NetworkSpec>;
export type NetworkingConfig = z.infer<typeof NetworkingSpec>;
export type MetalLbConfig = z.infer<typeof MetalLbSpec>;
export type MetricsConfig = z.infer<typeof MetricsSpec>;
export type ImagesConfig = z.infer<typeof ImagesSpec>;
export type BootstrapRegistryConfig = z.infer<typeof BootstrapRegistrySpec>;
export type ImageOverrideConfig = z.infer<typeof ImageOverrideSpec>;
export type OpenFxConfig = z.infer<typeof OpenFxSpec>;
export type OpenFxFunctionConfig = z.infer<typeof OpenFxFunctionSpec>;
export type OpenMcpConfig = z.infer<typeof OpenMcpSpec>;
export type OpenMcpMasterConfig = z.infer<typeof OpenMcpMasterSpec>;
export type OpenMcpMemberConfig = z.infer<typeof OpenMcpMemberSpec>;
