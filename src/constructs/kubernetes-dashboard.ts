import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { IngressFrontend } from './ingress-frontend';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT } from './container';
import { ComponentIdentity, componentLabels } from './labels';

export const KUBERNETES_DASHBOARD_IMAGE = 'kubernetesui/dashboard:v2.7.0';
export const DASHBOARD_METRICS_SCRAPER_IMAGE = 'kubernetesui/metrics-scraper:v1.0.8';

const NAME = 'kubernetes-dashboard';
const SCRAPER = 'dashboard-metrics-scraper';
const DASHBOARD_PORT = 8443;
const SCRAPER_PORT = 8000;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface KubernetesDashboardProps {
  /** Host name of the Ingress, the only way in. */
  readonly host: string;
  /** The cluster's ingress layer; the dashboard serves only HTTPS, so its route is a TLS passthrough (or an Ingress to an HTTPS backend). */
  readonly frontend: IngressFrontend;
  /**
   * Namespace; it must exist. The dashboard finds its own Secrets and settings there (`--namespace`).
   * @default 'kubernetes-dashboard'
   */
  readonly namespace?: string;
  /** @default KUBERNETES_DASHBOARD_IMAGE */
  readonly image?: string;
  /** @default DASHBOARD_METRICS_SCRAPER_IMAGE */
  readonly metricsScraperImage?: string;
  /**
   * ServiceAccount whose token people sign in with (`kubectl -n <namespace> create token <name>`). It can read the
   * cluster's objects except Secrets, and change nothing.
   * @default 'dashboard-viewer'
   */
  readonly viewerServiceAccountName?: string;
}

/**
 * Kubernetes Dashboard v2.7.0 (kubernetes/dashboard `aio/deploy/recommended.yaml`, seed 003), with upstream's object
 * names and selectors, published only through the ingress (no NodePort). Sign-in uses a read-only ServiceAccount;
 * nothing here is bound to cluster-admin.
 */
export class KubernetesDashboard extends Construct {
  public readonly namespace: string;
  public readonly service: AppService;
  public readonly viewerServiceAccountName: string;
  /** The read-only ClusterRole the viewer is bound to. */
  public readonly viewerClusterRoleName: string;

  constructor(scope: Construct, id: string, props: KubernetesDashboardProps) {
    super(scope, id);
    if (!HOST.test(props.host) || props.host.length > 253) {
      throw new Error(`Kubernetes Dashboard: 'host' must be a DNS name such as dashboard.example.org (got ${JSON.stringify(props.host)})`);
    }
    this.namespace = props.namespace ?? NAME;
    this.viewerServiceAccountName = props.viewerServiceAccountName ?? 'dashboard-viewer';
    this.viewerClusterRoleName = `${NAME}-readonly`;
    if (this.viewerServiceAccountName === NAME) {
      throw new Error(`Kubernetes Dashboard: 'viewerServiceAccountName' must differ from the dashboard's own ServiceAccount '${NAME}'`);
    }
    const identity: ComponentIdentity = { appName: NAME, component: 'dashboard' };
    const labels = componentLabels(identity);
    const namespace = this.namespace;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace, labels } });
    // Empty at install: the dashboard fills them at run time (its certificate, encryption key and CSRF key).
    new k8s.KubeSecret(this, 'CertsSecret', { metadata: { name: `${NAME}-certs`, namespace, labels }, type: 'Opaque' });
    new k8s.KubeSecret(this, 'CsrfSecret', { metadata: { name: `${NAME}-csrf`, namespace, labels }, type: 'Opaque', data: { csrf: '' } });
    new k8s.KubeSecret(this, 'KeyHolderSecret', { metadata: { name: `${NAME}-key-holder`, namespace, labels }, type: 'Opaque' });
    new k8s.KubeConfigMap(this, 'Settings', { metadata: { name: `${NAME}-settings`, namespace, labels } });

    new k8s.KubeRole(this, 'Role', {
      metadata: { name: NAME, namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [`${NAME}-key-holder`, `${NAME}-certs`, `${NAME}-csrf`], verbs: ['get', 'update', 'delete'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [`${NAME}-settings`], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['services'], resourceNames: ['heapster', SCRAPER], verbs: ['proxy'] },
        {
          apiGroups: [''],
          resources: ['services/proxy'],
          resourceNames: ['heapster', 'http:heapster:', 'https:heapster:', SCRAPER, `http:${SCRAPER}`],
          verbs: ['get'],
        },
      ],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    });
    const dashboardSubject = { kind: 'ServiceAccount', name: NAME, namespace };
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: NAME, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects: [dashboardSubject],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [dashboardSubject],
    });

    // The sign-in identity: upstream's read-only role (helm chart `clusterReadOnlyRole`), without the removed
    // `extensions` group and without Secrets or pod logs.
    const read = ['get', 'list', 'watch'];
    new k8s.KubeServiceAccount(this, 'ViewerServiceAccount', {
      metadata: { name: this.viewerServiceAccountName, namespace, labels: componentLabels({ appName: NAME, component: 'viewer' }) },
    });
    new k8s.KubeClusterRole(this, 'ViewerClusterRole', {
      metadata: { name: this.viewerClusterRoleName, labels: componentLabels({ appName: NAME, component: 'viewer' }) },
      rules: [
        {
          apiGroups: [''],
          resources: [
            'configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'namespaces/status', 'nodes', 'persistentvolumeclaims',
            'persistentvolumes', 'pods', 'pods/status', 'replicationcontrollers', 'replicationcontrollers/scale',
            'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status', 'serviceaccounts', 'services',
          ],
          verbs: read,
        },
        { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets'], verbs: read },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: read },
        { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: read },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses', 'networkpolicies'], verbs: read },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'volumeattachments'], verbs: read },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'clusterroles', 'roles', 'rolebindings'], verbs: read },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: read },
        { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: read },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ViewerClusterRoleBinding', {
      metadata: { name: this.viewerClusterRoleName, labels: componentLabels({ appName: NAME, component: 'viewer' }) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.viewerClusterRoleName },
      subjects: [{ kind: 'ServiceAccount', name: this.viewerServiceAccountName, namespace }],
    });

    // Upstream's pods run as 1001:2001 with a read-only root and may run on control-plane nodes.
    const securityContext: k8s.SecurityContext = { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 1001, runAsGroup: 2001 };
    const tolerations: k8s.Toleration[] = [
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ];
    const dashboardProbe: k8s.Probe = { httpGet: { scheme: 'HTTPS', path: '/', port: k8s.IntOrString.fromNumber(DASHBOARD_PORT) } };
    const dashboard = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace,
      selectorLabels: { 'k8s-app': NAME },
      serviceAccountName: NAME,
      apiAccess: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations,
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: NAME,
          image: props.image ?? KUBERNETES_DASHBOARD_IMAGE,
          args: ['--auto-generate-certificates', `--namespace=${namespace}`],
          ports: [{ containerPort: DASHBOARD_PORT, protocol: 'TCP' }],
          readinessProbe: { ...dashboardProbe, periodSeconds: 10 },
          livenessProbe: { ...dashboardProbe, initialDelaySeconds: 30, timeoutSeconds: 30 },
          resources: { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' },
          securityContext,
          volumeMounts: [
            { name: `${NAME}-certs`, mountPath: '/certs' },
            { name: 'tmp-volume', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: `${NAME}-certs`, secret: { secretName: `${NAME}-certs` } },
        { name: 'tmp-volume', emptyDir: {} },
      ],
    });
    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: dashboard,
      ports: [{ name: 'https', port: 443, targetPort: DASHBOARD_PORT }],
    });

    const scraperIdentity: ComponentIdentity = { appName: NAME, component: 'metrics-scraper' };
    const scraperProbe: k8s.Probe = { httpGet: { scheme: 'HTTP', path: '/', port: k8s.IntOrString.fromNumber(SCRAPER_PORT) } };
    const scraper = new AppDeployment(this, 'MetricsScraperDeployment', {
      ...scraperIdentity,
      name: SCRAPER,
      namespace,
      selectorLabels: { 'k8s-app': SCRAPER },
      serviceAccountName: NAME,
      apiAccess: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations,
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: SCRAPER,
          image: props.metricsScraperImage ?? DASHBOARD_METRICS_SCRAPER_IMAGE,
          ports: [{ containerPort: SCRAPER_PORT, protocol: 'TCP' }],
          readinessProbe: { ...scraperProbe, periodSeconds: 10 },
          livenessProbe: { ...scraperProbe, initialDelaySeconds: 30, timeoutSeconds: 30 },
          resources: { cpu: '10m', memory: '64Mi', memoryLimit: '128Mi' },
          securityContext,
          volumeMounts: [{ name: 'tmp-volume', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp-volume', emptyDir: {} }],
    });
    new AppService(this, 'MetricsScraperService', {
      ...scraperIdentity,
      name: SCRAPER,
      target: scraper,
      ports: [{ name: 'http', port: SCRAPER_PORT, targetPort: SCRAPER_PORT }],
    });

    new AppIngress(this, 'Ingress', {
      ...identity,
      name: NAME,
      host: props.host,
      frontend: props.frontend,
      service: this.service,
      port: 443,
      // The dashboard itself serves only HTTPS (its generated certificate).
      backendProtocol: 'HTTPS',
    });
  }
}
