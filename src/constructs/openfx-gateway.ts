import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { PrivateRegistry } from './private-registry';
import { OPENFX_PULL_POLICIES, OpenFxPullPolicy } from '../versions/component-options';
import { OPENFX_GATEWAY_IMAGE } from '../versions/images';

/** The gateway's one port: gRPC and the REST gateway (with `/metrics`) multiplexed (upstream server.go, `PORT`). */
export const OPENFX_GATEWAY_PORT = 10000;

const NAME = 'fxgateway';
/**
 * The upstream image declares its user by name (`USER app`), which the kubelet cannot check against runAsNonRoot;
 * the gateway reads only its own binary and needs no file of its own, so it runs as nobody.
 */
const GATEWAY_UID = 65534;

/**
 * The upstream Role (deploy/yaml/rbac.yml) in current API groups: Deployments moved from the removed `extensions`
 * group to `apps`. Nothing else is granted.
 */
export const OPENFX_GATEWAY_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
  { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
];

export interface OpenFxGatewayProps {
  /** The registry the gateway's image and the functions' images come from, with its pull Secret. */
  readonly registry: PrivateRegistry;
  /**
   * Namespace of the gateway; must exist.
   * @default 'openfx'
   */
  readonly namespace?: string;
  /**
   * Namespace the gateway deploys functions to (`FUNCTION_NAMESPACE`); must exist and differ from `namespace`.
   * @default 'openfx-fn'
   */
  readonly functionNamespace?: string;
  /** @default - the registry's `fxgateway:0.1.0` */
  readonly image?: string;
  /**
   * Pull policy of the function pods the gateway creates (`IMAGE_PULL_POLICY`). The gateway's own container always
   * uses IfNotPresent. `Always` makes every function start depend on the registry.
   * @default 'IfNotPresent'
   */
  readonly functionImagePullPolicy?: OpenFxPullPolicy;
  /**
   * NodePort of the gateway Service (upstream 31113).
   * @default - assigned by Kubernetes
   */
  readonly nodePort?: number;
  /**
   * @default { cpu: '100m', memory: '250Mi' } - upstream's 250Mi, request equal to limit
   */
  readonly resources?: ResourceProps;
}

/**
 * The OpenFx API gateway (upstream deploy/yaml/gateway-dep.yml, gateway-svc.yml, rbac.yml): the `fxgateway`
 * ServiceAccount, Deployment and NodePort Service in the control-plane namespace, and in the function namespace the
 * Role and RoleBinding that let it manage functions there, plus the namespace's `default` ServiceAccount carrying the
 * registry pull Secret, so the function pods the gateway creates (which name no pull Secret) can pull their images.
 */
export class OpenFxGateway extends Construct {
  public readonly namespace: string;
  public readonly functionNamespace: string;
  public readonly image: string;
  public readonly port = OPENFX_GATEWAY_PORT;
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly role: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: OpenFxGatewayProps) {
    super(scope, id);
    this.namespace = props.namespace ?? 'openfx';
    this.functionNamespace = props.functionNamespace ?? 'openfx-fn';
    const pullPolicy = props.functionImagePullPolicy ?? 'IfNotPresent';
    const owner = 'OpenFx gateway';
    if (this.functionNamespace === this.namespace) {
      throw new Error(`${owner}: 'functionNamespace' must differ from 'namespace' (both ${JSON.stringify(this.namespace)}), so function pods get none of the gateway's permissions`);
    }
    if (!OPENFX_PULL_POLICIES.includes(pullPolicy)) {
      throw new Error(`${owner}: 'functionImagePullPolicy' must be one of ${OPENFX_PULL_POLICIES.join(', ')} (got ${JSON.stringify(pullPolicy)})`);
    }
    this.image = props.image ?? props.registry.image(OPENFX_GATEWAY_IMAGE.repository, OPENFX_GATEWAY_IMAGE.tag);

    const identity: ComponentIdentity = { appName: 'openfx', component: 'gateway' };
    const labels = componentLabels(identity);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: this.namespace, labels } });
    this.role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: 'fxgateway-role', namespace: this.functionNamespace, labels },
      rules: OPENFX_GATEWAY_RULES.map((rule) => ({ ...rule })),
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: 'fxgateway-fn-access', namespace: this.functionNamespace, labels },
      roleRef: roleRef(this.role.name),
      subjects: [serviceAccountSubject(NAME, this.namespace)],
    });
    // What the pods the gateway creates run as: the pull Secret for their images, and no API token.
    new k8s.KubeServiceAccount(this, 'FunctionServiceAccount', {
      metadata: { name: 'default', namespace: this.functionNamespace, labels: componentLabels({ appName: 'openfx', component: 'functions' }) },
      imagePullSecrets: props.registry.pullSecretsIn(this, this.functionNamespace).map((name) => ({ name })),
      automountServiceAccountToken: false,
    });

    const port = k8s.IntOrString.fromString('gateway');
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: this.namespace,
      selectorLabels: { app: NAME },
      serviceAccountName: NAME,
      // It creates and watches function Deployments, Services and autoscalers through the API.
      apiAccess: true,
      imagePullSecrets: props.registry.pullSecretsIn(this, this.namespace),
      containers: [
        {
          name: NAME,
          image: this.image,
          env: [
            { name: 'FUNCTION_NAMESPACE', value: this.functionNamespace },
            { name: 'IMAGE_PULL_POLICY', value: pullPolicy },
          ],
          ports: [{ name: 'gateway', containerPort: OPENFX_GATEWAY_PORT, protocol: 'TCP' }],
          // gRPC and HTTP share the port; a TCP check does not depend on either protocol.
          readinessProbe: { tcpSocket: { port }, initialDelaySeconds: 5, periodSeconds: 10 },
          livenessProbe: { tcpSocket: { port }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
          resources: props.resources ?? { cpu: '100m', memory: '250Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: GATEWAY_UID, runAsGroup: GATEWAY_UID },
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: this.deployment,
      type: 'NodePort',
      ports: [{ name: 'gateway', port: OPENFX_GATEWAY_PORT, targetPort: 'gateway', nodePort: props.nodePort }],
    });
  }
}
