import { z } from 'zod';
import {
  GRAFANA_IMAGE,
  HEADLAMP_IMAGE,
  METRICS_SERVER_IMAGE,
  NODE_EXPORTER_IMAGE,
  PROMETHEUS_IMAGE,
  SMOKE_TEST_PHP_APACHE_IMAGE,
  SMOKE_TEST_TOMCAT_IMAGE,
} from '../../versions/images';
import { KUBELET_ADDRESS_TYPES } from '../../versions/component-options';
import { DnsLabel, DnsSubdomain, explain, ImageReference, NodePort, Port, PrometheusDuration, Quantity, refuseMaxBelowMin, requireWhenEnabled } from '../fields';

/** The metrics layer: metrics-server, Prometheus, Grafana, node_exporter, Headlamp and the smoke tests (`spec.metrics`). */

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
    nodeExporterPort: Port.default(9100).describe('Port of node_exporter on every node; each node\'s IP with this port is a scrape target.'),
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
    requireWhenEnabled(context, dashboard.enabled, { name: 'host', value: dashboard.host }, 'the dashboard is enabled', 'a DNS name such as dashboard.example.org');
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
    requireWhenEnabled(context, tests.enabled, { name: 'tomcatHost', value: tests.tomcatHost }, 'the smoke tests are enabled', 'a DNS name such as share-storage.localtest.com');
    refuseMaxBelowMin(
      context,
      { field: 'phpApacheMaxReplicas', value: tests.phpApacheMaxReplicas },
      { field: 'phpApacheMinReplicas', value: tests.phpApacheMinReplicas },
    );
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
