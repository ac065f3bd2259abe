import { createHash } from 'crypto';
import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { IngressFrontend } from './ingress-frontend';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { GrafanaDashboardModel } from './grafana-dashboards';
import { componentLabels } from './labels';
import { PersistentStorage } from './prometheus-server';
import { SuppliedSecret } from './supplied-secret';
import { GRAFANA_IMAGE } from '../versions/images';
import { DNS_LABEL } from '../kube/names';

export const GRAFANA_PORT = 3000;
/** The user the grafana/grafana image runs as; the data directory must be writable by it. */
export const GRAFANA_UID = 472;

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** The API server rejects ConfigMaps above 1 MiB. */
const CONFIG_MAP_LIMIT = 1024 * 1024;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
const DATA_DIR = '/var/lib/grafana';

/** A datasource provisioned from `provisioning/datasources` (Grafana's provisioning file format). */
export interface GrafanaDatasource {
  /** Name shown in Grafana. */
  readonly name: string;
  /** Datasource type, e.g. `prometheus`. */
  readonly type: string;
  /** URL Grafana's server queries (`access: proxy`). */
  readonly url: string;
  /** Stable id dashboards refer to. @default - the name, lower-cased, with runs of other characters replaced by `-` */
  readonly uid?: string;
  /** @default false */
  readonly isDefault?: boolean;
  /** Type-specific settings (`jsonData`). @default - none */
  readonly jsonData?: Readonly<Record<string, unknown>>;
}

/** A dashboard provisioned from a ConfigMap. */
export interface GrafanaDashboard {
  /** File name without `.json`; letters, digits, `-`, `_` and `.`. */
  readonly name: string;
  /** The dashboard model, as Grafana exports it. */
  readonly model: GrafanaDashboardModel;
}

export interface GrafanaServerProps {
  /** Namespace of the server; must exist. */
  readonly namespace: string;
  /**
   * Name of the Deployment; also prefixes its ConfigMaps.
   * @default 'grafana'
   */
  readonly name?: string;
  /** @default 'grafana' */
  readonly serviceName?: string;
  /**
   * Labels the Deployment selects its pods by and the Service routes to; keep an existing installation's labels to
   * adopt it in place.
   * @default { app: <name> }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** @default GRAFANA_IMAGE */
  readonly image?: string;
  /**
   * Secret holding the first administrator's user name and password, supplied at apply time. Grafana reads it only
   * when it creates its database; later changes are made in Grafana.
   * @default 'grafana-admin'
   */
  readonly adminSecretName?: string;
  /** Key of the user name in that Secret. @default 'admin-user' */
  readonly adminUserKey?: string;
  /** Key of the password in that Secret. @default 'admin-password' */
  readonly adminPasswordKey?: string;
  /** @default - none */
  readonly datasources?: readonly GrafanaDatasource[];
  /** @default - none */
  readonly dashboards?: readonly GrafanaDashboard[];
  /**
   * Where Grafana keeps its database and plugins, e.g. an NfsVolume. The directory must be writable by user 472.
   * @default - an emptyDir: users, settings and UI changes are lost whenever the pod is replaced
   */
  readonly storage?: PersistentStorage;
  /** @default 'ClusterIP' */
  readonly serviceType?: 'ClusterIP' | 'NodePort';
  /** Only with serviceType NodePort. @default - assigned by Kubernetes */
  readonly nodePort?: number;
  /** Host name of an Ingress that publishes the UI. @default - no Ingress */
  readonly ingressHost?: string;
  /** The cluster's ingress layer that publishes it; required with `ingressHost`. @default - none */
  readonly frontend?: IngressFrontend;
  /** @default { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' } */
  readonly resources?: ResourceProps;
}

/**
 * A Grafana server whose datasources and dashboards are provisioned from ConfigMaps through Grafana's provisioning
 * files (no API calls after start), with the administrator's credentials from a Secret supplied at apply time.
 * Reusable: the cluster's monitoring builds one, the OpenFx layer another (`grafana-core`).
 */
export class GrafanaServer extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly adminSecret: SuppliedSecret;
  /** The provisioned datasources, with their uids filled in. */
  public readonly datasources: ReadonlyArray<GrafanaDatasource & { readonly uid: string }>;

  constructor(scope: Construct, id: string, props: GrafanaServerProps) {
    super(scope, id);
    this.name = props.name ?? 'grafana';
    this.namespace = props.namespace;
    const owner = `Grafana '${this.name}'`;
    const serviceType = props.serviceType ?? 'ClusterIP';
    const dashboards = props.dashboards ?? [];
    if (!DNS_LABEL.test(this.name) || this.name.length > 40) {
      throw new Error(`${owner}: 'name' must be a DNS label of at most 40 characters, as it prefixes ConfigMap names (got ${JSON.stringify(this.name)})`);
    }
    if (props.nodePort !== undefined && serviceType !== 'NodePort') {
      throw new Error(`${owner}: 'nodePort' (${props.nodePort}) needs serviceType NodePort (got ${serviceType})`);
    }
    if ((props.ingressHost === undefined) !== (props.frontend === undefined)) {
      throw new Error(`${owner}: 'ingressHost' and 'frontend' must be set together (got ${JSON.stringify(props.ingressHost)} and ${props.frontend ? 'a frontend' : 'none'})`);
    }
    this.datasources = (props.datasources ?? []).map((source) => ({ ...source, uid: source.uid ?? defaultUid(source.name) }));
    checkUnique(owner, 'datasources', this.datasources.map((source) => source.name));
    checkUnique(owner, 'datasources', this.datasources.map((source) => source.uid));
    if (this.datasources.filter((source) => source.isDefault).length > 1) {
      throw new Error(`${owner}: more than one datasource sets 'isDefault' (${this.datasources.filter((source) => source.isDefault).map((source) => source.name).join(', ')})`);
    }
    for (const board of dashboards) {
      if (!CONFIG_MAP_KEY.test(board.name)) {
        throw new Error(`${owner}: dashboard name ${JSON.stringify(board.name)} must consist of letters, digits, '-', '_' and '.'`);
      }
    }
    checkUnique(owner, 'dashboards', dashboards.map((board) => board.name));

    const identity = { appName: 'grafana', component: 'server' };
    const labels = componentLabels(identity);
    const adminUserKey = props.adminUserKey ?? 'admin-user';
    const adminPasswordKey = props.adminPasswordKey ?? 'admin-password';
    this.adminSecret = new SuppliedSecret(this, 'AdminSecret', {
      name: props.adminSecretName ?? 'grafana-admin',
      namespace: this.namespace,
      keys: { [adminUserKey]: 'user name of the first Grafana administrator', [adminPasswordKey]: 'password of the first Grafana administrator' },
      purpose: `administrator credentials of Grafana '${this.name}', read when it creates its database`,
    });

    const configMaps: Array<{ id: string; name: string; data: Record<string, string>; mountPath: string }> = [
      {
        id: 'Datasources',
        name: `${this.name}-datasources`,
        mountPath: `${PROVISIONING_DIR}/datasources`,
        data: {
          'datasources.yaml': toYaml({
            apiVersion: 1,
            datasources: this.datasources.map((source) => ({
              name: source.name,
              uid: source.uid,
              type: source.type,
              access: 'proxy',
              url: source.url,
              isDefault: source.isDefault ?? false,
              editable: false,
              ...(source.jsonData ? { jsonData: { ...source.jsonData } } : {}),
            })),
          }),
        },
      },
      {
        id: 'DashboardProviders',
        name: `${this.name}-dashboard-providers`,
        mountPath: `${PROVISIONING_DIR}/dashboards`,
        data: {
          'dashboards.yaml': toYaml({
            apiVersion: 1,
            providers: [
              {
                name: 'hanok',
                orgId: 1,
                folder: '',
                type: 'file',
                disableDeletion: true,
                allowUiUpdates: false,
                updateIntervalSeconds: 60,
                options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: false },
              },
            ],
          }),
        },
      },
      {
        id: 'Dashboards',
        name: `${this.name}-dashboards`,
        mountPath: DASHBOARDS_DIR,
        data: Object.fromEntries(dashboards.map((board) => [`${board.name}.json`, `${JSON.stringify(board.model, null, 2)}\n`])),
      },
    ];
    const checksum = createHash('sha256');
    for (const configMap of configMaps) {
      const size = Object.entries(configMap.data).reduce((total, [key, value]) => total + key.length + Buffer.byteLength(value), 0);
      if (size > CONFIG_MAP_LIMIT) {
        throw new Error(`${owner}: ConfigMap '${configMap.name}' would hold ${size} bytes, above the API server's limit of ${CONFIG_MAP_LIMIT}; provision fewer or smaller dashboards`);
      }
      new k8s.KubeConfigMap(this, configMap.id, { metadata: { name: configMap.name, namespace: this.namespace, labels }, data: configMap.data });
      checksum.update(JSON.stringify(configMap.data));
    }

    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: this.adminSecret.secretName, key } } });
    const probe: k8s.Probe = { httpGet: { path: '/api/health', port: k8s.IntOrString.fromString('http') } };
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: this.name,
      namespace: this.namespace,
      selectorLabels: props.selectorLabels,
      // The SQLite database has one writer.
      strategy: 'Recreate',
      podSecurityContext: { fsGroup: GRAFANA_UID },
      containers: [
        {
          name: 'grafana',
          image: props.image ?? GRAFANA_IMAGE,
          ports: [{ name: 'http', containerPort: GRAFANA_PORT, protocol: 'TCP' }],
          env: [
            secretEnv('GF_SECURITY_ADMIN_USER', adminUserKey),
            secretEnv('GF_SECURITY_ADMIN_PASSWORD', adminPasswordKey),
            { name: 'GF_PATHS_DATA', value: DATA_DIR },
            // The root file system is read-only: log to the console only.
            { name: 'GF_LOG_MODE', value: 'console' },
            // Air-gapped sites: no calls home.
            { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
            { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
            { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
            { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
          ],
          readinessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
          // Database migrations on first start can take a while on NFS.
          livenessProbe: { ...probe, initialDelaySeconds: 60, periodSeconds: 15, failureThreshold: 10 },
          resources: props.resources ?? { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID },
          volumeMounts: [
            { name: 'data', mountPath: DATA_DIR },
            TMP_MOUNT,
            ...configMaps.map((configMap) => ({ name: configMap.name, mountPath: configMap.mountPath, readOnly: true })),
          ],
        },
      ],
      volumes: [
        props.storage ? { name: 'data', persistentVolumeClaim: { claimName: props.storage.claimName } } : { name: 'data', emptyDir: {} },
        TMP_VOLUME,
        ...configMaps.map((configMap) => ({ name: configMap.name, configMap: { name: configMap.name } })),
      ],
    });
    this.deployment = deployment;
    // Grafana reads datasource provisioning only at start, so a change restarts the pod.
    deployment.apiObject.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'checksum/provisioning': checksum.digest('hex') }));

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: props.serviceName ?? 'grafana',
      target: deployment,
      type: serviceType,
      ports: [{ name: 'http', port: GRAFANA_PORT, targetPort: 'http', nodePort: props.nodePort }],
    });

    if (props.ingressHost && props.frontend) {
      new AppIngress(this, 'Ingress', {
        ...identity,
        name: this.name,
        host: props.ingressHost,
        frontend: props.frontend,
        service: this.service,
        port: GRAFANA_PORT,
      });
    }
  }
}

function defaultUid(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'datasource';
}

function checkUnique(owner: string, what: string, names: readonly string[]): void {
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new Error(`${owner}: '${what}' lists '${duplicate}' twice`);
  }
}

function toYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });
}
