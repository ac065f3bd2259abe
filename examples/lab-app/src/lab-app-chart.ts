import { Construct } from 'constructs';
import {
  AppDeployment,
  AppIngress,
  AppService,
  HanokChart,
  IngressFrontend,
  IntOrString,
  RESTRICTED_SECURITY_CONTEXT,
  SuppliedSecret,
  TMP_MOUNT,
  TMP_VOLUME,
} from 'hanok';

/**
 * nginx built to run as an unprivileged user (uid 101) on port 8080. Pinned by version tag, as hanok pins its own images;
 * a site adds a digest with `spec.images.overrides[].digest`.
 */
export const LAB_APP_IMAGE = 'nginxinc/nginx-unprivileged:1.28.0-alpine';
const PORT = 8080;

export interface LabAppChartProps {
  /** Namespace the app runs in; the chart creates it. */
  readonly namespace: string;
  /** Host name the app is published at, through the cluster's ingress. */
  readonly host: string;
  /** @default 2 */
  readonly replicas?: number;
  /** How the cluster publishes hosts: hanok's ingress layer (its Gateway) or the site's controller. */
  readonly frontend: IngressFrontend;
}

/**
 * A small web application beside hanok's layers: a Deployment, its Service and a route on the cluster's ingress.
 * Its API token is a Secret the operator supplies at apply time, so it appears in secrets.example and never in git.
 */
export class LabAppChart extends HanokChart {
  public readonly deployment: AppDeployment;
  public readonly service: AppService;

  constructor(scope: Construct, id: string, props: LabAppChartProps) {
    super(scope, id, { layer: 'lab-app' });
    this.addNamespace(props.namespace);
    const identity = { appName: 'lab-app', component: 'web' };
    const token = new SuppliedSecret(this, 'ApiToken', {
      name: 'lab-app-api',
      namespace: props.namespace,
      keys: { token: 'the token the app sends to the lab API' },
      purpose: 'lab-app: token for the lab API',
    });
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'lab-app',
      namespace: props.namespace,
      replicas: props.replicas ?? 2,
      containers: [
        {
          name: 'web',
          image: LAB_APP_IMAGE,
          ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
          env: [{ name: 'LAB_API_TOKEN', valueFrom: { secretKeyRef: { name: token.secretName, key: 'token' } } }],
          readinessProbe: { httpGet: { path: '/', port: IntOrString.fromString('http') }, periodSeconds: 10 },
          livenessProbe: { httpGet: { path: '/', port: IntOrString.fromString('http') }, initialDelaySeconds: 10, periodSeconds: 20 },
          resources: { cpu: '50m', memory: '64Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 101, runAsGroup: 101 },
          // nginx writes its pid file and temporary files below /tmp; the root file system stays read-only.
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });
    this.service = new AppService(this, 'Service', {
      ...identity,
      name: 'lab-app',
      target: this.deployment,
      ports: [{ name: 'http', port: PORT, targetPort: 'http' }],
    });
    new AppIngress(this, 'Route', {
      ...identity,
      name: 'lab-app',
      host: props.host,
      frontend: props.frontend,
      service: this.service,
      port: PORT,
    });
  }
}
