import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { IngressFrontend } from './ingress-frontend';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity } from './labels';
import { NfsExport, NfsVolume } from './nfs-volume';
import { SMOKE_TEST_TOMCAT_IMAGE } from '../versions/images';
import { requireIntegerInRange } from '../kube/validate';

const TOMCAT_PORT = 8080;
const CATALINA_HOME = '/usr/local/tomcat';

export interface SmokeTestTomcatProps {
  /** Namespace of the test application; must exist. */
  readonly namespace: string;
  /** The NFS export; the web applications are read from its `subdirectory`. */
  readonly nfs: NfsExport;
  /** Host name the Ingress serves, e.g. `share-storage.localtest.com`. */
  readonly host: string;
  /** The cluster's ingress layer that publishes the host. */
  readonly frontend: IngressFrontend;
  /** @default SMOKE_TEST_TOMCAT_IMAGE */
  readonly image?: string;
  /**
   * Several replicas show requests spreading over pods that all serve the same shared files.
   * @default 3
   */
  readonly replicas?: number;
  /** Directory below the export mounted as Tomcat's `webapps`. @default 'test_service' */
  readonly subdirectory?: string;
}

/**
 * The shared-storage test application of seed 002 §16: Tomcat replicas serving `webapps` from one NFS directory,
 * behind the ingress. Object names are the seed's. Put a page at `<export>/test_service/ROOT.war/test.jsp` and open
 * `http://<host>/ROOT.war/test.jsp`: the pod address changes between requests while the content stays the same.
 */
export class SmokeTestTomcat extends Construct {
  public readonly service: AppService;
  public readonly deployment: AppDeployment;

  constructor(scope: Construct, id: string, props: SmokeTestTomcatProps) {
    super(scope, id);
    const replicas = props.replicas ?? 3;
    requireIntegerInRange('Tomcat smoke test', 'replicas', replicas, { min: 1 });
    const identity: ComponentIdentity = { appName: 'test-was', component: 'smoke-test' };

    const volume = new NfsVolume(this, 'Storage', {
      appName: identity.appName,
      component: 'storage',
      volumeName: 'testwas',
      namespace: props.namespace,
      nfs: props.nfs,
      subdirectory: props.subdirectory ?? 'test_service',
      size: '1Gi',
    });

    // Tomcat writes only to logs, temp and work; the official image leaves them writable by any user.
    const scratch = ['logs', 'temp', 'work'];
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'test-was',
      namespace: props.namespace,
      replicas,
      selectorLabels: { app: 'test-was' },
      containers: [
        {
          name: 'tomcat',
          image: props.image ?? SMOKE_TEST_TOMCAT_IMAGE,
          ports: [{ name: 'http', containerPort: TOMCAT_PORT, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 10, periodSeconds: 10 },
          livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 60, periodSeconds: 20 },
          resources: { cpu: '100m', memory: '384Mi', memoryLimit: '512Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 65534, runAsGroup: 65534 },
          volumeMounts: [
            { name: 'pvc-volume', mountPath: `${CATALINA_HOME}/webapps` },
            ...scratch.map((dir) => ({ name: dir, mountPath: `${CATALINA_HOME}/${dir}` })),
            TMP_MOUNT,
          ],
        },
      ],
      volumes: [
        { name: 'pvc-volume', persistentVolumeClaim: { claimName: volume.claimName } },
        ...scratch.map((dir) => ({ name: dir, emptyDir: {} })),
        TMP_VOLUME,
      ],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: 'svc-tomcat',
      target: this.deployment,
      ports: [{ name: 'http', port: TOMCAT_PORT, targetPort: TOMCAT_PORT }],
    });

    new AppIngress(this, 'Ingress', {
      ...identity,
      name: 'ingress-test-was',
      host: props.host,
      frontend: props.frontend,
      service: this.service,
      port: TOMCAT_PORT,
    });
  }
}
