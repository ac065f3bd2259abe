import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { IngressFrontend } from './ingress-frontend';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { checkDashboards, GrafanaDashboard, GrafanaDatasource, GrafanaProvisioning, ProvisionedDatasource, resolveDatasources } from './grafana-provisioning';
import { componentLabels } from './labels';
import { PersistentStorage } from './prometheus-server';
import { SuppliedSecret } from './supplied-secret';
import { GRAFANA_IMAGE } from '../versions/images';
import { DNS_LABEL } from '../kube/names';

export const GRAFANA_PORT = 3000;
/** The user the grafana/grafana image runs as; the data directory must be writable by it. */
export const GRAFANA_UID = 472;

const DATA_DIR = '/var/lib/grafana';

export type { GrafanaDashboard, GrafanaDatasource };

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
  public readonly datasources: readonly ProvisionedDatasource[];

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
    this.datasources = resolveDatasources(owner, props.datasources ?? []);
    checkDashboards(owner, dashboards);

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

    const provisioning = new GrafanaProvisioning(this, 'Provisioning', {
      owner,
      name: this.name,
      namespace: this.namespace,
      labels,
      datasources: this.datasources,
      dashboards,
    });

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
          env: grafanaEnv(this.adminSecret.secretName, adminUserKey, adminPasswordKey),
          readinessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
          // Database migrations on first start can take a while on NFS.
          livenessProbe: { ...probe, initialDelaySeconds: 60, periodSeconds: 15, failureThreshold: 10 },
          resources: props.resources ?? { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID },
          volumeMounts: [
            { name: 'data', mountPath: DATA_DIR },
            TMP_MOUNT,
            ...provisioning.volumeMounts,
          ],
        },
      ],
      volumes: [
        props.storage ? { name: 'data', persistentVolumeClaim: { claimName: props.storage.claimName } } : { name: 'data', emptyDir: {} },
        TMP_VOLUME,
        ...provisioning.volumes,
      ],
    });
    this.deployment = deployment;
    // Grafana reads datasource provisioning only at start, so a change restarts the pod.
    deployment.apiObject.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'checksum/provisioning': provisioning.checksum }));

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

/** Grafana's settings: the first administrator from the supplied Secret, a read-only root, no calls home. */
function grafanaEnv(adminSecretName: string, adminUserKey: string, adminPasswordKey: string): k8s.EnvVar[] {
  const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: adminSecretName, key } } });
  return [
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
  ];
}
