import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { IngressController, IngressControllerIdentity, IngressControllerProps } from './ingress-controller';
import { IngressServiceType } from './ingress-controller-settings';
import { TRAEFIK_IMAGE } from '../versions/images';

/** The `controllerName` of a GatewayClass whose Gateways Traefik's Gateway API provider programs. */
export const TRAEFIK_GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';

/** The controller value an IngressClass names for Traefik's Kubernetes Ingress provider. */
export const TRAEFIK_INGRESS_CONTROLLER = 'traefik.io/ingress-controller';

export const TRAEFIK_NAMESPACE = 'traefik';

const NAME = 'traefik';

const IDENTITY: IngressControllerIdentity = {
  owner: 'Traefik',
  appName: NAME,
  component: 'controller',
  defaultNamespace: TRAEFIK_NAMESPACE,
  defaultClassName: 'traefik',
  controllerClass: TRAEFIK_INGRESS_CONTROLLER,
};

/** Traefik's entry points; a Gateway listener's port must be the entry point's port. */
export const TRAEFIK_ENTRY_POINTS = { web: 8000, websecure: 8443, traefik: 8080 } as const;

export type TraefikServiceType = IngressServiceType;

export interface TraefikControllerProps extends IngressControllerProps {
  /** Namespace of the controller; must exist. @default 'traefik' */
  readonly namespace?: string;
  /** Name of the IngressClass the controller serves. @default 'traefik' */
  readonly ingressClassName?: string;
  /**
   * How the controller is reached: `NodePort` on every node, or `LoadBalancer` through an address allocator such
   * as MetalLB, whose address Traefik then writes into every Ingress's status.
   * @default 'NodePort'
   */
  readonly serviceType?: TraefikServiceType;
  /** NodePort of the HTTP port (entry point `web`). @default - assigned by Kubernetes */
  readonly httpNodePort?: number;
  /** NodePort of the HTTPS port (entry point `websecure`). @default - assigned by Kubernetes */
  readonly httpsNodePort?: number;
  /** @default TRAEFIK_IMAGE */
  readonly image?: string;
  /** CPU and memory of the proxy. @default - 100m CPU, 128Mi memory, 512Mi limit */
  readonly resources?: ResourceProps;
}

/**
 * Traefik Proxy serving both APIs the cluster's routes use: Gateway API (HTTPRoute, TLSRoute with TLS passthrough,
 * GRPCRoute, ReferenceGrant, BackendTLSPolicy) and Kubernetes Ingress, which OpenMCP's ingress controller and
 * existing manifests create. ServiceAccount, RBAC (Traefik's documented rules for both providers), the IngressClass,
 * the Deployment and its Service. Configured by arguments only (no file), with update checks and usage reports off
 * for air-gapped sites.
 */
export class TraefikController extends IngressController {
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly ingressClass: k8s.KubeIngressClass;

  constructor(scope: Construct, id: string, props: TraefikControllerProps = {}) {
    super(scope, id, IDENTITY, props);
    const identity = this.identity;
    const labels = this.labels;
    const namespace = this.namespace;
    const loadBalanced = this.loadBalanced;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace, labels }, automountServiceAccountToken: true });
    const gatewayKinds = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'referencegrants', 'backendtlspolicies'];
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['services', 'secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
        { apiGroups: ['gateway.networking.k8s.io'], resources: gatewayKinds, verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['gateway.networking.k8s.io'],
          resources: gatewayKinds.filter((kind) => kind !== 'referencegrants').map((kind) => `${kind}/status`),
          verbs: ['update'],
        },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: clusterRoleRef(NAME),
      subjects: [serviceAccountSubject(NAME, namespace)],
    });
    this.ingressClass = this.addIngressClass();

    const { web, websecure, traefik } = TRAEFIK_ENTRY_POINTS;
    const ping: k8s.Probe = { httpGet: { path: '/ping', port: k8s.IntOrString.fromString('traefik'), scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2 };
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace,
      replicas: props.replicas,
      selectorLabels: { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/instance': NAME },
      serviceAccountName: NAME,
      apiAccess: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      terminationGracePeriodSeconds: 60,
      containers: [
        {
          name: 'traefik',
          image: props.image ?? TRAEFIK_IMAGE,
          args: [
            `--entryPoints.web.address=:${web}/tcp`,
            `--entryPoints.websecure.address=:${websecure}/tcp`,
            `--entryPoints.traefik.address=:${traefik}/tcp`,
            // Ingress routers (which name no entry point) go to web and websecure only, never to the health port.
            '--entryPoints.web.asDefault=true',
            '--entryPoints.websecure.asDefault=true',
            // Since v2.11.2 an entry point cuts a request body still arriving after 60 s; a large image layer
            // pushed over HTTP takes longer. Traefik sets no body size limit of its own.
            '--entryPoints.web.transport.respondingTimeouts.readTimeout=0s',
            '--entryPoints.websecure.transport.respondingTimeouts.readTimeout=0s',
            '--ping=true',
            '--ping.entryPoint=traefik',
            '--providers.kubernetesingress=true',
            ...(loadBalanced ? [`--providers.kubernetesingress.ingressendpoint.publishedservice=${namespace}/${NAME}`] : []),
            '--providers.kubernetesgateway=true',
            ...(loadBalanced ? [`--providers.kubernetesgateway.statusaddress.service.name=${NAME}`, `--providers.kubernetesgateway.statusaddress.service.namespace=${namespace}`] : []),
            '--global.checkNewVersion=false',
            '--global.sendAnonymousUsage=false',
            '--log.level=INFO',
          ],
          ports: [
            { name: 'web', containerPort: web, protocol: 'TCP' },
            { name: 'websecure', containerPort: websecure, protocol: 'TCP' },
            { name: 'traefik', containerPort: traefik, protocol: 'TCP' },
          ],
          readinessProbe: { ...ping, failureThreshold: 1 },
          livenessProbe: { ...ping, initialDelaySeconds: 10, failureThreshold: 3 },
          resources: props.resources ?? { cpu: '100m', memory: '128Mi', memoryLimit: '512Mi' },
          // Unprivileged ports, so no capability is needed; the root file system stays read-only (plugins,
          // which would write, are not used).
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 65532, runAsGroup: 65532 },
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });

    this.service = this.addService(NAME, this.deployment, { http: 'web', https: 'websecure' });
  }
}
