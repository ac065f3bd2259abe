import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ResourceProps } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { METALLB_CONTROLLER_IMAGE } from '../versions/images';

const MONITORING_PORT = 7472;
/** The health server of both components since 0.16 (`/healthz`, `/readyz`); separate from the TLS-only metrics port. */
export const METALLB_HEALTH_PORT = 17472;
const WEBHOOK_PORT = 9443;
/** The Secret the controller keeps its webhook serving certificate in; it generates and rotates the certificate. */
export const METALLB_WEBHOOK_CERT_SECRET = 'metallb-webhook-cert';
export const METALLB_WEBHOOK_SERVICE = 'metallb-webhook-service';

/** The custom resources MetalLB's admission webhook validates, as upstream registers them. */
const VALIDATED_RESOURCES: ReadonlyArray<{ webhook: string; resource: string; path: string; version: string; operations: string[] }> = [
  { webhook: 'bgppeersvalidationwebhook', resource: 'bgppeers', path: 'bgppeer', version: 'v1beta2', operations: ['CREATE', 'UPDATE'] },
  { webhook: 'bfdprofilevalidationwebhook', resource: 'bfdprofiles', path: 'bfdprofile', version: 'v1beta1', operations: ['CREATE', 'DELETE'] },
  { webhook: 'bgpadvertisementvalidationwebhook', resource: 'bgpadvertisements', path: 'bgpadvertisement', version: 'v1beta1', operations: ['CREATE', 'UPDATE'] },
  { webhook: 'communityvalidationwebhook', resource: 'communities', path: 'community', version: 'v1beta1', operations: ['CREATE', 'UPDATE'] },
  { webhook: 'ipaddresspoolvalidationwebhook', resource: 'ipaddresspools', path: 'ipaddresspool', version: 'v1beta1', operations: ['CREATE', 'UPDATE'] },
  { webhook: 'l2advertisementvalidationwebhook', resource: 'l2advertisements', path: 'l2advertisement', version: 'v1beta1', operations: ['CREATE', 'UPDATE'] },
];

export interface MetalLbControllerProps {
  /** Namespace of MetalLB; must exist. Upstream's is `metallb-system`. */
  readonly namespace: string;
  /** Name of the memberlist Secret the speakers share; the controller creates it when it is missing. */
  readonly memberlistSecretName: string;
  /** @default METALLB_CONTROLLER_IMAGE */
  readonly image?: string;
  /** @default - 50m CPU and 100Mi memory requested, 200Mi memory limit */
  readonly resources?: ResourceProps;
  /** @default 'info' */
  readonly logLevel?: 'all' | 'debug' | 'info' | 'warn' | 'error' | 'none';
}

/**
 * Upstream's probes of both MetalLB components since 0.16: `/healthz` (liveness) and `/readyz` (readiness) of the
 * health server. The speaker, in the host network, serves it on 127.0.0.1 only, so its probes name that host.
 */
export function metalLbHealthProbe(path: '/healthz' | '/readyz', host?: string): k8s.Probe {
  return {
    httpGet: { host, path, port: k8s.IntOrString.fromNumber(METALLB_HEALTH_PORT) },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

/**
 * MetalLB's controller: assigns addresses from the IPAddressPools to LoadBalancer Services and validates MetalLB's
 * custom resources through an admission webhook whose certificate it manages itself. Names, labels and RBAC
 * follow metallb-native.yaml, so an installation made from it is adopted in place.
 */
export class MetalLbController extends Construct {
  public readonly deployment: AppDeployment;
  public readonly webhookService: AppService;
  public readonly serviceAccountName = 'controller';

  constructor(scope: Construct, id: string, props: MetalLbControllerProps) {
    super(scope, id);
    const namespace = props.namespace;
    const identity: ComponentIdentity = { appName: 'metallb', component: 'controller' };
    const labels = componentLabels(identity);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace, labels },
    });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: 'controller', namespace, labels },
      rules: roleRules(props.memberlistSecretName),
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: 'controller', namespace, labels },
      roleRef: roleRef('controller'),
      subjects: [serviceAccountSubject(this.serviceAccountName, namespace)],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'metallb-system:controller', labels },
      rules: clusterRules(),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'metallb-system:controller', labels },
      roleRef: clusterRoleRef('metallb-system:controller'),
      subjects: [serviceAccountSubject(this.serviceAccountName, namespace)],
    });

    // Created empty, as upstream does: the controller writes the generated certificate into it.
    new k8s.KubeSecret(this, 'WebhookCert', {
      metadata: { name: METALLB_WEBHOOK_CERT_SECRET, namespace, labels: componentLabels({ ...identity, component: 'webhook' }) },
    });

    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'controller',
      namespace,
      selectorLabels: { app: 'metallb', component: 'controller' },
      serviceAccountName: this.serviceAccountName,
      apiAccess: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 },
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'controller',
          image: props.image ?? METALLB_CONTROLLER_IMAGE,
          args: [`--port=${MONITORING_PORT}`, `--log-level=${props.logLevel ?? 'info'}`, '--tls-min-version=VersionTLS12'],
          env: [
            { name: 'METALLB_ML_SECRET_NAME', value: props.memberlistSecretName },
            { name: 'METALLB_DEPLOYMENT', value: 'controller' },
          ],
          ports: [
            { name: 'monitoring', containerPort: MONITORING_PORT },
            { name: 'webhook-server', containerPort: WEBHOOK_PORT, protocol: 'TCP' },
          ],
          livenessProbe: metalLbHealthProbe('/healthz'),
          readinessProbe: metalLbHealthProbe('/readyz'),
          volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
          resources: props.resources ?? { cpu: '50m', memory: '100Mi', memoryLimit: '200Mi' },
        },
      ],
      volumes: [{ name: 'cert', secret: { secretName: METALLB_WEBHOOK_CERT_SECRET, defaultMode: 0o644 } }],
    });

    // Upstream's Service selects on `component: controller` alone; keeping it keeps the adopted object unchanged.
    this.webhookService = new AppService(this, 'WebhookService', {
      ...identity,
      component: 'webhook',
      name: METALLB_WEBHOOK_SERVICE,
      target: { namespace, selectorLabels: { component: 'controller' } },
      ports: [{ name: 'webhook', port: 443, targetPort: WEBHOOK_PORT }],
    });

    // The controller injects its CA into this configuration at runtime; until it is ready, MetalLB resources
    // cannot be created (failurePolicy Fail, as upstream).
    new k8s.KubeValidatingWebhookConfiguration(this, 'Webhooks', {
      metadata: { name: 'metallb-webhook-configuration', labels: componentLabels({ ...identity, component: 'webhook' }) },
      webhooks: VALIDATED_RESOURCES.map((entry) => ({
        name: `${entry.webhook}.metallb.io`,
        admissionReviewVersions: ['v1'],
        clientConfig: {
          service: { name: METALLB_WEBHOOK_SERVICE, namespace, path: `/validate-metallb-io-${entry.version}-${entry.path}` },
        },
        failurePolicy: 'Fail',
        sideEffects: 'None',
        rules: [{ apiGroups: ['metallb.io'], apiVersions: [entry.version], operations: entry.operations, resources: [entry.resource] }],
      })),
    });
  }
}

function readMetalLb(resources: string[], verbs = ['get', 'list', 'watch']): k8s.PolicyRule[] {
  return resources.map((resource) => ({ apiGroups: ['metallb.io'], resources: [resource], verbs }));
}

/** Upstream's Role in the controller's namespace: the memberlist and webhook Secrets, and MetalLB's configuration. */
function roleRules(memberlistSecretName: string): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: [memberlistSecretName], verbs: ['list'] },
    { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['controller'], verbs: ['get'] },
    ...readMetalLb(['bgppeers'], ['get', 'list']),
    ...readMetalLb(['bfdprofiles', 'ipaddresspools', 'bgpadvertisements', 'l2advertisements', 'communities']),
  ];
}

/**
 * Upstream's ClusterRole. It also lets the controller `use` a PodSecurityPolicy; that API was removed in Kubernetes
 * 1.25, so the rule is left out.
 */
function clusterRules(): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['services', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
    { apiGroups: [''], resources: ['services/status'], verbs: ['update'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
      resourceNames: ['metallb-webhook-configuration'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    },
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
      verbs: ['list', 'watch'],
    },
    {
      apiGroups: ['apiextensions.k8s.io'],
      resources: ['customresourcedefinitions'],
      resourceNames: [
        'bfdprofiles.metallb.io',
        'bgpadvertisements.metallb.io',
        'bgppeers.metallb.io',
        'ipaddresspools.metallb.io',
        'l2advertisements.metallb.io',
        'communities.metallb.io',
        'configurationstates.metallb.io',
      ],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list', 'watch'] },
    // 0.16: the controller reports whether it accepted the configuration in a ConfigurationState.
    { apiGroups: ['metallb.io'], resources: ['configurationstates'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: ['metallb.io'], resources: ['configurationstates/status'], verbs: ['get', 'patch', 'update'] },
    // 0.16 serves metrics over TLS itself and authorizes scrapers with token and access reviews.
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}
