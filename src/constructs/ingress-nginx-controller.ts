import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ResourceProps } from './container';
import { IngressController, IngressControllerIdentity, IngressControllerProps } from './ingress-controller';
import { IngressServiceType } from './ingress-controller-settings';
import { INGRESS_NGINX_CONTROLLER_IMAGE } from '../versions/images';

/** The controller value an IngressClass names for ingress-nginx (`--controller-class`). */
export const INGRESS_NGINX_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';

/** Upstream's namespace; keeping it lets an install made from upstream's deploy.yaml be adopted in place. */
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';

const NAME = 'ingress-nginx';
const CONTROLLER_NAME = 'ingress-nginx-controller';
const ELECTION_ID = 'ingress-nginx-leader';
const HEALTH_PORT = 10254;

const IDENTITY: IngressControllerIdentity = {
  owner: 'ingress-nginx',
  appName: NAME,
  component: 'controller',
  defaultNamespace: INGRESS_NGINX_NAMESPACE,
  defaultClassName: 'nginx',
  controllerClass: INGRESS_NGINX_CONTROLLER_CLASS,
};

export type { IngressServiceType };

export interface IngressNginxControllerProps extends IngressControllerProps {
  /**
   * Namespace of the controller; must exist.
   * @default 'ingress-nginx'
   */
  readonly namespace?: string;
  /**
   * Name of the IngressClass the controller serves (also `--ingress-class`).
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
  /**
   * How the controller is reached: `NodePort` on every node (upstream's bare-metal provider), or `LoadBalancer`
   * through an address allocator such as MetalLB (upstream's cloud provider: client addresses kept with
   * `externalTrafficPolicy: Local`, Ingress status published from the Service).
   * @default 'NodePort'
   */
  readonly serviceType?: IngressServiceType;
  /** @default INGRESS_NGINX_CONTROLLER_IMAGE */
  readonly image?: string;
  /**
   * CPU and memory of the controller container.
   * @default - upstream's requests (100m CPU, 90Mi memory) and a 512Mi memory limit
   */
  readonly resources?: ResourceProps;
}

/**
 * The ingress-nginx controller as upstream's static manifest for bare metal (controller-v1.12 to v1.15) installs it, without
 * the admission webhook: ServiceAccount, RBAC, ConfigMap, the IngressClass, the Deployment and its Service. Object
 * names, selector labels, RBAC rules, arguments, probes and the security context are upstream's.
 */
export class IngressNginxController extends IngressController {
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly ingressClass: k8s.KubeIngressClass;

  constructor(scope: Construct, id: string, props: IngressNginxControllerProps = {}) {
    super(scope, id, IDENTITY, props);
    const identity = this.identity;
    const labels = this.labels;
    const namespace = this.namespace;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: NAME, namespace, labels },
      automountServiceAccountToken: true,
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels },
      rules: clusterRules(),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: clusterRoleRef(NAME),
      subjects: [serviceAccountSubject(NAME, namespace)],
    });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: NAME, namespace, labels },
      rules: roleRules(),
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: NAME, namespace, labels },
      roleRef: roleRef(NAME),
      subjects: [serviceAccountSubject(NAME, namespace)],
    });
    // Empty like upstream's: the controller reads its global settings from it, so it must exist.
    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: CONTROLLER_NAME, namespace, labels },
    });
    this.ingressClass = this.addIngressClass();

    const loadBalanced = this.loadBalanced;
    const healthProbe: k8s.Probe = {
      httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(HEALTH_PORT), scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    };
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: CONTROLLER_NAME,
      namespace,
      replicas: props.replicas,
      selectorLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': NAME, 'app.kubernetes.io/name': NAME },
      serviceAccountName: NAME,
      apiAccess: true,
      dnsPolicy: 'ClusterFirst',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      // Lets /wait-shutdown drain open connections before the pod goes.
      terminationGracePeriodSeconds: 300,
      containers: [
        {
          name: 'controller',
          image: props.image ?? INGRESS_NGINX_CONTROLLER_IMAGE,
          args: [
            '/nginx-ingress-controller',
            // Only a LoadBalancer Service has an address worth writing into the Ingresses' status.
            ...(loadBalanced ? [`--publish-service=$(POD_NAMESPACE)/${CONTROLLER_NAME}`] : []),
            `--election-id=${ELECTION_ID}`,
            `--controller-class=${INGRESS_NGINX_CONTROLLER_CLASS}`,
            `--ingress-class=${this.ingressClassName}`,
            `--configmap=$(POD_NAMESPACE)/${CONTROLLER_NAME}`,
          ],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
          ],
          lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
          ports: [
            { name: 'http', containerPort: 80, protocol: 'TCP' },
            { name: 'https', containerPort: 443, protocol: 'TCP' },
          ],
          livenessProbe: { ...healthProbe, failureThreshold: 5 },
          readinessProbe: { ...healthProbe, failureThreshold: 3 },
          resources: props.resources ?? { cpu: '100m', memory: '90Mi', memoryLimit: '512Mi' },
          // Upstream's: nginx runs as www-data (101) and binds 80/443 with NET_BIND_SERVICE alone. The root file
          // system stays writable because the controller rewrites /etc/nginx on every configuration change.
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: false,
            runAsGroup: 82,
            runAsNonRoot: true,
            runAsUser: 101,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
      ],
    });

    this.service = this.addService(CONTROLLER_NAME, this.deployment, { http: 'http', https: 'https' });
  }
}

/** Upstream's ClusterRole: what the controller watches cluster-wide to build nginx's configuration. */
function clusterRules(): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], verbs: ['list', 'watch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}

/** Upstream's Role in the controller's namespace, with its leader-election Lease. */
function roleRules(): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
    { apiGroups: [''], resources: ['configmaps', 'pods', 'secrets', 'endpoints'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [ELECTION_ID], verbs: ['get', 'update'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}
