import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity } from './labels';
import { NfsExport, NfsVolume } from './nfs-volume';
import { OPENMCP_NAMESPACE, OPENMCP_TOLERATIONS } from './openmcp-controller';
import { SuppliedSecret } from './supplied-secret';
import { INFLUXDB_IMAGE } from '../versions/images';
import { requireIntegerInRange } from '../kube/validate';

/** Upstream's name of the Secret with the database name and credentials. */
export const INFLUXDB_CREDENTIALS_SECRET = 'influxdb-creds';

/** The keys of that Secret, as upstream's secret_info.sh creates them. */
export const INFLUXDB_CREDENTIAL_KEYS = {
  INFLUXDB_DATABASE: 'name of the database the OpenMCP controllers write metrics to',
  INFLUXDB_USERNAME: 'InfluxDB administrator the controllers log in as (INFLUX_USERNAME)',
  INFLUXDB_PASSWORD: 'password of that administrator (INFLUX_PASSWORD)',
  INFLUXDB_HOST: 'host name of the InfluxDB service, e.g. influxdb',
} as const;

/** InfluxDB's HTTP API port. */
export const INFLUXDB_PORT = 8086;

/** The user InfluxDB runs as; the NFS directory must belong to it. */
export const INFLUXDB_UID = 1000;

const NAME = 'influxdb';

export interface OpenMcpInfluxDbProps {
  /** The NFS export that keeps the data, in `<exportPath>/influxdb`. */
  readonly nfs: NfsExport;
  /** The NodePort the controllers and members reach InfluxDB on (upstream 30003). */
  readonly nodePort: number;
  /** Namespace; must exist. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** @default INFLUXDB_IMAGE */
  readonly image?: string;
  /** Size of the NFS volume. @default '2Gi' */
  readonly storageSize?: string;
  /** Names of image pull Secrets. @default - none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * The InfluxDB that OpenMCP's metric collector fills and its analytic engine and API server read
 * (install_openmcp/master/influxdb): Deployment and NodePort Service `influxdb` (label `app: influxdb`), the
 * configuration from Secret `influxdb-creds`, data on NFS (`pv-influxdb`/`pvc-influxdb`, ReadWriteMany, Retain).
 *
 * Unlike upstream the credentials are enforced: the Secret's database and user are created at first start
 * (INFLUXDB_DB, INFLUXDB_ADMIN_USER, INFLUXDB_ADMIN_PASSWORD) and HTTP authentication is on, so the
 * INFLUX_USERNAME/INFLUX_PASSWORD the controllers get are the only way in. It runs as user 1000, so
 * `<exportPath>/influxdb` must belong to that user, and it does not mount the host's time zone.
 */
export class OpenMcpInfluxDb extends Construct {
  public readonly namespace: string;
  public readonly credentialsSecret: SuppliedSecret;
  public readonly storage: NfsVolume;
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  /** The NodePort clients outside the pod network use. */
  public readonly nodePort: number;
  /** The Service port. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: OpenMcpInfluxDbProps) {
    super(scope, id);
    requireIntegerInRange('InfluxDB', 'nodePort', props.nodePort, { min: 30000, max: 32767, what: 'an integer' });
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.nodePort = props.nodePort;
    this.port = INFLUXDB_PORT;
    const identity: ComponentIdentity = { appName: NAME, component: 'database' };

    this.credentialsSecret = new SuppliedSecret(this, 'Credentials', {
      name: INFLUXDB_CREDENTIALS_SECRET,
      namespace: this.namespace,
      keys: INFLUXDB_CREDENTIAL_KEYS,
      purpose: 'the OpenMCP metrics database and the account its controllers log in with',
    });
    this.storage = new NfsVolume(this, 'Storage', {
      appName: NAME,
      component: 'storage',
      volumeName: NAME,
      namespace: this.namespace,
      nfs: props.nfs,
      subdirectory: NAME,
      size: props.storageSize ?? '2Gi',
      accessModes: ['ReadWriteMany'],
      reclaimPolicy: 'Retain',
    });

    const secretKey = (key: keyof typeof INFLUXDB_CREDENTIAL_KEYS): k8s.EnvVarSource => ({
      secretKeyRef: { name: INFLUXDB_CREDENTIALS_SECRET, key },
    });
    const probe = (initialDelaySeconds: number): k8s.Probe => ({
      httpGet: { path: '/ping', port: k8s.IntOrString.fromString('http') },
      initialDelaySeconds,
      periodSeconds: 10,
      failureThreshold: 3,
    });
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: this.namespace,
      selectorLabels: { app: NAME },
      // One writer: the old pod must stop before the new one opens the same files.
      strategy: 'Recreate',
      imagePullSecrets: props.imagePullSecrets,
      tolerations: OPENMCP_TOLERATIONS,
      containers: [
        {
          name: NAME,
          image: props.image ?? INFLUXDB_IMAGE,
          envFrom: [{ secretRef: { name: INFLUXDB_CREDENTIALS_SECRET } }],
          env: [
            { name: 'INFLUXDB_DB', valueFrom: secretKey('INFLUXDB_DATABASE') },
            { name: 'INFLUXDB_ADMIN_USER', valueFrom: secretKey('INFLUXDB_USERNAME') },
            { name: 'INFLUXDB_ADMIN_PASSWORD', valueFrom: secretKey('INFLUXDB_PASSWORD') },
            { name: 'INFLUXDB_HTTP_AUTH_ENABLED', value: 'true' },
          ],
          ports: [{ name: 'http', containerPort: INFLUXDB_PORT, protocol: 'TCP' }],
          readinessProbe: probe(5),
          livenessProbe: probe(30),
          resources: { cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: INFLUXDB_UID, runAsGroup: INFLUXDB_UID },
          volumeMounts: [
            { name: 'data', mountPath: '/var/lib/influxdb' },
            TMP_MOUNT,
          ],
        },
      ],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: this.storage.claimName } },
        TMP_VOLUME,
      ],
    });
    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: this.deployment,
      type: 'NodePort',
      ports: [{ name: 'http', port: INFLUXDB_PORT, targetPort: 'http', nodePort: props.nodePort }],
    });
  }
}
