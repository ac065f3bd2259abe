import { createHash } from 'crypto';
import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { IngressFrontend } from './ingress-frontend';
import { AppService } from './app-service';
import { ResourceProps, RESTRICTED_SECURITY_CONTEXT } from './container';
import { componentLabels } from './labels';
import { PrometheusDiscoveryRbac } from './prometheus-rbac';
import { PrometheusScrapeConfig, usesKubernetesDiscovery } from './prometheus-scrape-configs';
import { PROMETHEUS_IMAGE } from '../versions/images';
import { requireDnsLabel } from '../kube/validate';

export const PROMETHEUS_PORT = 9090;
/** The user the prom/prometheus image runs as (nobody); the data directory must be writable by it. */
export const PROMETHEUS_UID = 65534;

const CONFIG_DIR = '/etc/prometheus';
const CONFIG_FILE = 'prometheus.yml';
const DATA_DIR = '/prometheus';
// Prometheus durations: one or more number-unit pairs, such as 15d or 1h30m.
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** A volume claim that holds data; an NfsVolume is one. */
export interface PersistentStorage {
  /** Name of the PersistentVolumeClaim, in the workload's namespace. */
  readonly claimName: string;
}

export interface PrometheusServerProps {
  /** Namespace of the server; must exist. */
  readonly namespace: string;
  /**
   * Name of the Deployment, the Service and (with `rbac`) the ServiceAccount.
   * @default 'prometheus'
   */
  readonly name?: string;
  /**
   * Name of the ConfigMap holding `prometheus.yml`.
   * @default '<name>-configuration'
   */
  readonly configMapName?: string;
  /**
   * Labels the Deployment selects its pods by and the Service routes to; keep an existing installation's labels to
   * adopt it in place.
   * @default { app: <name> }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** @default PROMETHEUS_IMAGE */
  readonly image?: string;
  /**
   * How often targets are scraped (`global.scrape_interval`).
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * Scrape jobs besides Prometheus' own (`prometheus`, always present); see prometheus-scrape-configs.ts.
   * @default - none
   */
  readonly scrapeConfigs?: readonly PrometheusScrapeConfig[];
  /**
   * How long samples are kept (`--storage.tsdb.retention.time`).
   * @default '15d'
   */
  readonly retention?: string;
  /**
   * Where the time series database lives, e.g. an NfsVolume. The directory must be writable by user 65534.
   * @default - an emptyDir: the data is lost whenever the pod is replaced
   */
  readonly storage?: PersistentStorage;
  /** @default 'ClusterIP' */
  readonly serviceType?: 'ClusterIP' | 'NodePort';
  /** Only with serviceType NodePort. @default - assigned by Kubernetes */
  readonly nodePort?: number;
  /**
   * Creates a ServiceAccount, a ClusterRole that reads nodes, pods, services and endpoints and `/metrics`, and the
   * binding, so Kubernetes service discovery and the kubelet scrapes work. Required by jobs that use
   * `kubernetes_sd_configs`. The ClusterRole and its binding are named `<namespace>-<name>`.
   * @default false
   */
  readonly rbac?: boolean;
  /** Host name of an Ingress that publishes the web UI. @default - no Ingress */
  readonly ingressHost?: string;
  /** The cluster's ingress layer that publishes it; required with `ingressHost`. @default - none */
  readonly frontend?: IngressFrontend;
  /** @default { cpu: '250m', memory: '1Gi', memoryLimit: '2Gi' } */
  readonly resources?: ResourceProps;
}

/**
 * A Prometheus server configured from a ConfigMap, reusable by any layer: the cluster's own monitoring builds one
 * with Kubernetes discovery, the OpenFx layer one with static and DNS jobs. The pods restart when the configuration
 * changes (a checksum annotation), since the server reads it only at start.
 */
export class PrometheusServer extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly port = PROMETHEUS_PORT;
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly configMapName: string;
  /** The configuration as Prometheus reads it. */
  public readonly config: Readonly<Record<string, unknown>>;
  /** In-cluster URL of the HTTP API, e.g. for a Grafana datasource. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PrometheusServerProps) {
    super(scope, id);
    this.name = props.name ?? 'prometheus';
    this.namespace = props.namespace;
    this.configMapName = props.configMapName ?? `${this.name}-configuration`;
    const owner = `Prometheus '${this.name}'`;
    const scrapeInterval = props.scrapeInterval ?? '30s';
    const retention = props.retention ?? '15d';
    const serviceType = props.serviceType ?? 'ClusterIP';
    const rbac = props.rbac ?? false;
    const scrapeConfigs = props.scrapeConfigs ?? [];

    checkPrometheusProps(owner, { name: this.name, scrapeInterval, retention, serviceType, rbac, scrapeConfigs }, props);

    const identity = { appName: 'prometheus', component: 'server' };
    const labels = componentLabels(identity);
    this.config = {
      global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
      scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: [`localhost:${PROMETHEUS_PORT}`] }] }, ...scrapeConfigs],
    };
    const configText = yaml.dump(this.config, { lineWidth: -1, noRefs: true, sortKeys: false });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: this.configMapName, namespace: this.namespace, labels },
      data: { [CONFIG_FILE]: configText },
    });

    const serviceAccountName = rbac ? new PrometheusDiscoveryRbac(this, 'Rbac', { name: this.name, namespace: this.namespace, labels }).serviceAccountName : undefined;

    const args = [
      `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
      `--storage.tsdb.path=${DATA_DIR}`,
      `--storage.tsdb.retention.time=${retention}`,
      `--web.listen-address=:${PROMETHEUS_PORT}`,
    ];
    const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromString('http') } });
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: this.name,
      namespace: this.namespace,
      selectorLabels: props.selectorLabels,
      // Two servers must never write one database: the second would fail on its lock.
      strategy: 'Recreate',
      serviceAccountName,
      apiAccess: rbac,
      podSecurityContext: { fsGroup: PROMETHEUS_UID },
      containers: [
        {
          name: 'prometheus',
          image: props.image ?? PROMETHEUS_IMAGE,
          args,
          ports: [{ name: 'http', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
          readinessProbe: { ...probe('/-/ready'), periodSeconds: 10, failureThreshold: 3 },
          // Replaying the write-ahead log after a restart can take minutes on NFS.
          livenessProbe: { ...probe('/-/healthy'), initialDelaySeconds: 30, periodSeconds: 15, failureThreshold: 10 },
          resources: props.resources ?? { cpu: '250m', memory: '1Gi', memoryLimit: '2Gi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: PROMETHEUS_UID, runAsGroup: PROMETHEUS_UID },
          volumeMounts: [
            { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
            { name: 'data', mountPath: DATA_DIR },
          ],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: this.configMapName } },
        props.storage ? { name: 'data', persistentVolumeClaim: { claimName: props.storage.claimName } } : { name: 'data', emptyDir: {} },
      ],
    });
    this.deployment = deployment;
    deployment.apiObject.addJsonPatch(
      JsonPatch.add('/spec/template/metadata/annotations', { 'checksum/config': createHash('sha256').update(configText).digest('hex') }),
    );

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: this.name,
      target: deployment,
      type: serviceType,
      ports: [{ name: 'http', port: PROMETHEUS_PORT, targetPort: 'http', nodePort: props.nodePort }],
    });
    this.url = `http://${this.service.name}.${this.namespace}.svc:${PROMETHEUS_PORT}`;

    if (props.ingressHost && props.frontend) {
      new AppIngress(this, 'Ingress', {
        ...identity,
        name: this.name,
        host: props.ingressHost,
        frontend: props.frontend,
        service: this.service,
        port: PROMETHEUS_PORT,
      });
    }
  }
}

/** Checks the settings the constructor resolved (`resolved`) and the props it takes as given. */
function checkPrometheusProps(
  owner: string,
  resolved: { name: string; scrapeInterval: string; retention: string; serviceType: string; rbac: boolean; scrapeConfigs: readonly PrometheusScrapeConfig[] },
  props: PrometheusServerProps,
): void {
  const { name, scrapeInterval, retention, serviceType, rbac, scrapeConfigs } = resolved;
  requireDnsLabel(owner, 'name', name);
  if (!DURATION.test(scrapeInterval)) {
    throw new Error(`${owner}: 'scrapeInterval' must be a Prometheus duration such as 30s or 1m (got ${JSON.stringify(scrapeInterval)})`);
  }
  if (!DURATION.test(retention)) {
    throw new Error(`${owner}: 'retention' must be a Prometheus duration such as 15d or 4w (got ${JSON.stringify(retention)})`);
  }
  if (props.nodePort !== undefined && serviceType !== 'NodePort') {
    throw new Error(`${owner}: 'nodePort' (${props.nodePort}) needs serviceType NodePort (got ${serviceType})`);
  }
  if ((props.ingressHost === undefined) !== (props.frontend === undefined)) {
    throw new Error(`${owner}: 'ingressHost' and 'frontend' must be set together (got ${JSON.stringify(props.ingressHost)} and ${props.frontend ? 'a frontend' : 'none'})`);
  }
  const jobNames = ['prometheus', ...scrapeConfigs.map((config) => config.job_name)];
  const duplicate = jobNames.find((job, index) => jobNames.indexOf(job) !== index);
  if (duplicate) {
    throw new Error(`${owner}: scrape job name '${duplicate}' is used twice ('prometheus' is the server's own job)`);
  }
  const discovering = scrapeConfigs.find(usesKubernetesDiscovery);
  if (discovering && !rbac) {
    throw new Error(`${owner}: scrape job '${discovering.job_name}' uses kubernetes_sd_configs, which needs 'rbac' to be true`);
  }
}
