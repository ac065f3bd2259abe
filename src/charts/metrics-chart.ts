import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { MetricsConfig, NfsConfig, NodeConfig } from '../config/schema';
import { GrafanaServer } from '../constructs/grafana-server';
import { kubernetesPodsDashboard, nodeExporterDashboard } from '../constructs/grafana-dashboards';
import { Headlamp } from '../constructs/headlamp';
import { MetricsServer } from '../constructs/metrics-server';
import { NfsVolume } from '../constructs/nfs-volume';
import { NodeExporter } from '../constructs/node-exporter';
import { PrometheusServer } from '../constructs/prometheus-server';
import { kubernetesScrapeConfigs, nodeExporterScrapeConfig } from '../constructs/prometheus-scrape-configs';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { HanokChart } from './hanok-chart';

export interface MetricsChartProps {
  readonly metrics: DeepReadonly<MetricsConfig>;
  /** The cluster's machines; node_exporter is scraped on each one's address. */
  readonly nodes: ReadonlyArray<DeepReadonly<NodeConfig>>;
  readonly nfs: DeepReadonly<NfsConfig>;
  /** The cluster's ingress layer that publishes the layer's hosts. */
  readonly frontend: IngressFrontend;
}

const PROMETHEUS_DATASOURCE_UID = 'prometheus';

/**
 * Metrics layer (issue 3; seeds 003 and 004): metrics-server for `kubectl top` and autoscaling, the cluster's
 * Prometheus and Grafana on NFS, node_exporter on every node, and optionally Headlamp (the replacement of the
 * archived Kubernetes Dashboard) behind the ingress.
 */
export class MetricsChart extends HanokChart {
  public readonly metricsServer?: MetricsServer;
  public readonly prometheus?: PrometheusServer;
  public readonly grafana?: GrafanaServer;
  public readonly nodeExporter?: NodeExporter;
  public readonly dashboard?: Headlamp;

  constructor(scope: Construct, id: string, props: MetricsChartProps) {
    super(scope, id, { layer: 'metrics' });
    const { metrics } = props;

    if (metrics.metricsServer.enabled) {
      this.metricsServer = new MetricsServer(this, 'MetricsServer', {
        image: metrics.metricsServer.image,
        kubeletInsecureTls: metrics.metricsServer.kubeletInsecureTls,
        kubeletPreferredAddressTypes: metrics.metricsServer.kubeletPreferredAddressTypes,
        metricResolution: metrics.metricsServer.metricResolution,
      });
    }

    if (metrics.prometheus.enabled || metrics.grafana.enabled) {
      this.addNamespace(metrics.namespace);
    }
    if (metrics.prometheus.enabled) {
      const config = metrics.prometheus;
      const storage = new NfsVolume(this, 'PrometheusStorage', {
        appName: 'prometheus',
        component: 'storage',
        volumeName: 'prometheus',
        namespace: metrics.namespace,
        nfs: props.nfs,
        subdirectory: 'prometheus',
        size: config.storageSize,
        accessModes: ['ReadWriteOnce'],
      });
      this.prometheus = new PrometheusServer(this, 'Prometheus', {
        namespace: metrics.namespace,
        image: config.image,
        scrapeInterval: config.scrapeInterval,
        retention: config.retention,
        storage,
        rbac: true,
        scrapeConfigs: [
          ...kubernetesScrapeConfigs({ insecureSkipVerify: config.kubeletInsecureSkipVerify }),
          nodeExporterScrapeConfig(props.nodes.map((node) => node.ip), config.nodeExporterPort),
        ],
        serviceType: config.nodePort !== undefined ? 'NodePort' : 'ClusterIP',
        nodePort: config.nodePort,
        ingressHost: config.host,
        frontend: config.host !== undefined ? props.frontend : undefined,
      });
    }

    if (metrics.nodeExporter.enabled) {
      this.addNamespace(metrics.nodeExporter.namespace, {
        enforce: 'privileged',
        reason: 'node_exporter reads the node itself: host network and PID namespaces and the host root mounted read-only, which baseline forbids',
      });
      this.nodeExporter = new NodeExporter(this, 'NodeExporter', {
        namespace: metrics.nodeExporter.namespace,
        port: metrics.prometheus.nodeExporterPort,
        image: metrics.nodeExporter.image,
      });
    }

    if (metrics.grafana.enabled && this.prometheus) {
      const config = metrics.grafana;
      const storage = new NfsVolume(this, 'GrafanaStorage', {
        appName: 'grafana',
        component: 'storage',
        volumeName: 'grafana',
        namespace: metrics.namespace,
        nfs: props.nfs,
        subdirectory: 'grafana',
        size: config.storageSize,
        accessModes: ['ReadWriteOnce'],
      });
      this.grafana = new GrafanaServer(this, 'Grafana', {
        namespace: metrics.namespace,
        image: config.image,
        adminSecretName: config.adminSecretName,
        storage,
        datasources: [{ name: 'Prometheus', uid: PROMETHEUS_DATASOURCE_UID, type: 'prometheus', url: this.prometheus.url, isDefault: true }],
        dashboards: [
          { name: 'nodes', model: nodeExporterDashboard(PROMETHEUS_DATASOURCE_UID) },
          { name: 'pods', model: kubernetesPodsDashboard(PROMETHEUS_DATASOURCE_UID) },
        ],
        serviceType: config.nodePort !== undefined ? 'NodePort' : 'ClusterIP',
        nodePort: config.nodePort,
        ingressHost: config.host,
        frontend: config.host !== undefined ? props.frontend : undefined,
      });
    }

    if (metrics.dashboard.enabled) {
      this.addNamespace('headlamp');
      this.dashboard = new Headlamp(this, 'Headlamp', {
        namespace: 'headlamp',
        // The cluster schema requires the host when the dashboard is enabled (src/config/spec/metrics.ts).
        host: metrics.dashboard.host!,
        frontend: props.frontend,
        image: metrics.dashboard.image,
      });
    }
  }
}
