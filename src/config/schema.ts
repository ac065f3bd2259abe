import { z } from 'zod';
import { REGISTRY_IMAGE } from '../constructs/docker-registry';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE } from '../constructs/flannel';
import { METALLB_CONTROLLER_IMAGE } from '../constructs/metallb-controller';
import { METALLB_SPEAKER_IMAGE } from '../constructs/metallb-speaker';
import { INGRESS_NGINX_CONTROLLER_IMAGE } from '../constructs/ingress-nginx-controller';
import { NFS_SUBDIR_PROVISIONER_IMAGE } from '../constructs/nfs-subdir-provisioner';
import { GRAFANA_IMAGE } from '../constructs/grafana-server';
import { DASHBOARD_METRICS_SCRAPER_IMAGE, KUBERNETES_DASHBOARD_IMAGE } from '../constructs/kubernetes-dashboard';
import { KUBELET_ADDRESS_TYPES, METRICS_SERVER_IMAGE } from '../constructs/metrics-server';
import { PROMETHEUS_IMAGE } from '../constructs/prometheus-server';
import { SMOKE_TEST_PHP_APACHE_IMAGE } from '../constructs/smoke-test-php-apache';
import { SMOKE_TEST_TOMCAT_IMAGE } from '../constructs/smoke-test-tomcat';
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
import { parseIpv4Range } from './ipv4';

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
    namespace: DnsLabel.default('nfs-provisioner').describe('Namespace of the NFS provisioner.'),
    provisionerImage: ImageReference.default(NFS_SUBDIR_PROVISIONER_IMAGE).describe(
      'Image of the NFS subdir external provisioner.',
    ),
    storageClass: StorageClassSpec.prefault({}),
  })
  .describe('Storage layer: dynamic NFS provisioning and static NFS volumes.');

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
  })
  .describe('The HAProxy front end of seed 002 §13.');

export const IngressSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the ingress layer (the ingress-nginx controller) is synthesized.'),
    className: DnsSubdomain.default('nginx').describe('IngressClass every Ingress of the cluster uses; the controller serves it as the default class.'),
    serviceType: z
      .enum(['NodePort', 'LoadBalancer'])
      .default('NodePort')
      .describe('How the controller\'s Service is exposed: on NodePorts of every node, or as a LoadBalancer (an address from MetalLB).'),
    httpNodePort: NodePort.default(32334).describe('NodePort of the ingress controller\'s HTTP port.'),
    httpsNodePort: NodePort.default(30570).describe('NodePort of the ingress controller\'s HTTPS port.'),
    controllerImage: ImageReference.default(INGRESS_NGINX_CONTROLLER_IMAGE).describe('Image of the ingress-nginx controller.'),
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

export const DashboardSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Whether Kubernetes Dashboard is synthesized (seed 003).'),
    host: DnsSubdomain.optional().describe('Host of the Ingress that publishes the dashboard, its only way in. Required when enabled.'),
    image: ImageReference.default(KUBERNETES_DASHBOARD_IMAGE).describe('Image of the dashboard.'),
    metricsScraperImage: ImageReference.default(DASHBOARD_METRICS_SCRAPER_IMAGE).describe('Image of the dashboard\'s metrics scraper.'),
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
  })
  .describe('Kubernetes Dashboard in namespace `kubernetes-dashboard`, signed in to with the read-only ServiceAccount `dashboard-viewer`.');

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
  })
  .describe('Metrics layer: metrics-server, Prometheus, Grafana, Kubernetes Dashboard and smoke-test applications.');

// --- networking layer ---------------------------------------------------------------------------------------

/** A MetalLB address range: a CIDR block or `first-last`. Placement on the host network is a cluster rule. */
const Ipv4AddressRange = z
  .string()
  .refine(
    (text) => parseIpv4Range(text) !== undefined,
    explain('not an IPv4 address range', 'a CIDR block such as 10.0.3.240/28 or a range first-last such as 10.0.3.241-10.0.3.250'),
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

export const ClusterSpec = z.strictObject({
  kubernetesVersion: z
    .string()
    .regex(/^1\.(2[7-9]|[3-9]\d)\.\d+$/, explain('unsupported Kubernetes version', '1.27.0 or later, as MAJOR.MINOR.PATCH'))
    .default('1.30.14')
    .describe('Kubernetes version kubeadm installs.'),
  controlPlaneEndpoint: HostPort.optional().describe(
    'Address of the Kubernetes API. - defaults to the first control-plane node\'s IP on port 6443.',
  ),
  network: NetworkSpec,
  networking: NetworkingSpec.prefault({}),
  nodes: z.array(NodeSpec).min(1, explain('no nodes', 'at least one node')),
  nfs: NfsSpec,
  storage: StorageSpec.prefault({}),
  registry: RegistrySpec,
  ingress: IngressSpec.prefault({}),
  metrics: MetricsSpec.prefault({}),
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
export type IngressConfig = z.infer<typeof IngressSpec>;
export type NfsConfig = z.infer<typeof NfsSpec>;
export type NetworkConfig = z.infer<typeof NetworkSpec>;
export type NetworkingConfig = z.infer<typeof NetworkingSpec>;
export type MetalLbConfig = z.infer<typeof MetalLbSpec>;
export type MetricsConfig = z.infer<typeof MetricsSpec>;
