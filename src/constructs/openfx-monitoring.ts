import { Construct } from 'constructs';
import { openFxGatewayDashboard } from './grafana-dashboards';
import { GrafanaServer } from './grafana-server';
import { NfsExport, NfsVolume } from './nfs-volume';
import { PrometheusServer } from './prometheus-server';
import { dnsScrapeConfig, nodeExporterScrapeConfig } from './prometheus-scrape-configs';

const DATASOURCE_UID = 'prometheus';
/** The scrape job of the gateway, named as upstream; the dashboard selects it. */
const GATEWAY_JOB = 'gateway';

/** The Service Prometheus discovers the gateway through; an OpenFxGateway's `service` is one. */
export interface OpenFxGatewayTarget {
  readonly name: string;
  readonly namespace: string;
}

export interface OpenFxMonitoringProps {
  /** Namespace of Prometheus and Grafana; must exist. The gateway queries `prometheus:9090` in its own namespace. */
  readonly namespace: string;
  /** The gateway Service; Prometheus finds it by DNS (`<name>.<namespace>`). */
  readonly gateway: OpenFxGatewayTarget;
  /** Port of the gateway's `/metrics`. @default 10000 */
  readonly gatewayPort?: number;
  /** Addresses of the machines whose node_exporter is scraped. @default - none: no node_exporter job */
  readonly nodeAddresses?: readonly string[];
  /** @default 9100 */
  readonly nodeExporterPort?: number;
  /**
   * Where Prometheus and Grafana keep their data: volumes `pv-openfx-prometheus` and `pv-openfx-grafana` in the
   * subdirectories `openfx-prometheus` (owned by user 65534) and `openfx-grafana` (owned by user 472) of the export.
   * @default - emptyDirs: data is lost whenever a pod is replaced
   */
  readonly nfs?: NfsExport;
  /** @default '10Gi' */
  readonly prometheusStorageSize?: string;
  /** @default '1Gi' */
  readonly grafanaStorageSize?: string;
  /** @default PROMETHEUS_IMAGE */
  readonly prometheusImage?: string;
  /** @default GRAFANA_IMAGE */
  readonly grafanaImage?: string;
  /** @default '15s' - upstream's interval */
  readonly scrapeInterval?: string;
  /** @default '15d' */
  readonly retention?: string;
  /** NodePort of the Prometheus Service (upstream 31119). @default - ClusterIP only */
  readonly prometheusNodePort?: number;
  /** NodePort of the Grafana Service (upstream 30949). @default - ClusterIP only */
  readonly grafanaNodePort?: number;
  /**
   * Secret with keys `admin-username` and `admin-password` (upstream's keys) for Grafana's first administrator,
   * supplied at apply time.
   * @default 'grafana'
   */
  readonly grafanaAdminSecretName?: string;
}

/**
 * The monitoring OpenFx installs next to its gateway, with upstream's object names so an existing install is adopted:
 * Prometheus `prometheus` (ConfigMap `prometheus-configuration`) scraping itself, the gateway through DNS and the
 * nodes' node_exporter, and Grafana `grafana-core` (labels `app: grafana, component: core`, Service `grafana`) with
 * that Prometheus as datasource and the gateway dashboard provisioned, instead of upstream's import Job.
 */
export class OpenFxMonitoring extends Construct {
  public readonly prometheus: PrometheusServer;
  public readonly grafana: GrafanaServer;

  constructor(scope: Construct, id: string, props: OpenFxMonitoringProps) {
    super(scope, id);
    const nodeAddresses = props.nodeAddresses ?? [];
    const scrapeConfigs = [dnsScrapeConfig(GATEWAY_JOB, [`${props.gateway.name}.${props.gateway.namespace}`], props.gatewayPort ?? 10000)];
    if (nodeAddresses.length > 0) {
      scrapeConfigs.push(nodeExporterScrapeConfig(nodeAddresses, props.nodeExporterPort ?? 9100));
    }

    const prometheusStorage = props.nfs
      ? new NfsVolume(this, 'PrometheusStorage', {
        appName: 'prometheus',
        component: 'storage',
        volumeName: 'openfx-prometheus',
        namespace: props.namespace,
        nfs: props.nfs,
        subdirectory: 'openfx-prometheus',
        size: props.prometheusStorageSize ?? '10Gi',
        accessModes: ['ReadWriteOnce'],
      })
      : undefined;
    this.prometheus = new PrometheusServer(this, 'Prometheus', {
      namespace: props.namespace,
      name: 'prometheus',
      configMapName: 'prometheus-configuration',
      selectorLabels: { app: 'prometheus' },
      image: props.prometheusImage,
      scrapeInterval: props.scrapeInterval ?? '15s',
      retention: props.retention ?? '15d',
      scrapeConfigs,
      storage: prometheusStorage,
      serviceType: props.prometheusNodePort !== undefined ? 'NodePort' : 'ClusterIP',
      nodePort: props.prometheusNodePort,
      // A handful of targets: upstream's 512Mi is plenty, with room for compaction.
      resources: { cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' },
    });

    const grafanaStorage = props.nfs
      ? new NfsVolume(this, 'GrafanaStorage', {
        appName: 'grafana',
        component: 'storage',
        volumeName: 'openfx-grafana',
        namespace: props.namespace,
        nfs: props.nfs,
        subdirectory: 'openfx-grafana',
        size: props.grafanaStorageSize ?? '1Gi',
        accessModes: ['ReadWriteOnce'],
      })
      : undefined;
    this.grafana = new GrafanaServer(this, 'Grafana', {
      namespace: props.namespace,
      name: 'grafana-core',
      serviceName: 'grafana',
      selectorLabels: { app: 'grafana', component: 'core' },
      image: props.grafanaImage,
      adminSecretName: props.grafanaAdminSecretName ?? 'grafana',
      adminUserKey: 'admin-username',
      adminPasswordKey: 'admin-password',
      storage: grafanaStorage,
      datasources: [{ name: 'Prometheus', uid: DATASOURCE_UID, type: 'prometheus', url: this.prometheus.url, isDefault: true }],
      dashboards: [{ name: 'openfx-gateway', model: openFxGatewayDashboard(DATASOURCE_UID, GATEWAY_JOB) }],
      serviceType: props.grafanaNodePort !== undefined ? 'NodePort' : 'ClusterIP',
      nodePort: props.grafanaNodePort,
    });

    // Upstream labels its Deployments and Services with their selector labels too; tools that look for them find them.
    for (const server of [this.prometheus, this.grafana]) {
      for (const [key, value] of Object.entries(server.deployment.selectorLabels)) {
        server.deployment.apiObject.metadata.addLabel(key, value);
        server.service.apiObject.metadata.addLabel(key, value);
      }
    }
  }
}
