import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { ROOT_WITHOUT_CAPABILITIES, TMP_MOUNT, TMP_VOLUME } from './container';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { AppService } from './app-service';
import { IngressFrontend } from './ingress-frontend';
import { ComponentIdentity } from './labels';
import { NfsExport, NfsVolume } from './nfs-volume';
import { PrivateRegistry } from './private-registry';
import { SuppliedSecret } from './supplied-secret';
import { REGISTRY_IMAGE } from '../versions/images';

const REGISTRY_PORT = 5000;
const TLS_MOUNT = '/etc/distribution/tls';

export interface DockerRegistryProps {
  /** Namespace of the registry; must exist. */
  readonly namespace: string;
  /** Host name the route serves, e.g. `registry.localtest.com`. */
  readonly host: string;
  /** The cluster's ingress layer that publishes the registry. */
  readonly frontend: IngressFrontend;
  /**
   * A `kubernetes.io/tls` Secret, supplied at apply time in the registry's namespace, whose certificate the
   * registry serves itself; the route passes TLS through (a Gateway) or terminates it with the same certificate
   * (an Ingress).
   * @default - the registry speaks plain HTTP (only for `insecure` registries)
   */
  readonly tlsSecretName?: string;
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

    const tls = props.tlsSecretName !== undefined;
    const portName = tls ? 'https' : 'http';
    if (tls) {
      new SuppliedSecret(this, 'TlsSecret', {
        name: props.tlsSecretName!,
        namespace: props.namespace,
        type: 'kubernetes.io/tls',
        keys: { 'tls.crt': `PEM certificate chain for ${props.host}, signed by the CA in spec.registry.tls.caFile`, 'tls.key': 'PEM private key of that certificate' },
        purpose: `the certificate the registry ${props.host} serves (spec.registry.tls)`,
      });
    }
    const probe: k8s.Probe = { httpGet: { path: '/v2/', port: k8s.IntOrString.fromString(portName), scheme: tls ? 'HTTPS' : 'HTTP' } };
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'docker-registry',
      namespace: props.namespace,
      selectorLabels: { app: 'docker-registry' },
      containers: [
        {
          name: 'docker-registry',
          image: props.image ?? REGISTRY_IMAGE,
          ports: [{ name: portName, containerPort: REGISTRY_PORT, protocol: 'TCP' }],
          env: [
            { name: 'REGISTRY_HTTP_ADDR', value: `:${REGISTRY_PORT}` },
            ...(tls
              ? [
                { name: 'REGISTRY_HTTP_TLS_CERTIFICATE', value: `${TLS_MOUNT}/tls.crt` },
                { name: 'REGISTRY_HTTP_TLS_KEY', value: `${TLS_MOUNT}/tls.key` },
              ]
              : []),
          ],
          volumeMounts: [
            { name: 'registry-data', mountPath: '/var/lib/registry' },
            TMP_MOUNT,
            ...(tls ? [{ name: 'tls', mountPath: TLS_MOUNT, readOnly: true }] : []),
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
        TMP_VOLUME,
        ...(tls ? [{ name: 'tls', secret: { secretName: props.tlsSecretName!, defaultMode: 0o440 } }] : []),
      ],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: 'svc-docker-registry',
      target: deployment,
      ports: [{ name: portName, port: REGISTRY_PORT, targetPort: portName }],
    });

    new AppIngress(this, 'Ingress', {
      ...identity,
      name: 'ingress-docker-registry',
      host: props.host,
      frontend: props.frontend,
      service: this.service,
      port: REGISTRY_PORT,
      backendProtocol: tls ? 'HTTPS' : 'HTTP',
      tlsSecretName: props.tlsSecretName,
      // Image layers are large; nginx's default 1m body limit would reject pushes. Traefik sets no limit, and a
      // TLS passthrough never looks at the body.
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' },
    });
  }
}
