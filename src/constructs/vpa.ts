import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ResourceProps, RESTRICTED_SECURITY_CONTEXT } from './container';
import { CustomResourceDefinitions } from './custom-resource-definitions';
import { ComponentIdentity, componentLabels } from './labels';
import { SuppliedSecret } from './supplied-secret';

/**
 * The Vertical Pod Autoscaler release (kubernetes/autoscaler, vertical-pod-autoscaler/deploy at 1.7.1, its current
 * default). Supported Kubernetes: 1.28+ (InPlace, InPlaceOrRecreate and CPUStartupBoost need 1.33+), per its
 * installation guide's compatibility table. The CRDs in crds/vpa carry the 1.7 fields.
 */
export const VPA_RECOMMENDER_IMAGE = 'registry.k8s.io/autoscaling/vpa-recommender:1.7.1';
export const VPA_UPDATER_IMAGE = 'registry.k8s.io/autoscaling/vpa-updater:1.7.1';
export const VPA_ADMISSION_CONTROLLER_IMAGE = 'registry.k8s.io/autoscaling/vpa-admission-controller:1.7.1';

/** Upstream's name of the admission controller's certificate Secret, which its gencerts.sh creates. */
export const VPA_TLS_SECRET = 'vpa-tls-certs';
/** The Service the admission controller registers its webhook with. */
export const VPA_WEBHOOK_SERVICE = 'vpa-webhook';

/** The user every VPA component runs as (upstream: nobody). */
const VPA_UID = 65534;
const VPA_GROUPS = ['poc.autoscaling.k8s.io', 'autoscaling.k8s.io'];
const READ = ['get', 'list', 'watch'];

export interface VpaProps {
  /** Namespace of the components; upstream's scripts and certificates assume kube-system. @default 'kube-system' */
  readonly namespace?: string;
  /** @default VPA_RECOMMENDER_IMAGE */
  readonly recommenderImage?: string;
  /** @default VPA_UPDATER_IMAGE */
  readonly updaterImage?: string;
  /** @default VPA_ADMISSION_CONTROLLER_IMAGE */
  readonly admissionControllerImage?: string;
}

type Component = 'recommender' | 'updater' | 'admission-controller';

/**
 * The Vertical Pod Autoscaler as vertical-pod-autoscaler/deploy installs it (vpa-up.sh): the
 * verticalpodautoscalers and verticalpodautoscalercheckpoints CRDs, upstream's ClusterRoles, bindings and
 * leader-election Roles, the recommender, the updater and the admission controller with its `vpa-webhook` Service.
 * OpenMCP's hybrid autoscaler creates VerticalPodAutoscalers in member clusters.
 *
 * The admission controller registers its MutatingWebhookConfiguration itself at start, with the CA of its
 * certificate Secret `vpa-tls-certs` (keys caCert.pem, serverCert.pem, serverKey.pem; the server certificate for
 * `vpa-webhook.<namespace>.svc`), which the operator creates at apply time as upstream's gencerts.sh does. The CRDs
 * also serve the deprecated v1beta2 version, which OpenMCP's v0.0.1 HAS controller uses.
 */
export class Vpa extends Construct {
  public readonly namespace: string;
  public readonly crds: CustomResourceDefinitions;
  public readonly recommender: AppDeployment;
  public readonly updater: AppDeployment;
  public readonly admissionController: AppDeployment;
  public readonly webhookService: AppService;

  constructor(scope: Construct, id: string, props: VpaProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'kube-system';
    const namespace = this.namespace;
    this.crds = new CustomResourceDefinitions(this, 'Crds', { directory: 'vpa', appName: 'vertical-pod-autoscaler' });
    const identity = (component: Component): ComponentIdentity => ({ appName: 'vertical-pod-autoscaler', component });
    const rbacLabels = componentLabels({ appName: 'vertical-pod-autoscaler', component: 'rbac' });
    const account = (component: Component) => serviceAccountSubject(`vpa-${component}`, namespace);

    for (const component of ['admission-controller', 'recommender', 'updater'] as const) {
      new k8s.KubeServiceAccount(this, `ServiceAccount-${component}`, {
        metadata: { name: `vpa-${component}`, namespace, labels: componentLabels(identity(component)) },
      });
    }

    const clusterRole = (name: string, rules: k8s.PolicyRule[], bindingName: string, subjects: Component[]) => {
      new k8s.KubeClusterRole(this, `ClusterRole-${name}`, { metadata: { name, labels: rbacLabels }, rules });
      new k8s.KubeClusterRoleBinding(this, `ClusterRoleBinding-${bindingName}`, {
        metadata: { name: bindingName, labels: rbacLabels },
        roleRef: clusterRoleRef(name),
        subjects: subjects.map(account),
      });
    };
    clusterRole('system:metrics-reader', [{ apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] }], 'system:metrics-reader', ['recommender']);
    clusterRole(
      'system:vpa-actor',
      [
        { apiGroups: [''], resources: ['pods', 'nodes', 'limitranges'], verbs: READ },
        { apiGroups: [''], resources: ['events'], verbs: [...READ, 'create'] },
        ...VPA_GROUPS.map((group) => ({ apiGroups: [group], resources: ['verticalpodautoscalers'], verbs: [...READ, 'patch'] })),
      ],
      'system:vpa-actor',
      ['recommender', 'updater'],
    );
    clusterRole(
      'system:vpa-status-actor',
      [{ apiGroups: ['autoscaling.k8s.io'], resources: ['verticalpodautoscalers/status'], verbs: ['get', 'patch'] }],
      'system:vpa-status-actor',
      ['recommender'],
    );
    clusterRole(
      'system:vpa-checkpoint-actor',
      [
        ...VPA_GROUPS.map((group) => ({ apiGroups: [group], resources: ['verticalpodautoscalercheckpoints'], verbs: [...READ, 'create', 'patch', 'delete'] })),
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] },
      ],
      'system:vpa-checkpoint-actor',
      ['recommender'],
    );
    clusterRole(
      'system:evictioner',
      [
        { apiGroups: ['apps', 'extensions'], resources: ['replicasets'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      ],
      'system:vpa-evictioner-binding',
      ['updater'],
    );
    clusterRole(
      'system:vpa-target-reader',
      [
        { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get', 'watch'] },
        { apiGroups: [''], resources: ['replicationcontrollers'], verbs: READ },
        { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
      ],
      'system:vpa-target-reader-binding',
      ['recommender', 'admission-controller', 'updater'],
    );
    clusterRole(
      'system:vpa-admission-controller',
      [
        { apiGroups: [''], resources: ['pods', 'configmaps', 'nodes', 'limitranges'], verbs: READ },
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create', 'delete', 'get', 'list', 'patch'] },
        ...VPA_GROUPS.map((group) => ({ apiGroups: [group], resources: ['verticalpodautoscalers'], verbs: READ })),
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'update', 'get', 'list', 'watch'] },
      ],
      'system:vpa-admission-controller',
      ['admission-controller'],
    );
    clusterRole('system:vpa-status-reader', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: READ }], 'system:vpa-status-reader-binding', ['updater']);
    clusterRole(
      'system:vpa-updater-in-place',
      [{ apiGroups: [''], resources: ['pods/resize', 'pods'], verbs: ['patch'] }],
      'system:vpa-updater-in-place-binding',
      ['updater'],
    );
    for (const [component, leases] of [
      ['updater', ['vpa-updater', 'vpa-updater-lease']],
      ['recommender', ['vpa-recommender', 'vpa-recommender-lease']],
    ] as const) {
      const name = `system:leader-locking-vpa-${component}`;
      new k8s.KubeRole(this, `LeaderLockingRole-${component}`, {
        metadata: { name, namespace, labels: rbacLabels },
        rules: [
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [...leases], verbs: ['get', 'watch', 'update'] },
        ],
      });
      new k8s.KubeRoleBinding(this, `LeaderLockingRoleBinding-${component}`, {
        metadata: { name, namespace, labels: rbacLabels },
        roleRef: roleRef(name),
        subjects: [account(component)],
      });
    }

    const healthCheck = (port: string): k8s.Probe => ({
      httpGet: { path: '/health-check', port: k8s.IntOrString.fromString(port), scheme: 'HTTP' },
      periodSeconds: 10,
      failureThreshold: 3,
    });
    const workload = (component: Component, container: { name: string; image: string; ports: k8s.ContainerPort[]; resources: ResourceProps; probe: k8s.Probe }, extra: Pick<k8s.Container, 'env' | 'volumeMounts'> = {}, volumes?: k8s.Volume[]) =>
      new AppDeployment(this, component, {
        ...identity(component),
        name: `vpa-${component}`,
        namespace,
        selectorLabels: { app: `vpa-${component}` },
        serviceAccountName: `vpa-${component}`,
        apiAccess: true,
        podSecurityContext: { runAsNonRoot: true, runAsUser: VPA_UID },
        containers: [
          {
            name: container.name,
            image: container.image,
            ports: container.ports,
            readinessProbe: container.probe,
            livenessProbe: { ...container.probe, initialDelaySeconds: 5 },
            resources: container.resources,
            securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: VPA_UID },
            ...extra,
          },
        ],
        volumes,
      });
    this.recommender = workload('recommender', {
      name: 'recommender',
      image: props.recommenderImage ?? VPA_RECOMMENDER_IMAGE,
      ports: [{ name: 'prometheus', containerPort: 8942, protocol: 'TCP' }],
      resources: { cpu: '50m', memory: '500Mi', memoryLimit: '1000Mi', cpuLimit: '200m' },
      probe: healthCheck('prometheus'),
    });
    this.updater = workload('updater', {
      name: 'updater',
      image: props.updaterImage ?? VPA_UPDATER_IMAGE,
      ports: [{ name: 'prometheus', containerPort: 8943, protocol: 'TCP' }],
      resources: { cpu: '50m', memory: '500Mi', memoryLimit: '1000Mi', cpuLimit: '200m' },
      probe: healthCheck('prometheus'),
    });

    new SuppliedSecret(this, 'TlsCerts', {
      name: VPA_TLS_SECRET,
      namespace,
      keys: {
        'caCert.pem': 'CA certificate the API server trusts the webhook with (the admission controller puts it in its MutatingWebhookConfiguration)',
        'serverCert.pem': `server certificate for ${VPA_WEBHOOK_SERVICE}.${namespace}.svc, signed by that CA`,
        'serverKey.pem': 'private key of the server certificate',
      },
      purpose: 'TLS of the VPA admission webhook; upstream creates it with pkg/admission-controller/gencerts.sh',
    });
    this.admissionController = workload(
      'admission-controller',
      {
        name: 'admission-controller',
        image: props.admissionControllerImage ?? VPA_ADMISSION_CONTROLLER_IMAGE,
        ports: [
          { name: 'webhook', containerPort: 8000, protocol: 'TCP' },
          { name: 'prometheus', containerPort: 8944, protocol: 'TCP' },
        ],
        resources: { cpu: '50m', memory: '200Mi', memoryLimit: '500Mi', cpuLimit: '200m' },
        probe: { tcpSocket: { port: k8s.IntOrString.fromString('webhook') }, periodSeconds: 10, failureThreshold: 3 },
      },
      {
        // The webhook it registers names this namespace's vpa-webhook Service.
        env: [{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
        volumeMounts: [{ name: 'tls-certs', mountPath: '/etc/tls-certs', readOnly: true }],
      },
      [{ name: 'tls-certs', secret: { secretName: VPA_TLS_SECRET } }],
    );
    this.webhookService = new AppService(this, 'WebhookService', {
      ...identity('admission-controller'),
      name: VPA_WEBHOOK_SERVICE,
      target: this.admissionController,
      ports: [{ name: 'webhook', port: 443, targetPort: 'webhook' }],
    });
  }
}
