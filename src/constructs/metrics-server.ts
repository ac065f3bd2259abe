import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { KUBELET_ADDRESS_TYPES, KubeletAddressType } from '../versions/component-options';
import { METRICS_SERVER_IMAGE } from '../versions/images';
import { METRICS_API_GROUP, MetricsServerRbac } from './metrics-server-rbac';

export { METRICS_API_GROUP };
export const METRICS_API_VERSION = 'v1beta1';

const NAME = 'metrics-server';
const SECURE_PORT = 10250;
const DURATION = /^\d+(ms|s|m|h)$/;

export interface MetricsServerProps {
  /**
   * Namespace of metrics-server; the upstream manifest and the API server's authentication ConfigMap put it in
   * `kube-system`.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /** @default METRICS_SERVER_IMAGE */
  readonly image?: string;
  /**
   * Skip verifying the kubelets' serving certificates (`--kubelet-insecure-tls`). kubeadm's kubelets serve
   * self-signed certificates, which metrics-server cannot verify (seed 004).
   * @default true
   */
  readonly kubeletInsecureTls?: boolean;
  /**
   * How metrics-server reaches kubelets, in order of preference (`--kubelet-preferred-address-types`). Seed 004 needs
   * `InternalIP`: node host names do not resolve from pods on these clusters.
   * @default ['InternalIP']
   */
  readonly kubeletPreferredAddressTypes?: readonly KubeletAddressType[];
  /**
   * How often metrics are scraped from the kubelets (`--metric-resolution`).
   * @default '15s'
   */
  readonly metricResolution?: string;
}

/**
 * metrics-server (kubernetes-sigs/metrics-server, release manifest `components.yaml`): serves the resource metrics API
 * `v1beta1.metrics.k8s.io` that `kubectl top` and HorizontalPodAutoscalers use. Object names, RBAC and the selector
 * are upstream's, so an installation made from `components.yaml` is adopted in place.
 */
export class MetricsServer extends Construct {
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  /** The container arguments, as passed to metrics-server. */
  public readonly args: readonly string[];
  public readonly service: AppService;
  public readonly apiService: k8s.KubeApiService;

  constructor(scope: Construct, id: string, props: MetricsServerProps = {}) {
    super(scope, id);
    const addressTypes = props.kubeletPreferredAddressTypes ?? ['InternalIP'];
    const metricResolution = props.metricResolution ?? '15s';
    checkMetricsServerProps(addressTypes, metricResolution);

    this.namespace = props.namespace ?? 'kube-system';
    this.serviceAccountName = NAME;
    const identity: ComponentIdentity = { appName: NAME, component: 'metrics-api' };
    const labels = componentLabels(identity);
    new MetricsServerRbac(this, 'Rbac', { serviceAccountName: this.serviceAccountName, namespace: this.namespace, labels });

    this.args = [
      '--cert-dir=/tmp',
      `--secure-port=${SECURE_PORT}`,
      `--kubelet-preferred-address-types=${addressTypes.join(',')}`,
      '--kubelet-use-node-status-port',
      `--metric-resolution=${metricResolution}`,
      ...((props.kubeletInsecureTls ?? true) ? ['--kubelet-insecure-tls'] : []),
    ];
    const probe = (path: string): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' },
      periodSeconds: 10,
      failureThreshold: 3,
    });
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: this.namespace,
      selectorLabels: { 'k8s-app': NAME },
      serviceAccountName: this.serviceAccountName,
      apiAccess: true,
      priorityClassName: 'system-cluster-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [
        {
          name: NAME,
          image: props.image ?? METRICS_SERVER_IMAGE,
          args: [...this.args],
          ports: [{ name: 'https', containerPort: SECURE_PORT, protocol: 'TCP' }],
          readinessProbe: { ...probe('/readyz'), initialDelaySeconds: 20 },
          livenessProbe: probe('/livez'),
          resources: { cpu: '100m', memory: '200Mi', memoryLimit: '400Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 1000 },
          volumeMounts: [{ name: 'tmp-dir', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp-dir', emptyDir: {} }],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: deployment,
      ports: [{ name: 'https', port: 443, targetPort: 'https' }],
    });

    this.apiService = new k8s.KubeApiService(this, 'ApiService', {
      metadata: { name: `${METRICS_API_VERSION}.${METRICS_API_GROUP}`, labels },
      spec: {
        group: METRICS_API_GROUP,
        version: METRICS_API_VERSION,
        service: { name: this.service.name, namespace: this.service.namespace, port: 443 },
        // metrics-server serves a self-signed certificate generated at start (--cert-dir), as upstream does.
        insecureSkipTlsVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    });
  }
}

function checkMetricsServerProps(addressTypes: readonly KubeletAddressType[], metricResolution: string): void {
  if (addressTypes.length === 0) {
    throw new Error(`metrics-server: 'kubeletPreferredAddressTypes' must name at least one address type (allowed: ${KUBELET_ADDRESS_TYPES.join(', ')})`);
  }
  for (const type of addressTypes) {
    if (!KUBELET_ADDRESS_TYPES.includes(type)) {
      throw new Error(`metrics-server: 'kubeletPreferredAddressTypes' contains '${type}' (allowed: ${KUBELET_ADDRESS_TYPES.join(', ')})`);
    }
  }
  const duplicate = addressTypes.find((type, index) => addressTypes.indexOf(type) !== index);
  if (duplicate) {
    throw new Error(`metrics-server: 'kubeletPreferredAddressTypes' lists '${duplicate}' twice`);
  }
  if (!DURATION.test(metricResolution)) {
    throw new Error(`metrics-server: 'metricResolution' must be a duration such as 15s or 1m (got ${JSON.stringify(metricResolution)})`);
  }
}
