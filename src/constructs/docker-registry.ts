import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { ROOT_WITHOUT_CAPABILITIES } from './container';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { AppService } from './app-service';
import { ComponentIdentity } from './labels';
import { NfsExport, NfsVolume } from './nfs-volume';
import { PrivateRegistry } from './private-registry';

export const REGISTRY_IMAGE = 'registry:2.8.3';
const REGISTRY_PORT = 5000;

export interface DockerRegistryProps {
  /** Namespace of the registry; must exist. */
  readonly namespace: string;
  /** Host name the Ingress serves, e.g. `registry.localtest.com`. */
  readonly host: string;
  /** IngressClass of the cluster's ingress controller. */
  readonly ingressClassName: string;
  /** The NFS export; images are stored in its `docker_registry` directory. */
  readonly nfs: NfsExport;
  /** Pull Secret name other layers use for images in this registry. */
  readonly pullSecretName: string;
  /** @default REGISTRY_IMAGE */
  readonly image?: string;
  /** Size of the image store. @default '10Gi' */
  readonly storageSize?: string;
}

/**
 * The private image registry of seed 002 §15: Docker Distribution storing images on NFS, published through the
 * ingress. Object names are the seed's, so a registry installed by hand is adopted in place.
 */
export class DockerRegistry extends Construct {
  /** How other layers reach this registry. */
  public readonly registry: PrivateRegistry;
  public readonly service: AppService;

  constructor(scope: Construct, id: string, props: DockerRegistryProps) {
    super(scope, id);
    const identity: ComponentIdentity = { appName: 'docker-registry', component: 'registry' };
    this.registry = new PrivateRegistry({ host: props.host, pullSecretName: props.pullSecretName });

    const volume = new NfsVolume(this, 'Storage', {
      appName: identity.appName,
      component: 'storage',
      volumeName: 'docker-registry',
      namespace: props.namespace,
      nfs: props.nfs,
      subdirectory: 'docker_registry',
      size: props.storageSize ?? '10Gi',
    });

    const probe: k8s.Probe = { httpGet: { path: '/v2/', port: k8s.IntOrString.fromString('http') } };
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'docker-registry',
      namespace: props.namespace,
      selectorLabels: { app: 'docker-registry' },
      containers: [
        {
          name: 'docker-registry',
          image: props.image ?? REGISTRY_IMAGE,
          ports: [{ name: 'http', containerPort: REGISTRY_PORT, protocol: 'TCP' }],
          env: [{ name: 'REGISTRY_HTTP_ADDR', value: `:${REGISTRY_PORT}` }],
          volumeMounts: [
            { name: 'registry-data', mountPath: '/var/lib/registry' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
          readinessProbe: { ...probe, periodSeconds: 10 },
          livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 },
          resources: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
          // The image store on NFS is owned by root (the export uses no_root_squash), so the registry keeps the
          // image's root user; everything else stays restricted.
          securityContext: ROOT_WITHOUT_CAPABILITIES,
        },
      ],
      volumes: [
        { name: 'registry-data', persistentVolumeClaim: { claimName: volume.claimName } },
        { name: 'tmp', emptyDir: {} },
      ],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: 'svc-docker-registry',
      target: deployment,
      ports: [{ name: 'http', port: REGISTRY_PORT, targetPort: 'http' }],
    });

    new AppIngress(this, 'Ingress', {
      ...identity,
      name: 'ingress-docker-registry',
      host: props.host,
      ingressClassName: props.ingressClassName,
      service: this.service,
      port: REGISTRY_PORT,
      // Image layers are large; nginx's default 1m body limit would reject pushes.
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' },
    });
  }
}
