import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { IngressFrontend } from './ingress-frontend';
import { AppIngress } from './app-ingress';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './container';
import { HeadlampViewer } from './headlamp-viewer';
import { ComponentIdentity, componentLabels } from './labels';
import { HEADLAMP_IMAGE } from '../versions/images';

const NAME = 'headlamp';
const PORT = 4466;
/** The image's own user and group (USER 100:101 in its Dockerfile). */
const HEADLAMP_UID = 100;
const HEADLAMP_GID = 101;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface HeadlampProps {
  /** Host name of the route, Headlamp's only way in. */
  readonly host: string;
  /** How the cluster publishes hosts: an HTTPRoute on the Gateway, or an Ingress of the IngressClass. */
  readonly frontend: IngressFrontend;
  /**
   * Namespace; it must exist.
   * @default 'headlamp'
   */
  readonly namespace?: string;
  /** @default HEADLAMP_IMAGE */
  readonly image?: string;
  /**
   * ServiceAccount whose token people sign in with (`kubectl -n <namespace> create token <name>`). It can read the
   * cluster's objects except Secrets, and change nothing.
   * @default 'headlamp-viewer'
   */
  readonly viewerServiceAccountName?: string;
}

/**
 * Headlamp in-cluster (`-in-cluster`), published only through the cluster's route (no NodePort). Headlamp's own
 * ServiceAccount is bound to nothing: every request carries the token the user signed in with, and the token hanok
 * offers (`headlamp-viewer`) is read-only. Nothing here is bound to cluster-admin, unlike Headlamp's chart before 0.39.
 */
export class Headlamp extends Construct {
  public readonly namespace: string;
  public readonly service: AppService;
  public readonly viewerServiceAccountName: string;
  /** The read-only ClusterRole the viewer is bound to. */
  public readonly viewerClusterRoleName: string;

  constructor(scope: Construct, id: string, props: HeadlampProps) {
    super(scope, id);
    if (!HOST.test(props.host) || props.host.length > 253) {
      throw new Error(`Headlamp: 'host' must be a DNS name such as dashboard.example.org (got ${JSON.stringify(props.host)})`);
    }
    this.namespace = props.namespace ?? NAME;
    this.viewerServiceAccountName = props.viewerServiceAccountName ?? 'headlamp-viewer';
    this.viewerClusterRoleName = `${NAME}-readonly`;
    if (this.viewerServiceAccountName === NAME) {
      throw new Error(`Headlamp: 'viewerServiceAccountName' must differ from Headlamp's own ServiceAccount '${NAME}'`);
    }
    const namespace = this.namespace;
    const identity: ComponentIdentity = { appName: NAME, component: 'ui' };

    // Headlamp needs the in-cluster configuration (API server address and CA), not permissions of its own.
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace, labels: componentLabels(identity) } });

    new HeadlampViewer(this, 'Viewer', {
      namespace,
      serviceAccountName: this.viewerServiceAccountName,
      clusterRoleName: this.viewerClusterRoleName,
    });

    const probe: k8s.Probe = { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(PORT) } };
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace,
      selectorLabels: { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/instance': NAME },
      serviceAccountName: NAME,
      apiAccess: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      podSecurityContext: { runAsNonRoot: true, runAsUser: HEADLAMP_UID, runAsGroup: HEADLAMP_GID, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: NAME,
          image: props.image ?? HEADLAMP_IMAGE,
          args: ['-in-cluster', '-plugins-dir=/headlamp/plugins'],
          ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
          readinessProbe: { ...probe, periodSeconds: 10 },
          livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 20 },
          resources: { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: HEADLAMP_UID, runAsGroup: HEADLAMP_GID },
          // The root file system is read-only; Headlamp writes only temporary files.
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });
    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: deployment,
      ports: [{ name: 'http', port: 80, targetPort: PORT }],
    });
    new AppIngress(this, 'Ingress', {
      ...identity,
      name: NAME,
      host: props.host,
      frontend: props.frontend,
      service: this.service,
      port: 80,
    });
  }
}
