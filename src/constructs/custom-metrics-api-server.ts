import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { OPENMCP_TOLERATIONS } from './openmcp-controller';

/** Namespace, name and API of upstream's member install (install_openmcp/member/custom-metrics-apiserver). */
export const CUSTOM_METRICS_NAMESPACE = 'custom-metrics';
const NAME = 'custom-metrics-apiserver';
const API_GROUP = 'custom.metrics.k8s.io';
/** OpenMCP's fork of the adapter (metric-server/custom-metrics-apiserver) serves only v1beta1. */
const API_VERSION = 'v1beta1';
const SECURE_PORT = 6443;
/** The adapter's plain HTTP port, where `POST /write-metrics/...` stores a value (test-adapter/main.go). */
const WRITE_PORT = 8080;

export interface CustomMetricsApiServerProps {
  /** The adapter image, pinned. */
  readonly image: string;
  /** Names of image pull Secrets in the namespace. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Namespace; must exist. The member collector posts to `custom-metrics` only. @default CUSTOM_METRICS_NAMESPACE */
  readonly namespace?: string;
}

/**
 * The custom-metrics API of an OpenMCP member: Deployment and Service `custom-metrics-apiserver` (ports `https` 443
 * and `http` 80) and the APIService `v1beta1.custom.metrics.k8s.io`. The member's cluster-metric-collector posts pod
 * metrics through the API server's service proxy to its `http` port (customMetrics.go), and the HorizontalPodAutoscalers
 * the hybrid autoscaler creates read them as object metrics (NetworkTxUsage, FsUsage, ...). The API server delegates
 * authentication to Kubernetes, as every aggregated API does. The HPA controller's own role already reads every
 * custom.metrics.k8s.io resource, so upstream's extra binding for it is left out.
 */
export class CustomMetricsApiServer extends Construct {
  public readonly namespace: string;
  public readonly service: AppService;
  public readonly apiService: k8s.KubeApiService;

  constructor(scope: Construct, id: string, props: CustomMetricsApiServerProps) {
    super(scope, id);
    const lastPart = props.image.split('/').pop() ?? '';
    if (!(lastPart.includes(':') || lastPart.includes('@')) || lastPart.endsWith(':latest')) {
      throw new Error(`custom-metrics-apiserver: 'image' must be pinned to a tag other than latest or a digest (got ${JSON.stringify(props.image)})`);
    }
    this.namespace = props.namespace ?? CUSTOM_METRICS_NAMESPACE;
    const identity: ComponentIdentity = { appName: NAME, component: 'custom-metrics-api' };
    const labels = componentLabels(identity);
    const subject = serviceAccountSubject(NAME, this.namespace);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: this.namespace, labels } });
    new k8s.KubeClusterRoleBinding(this, 'AuthDelegatorBinding', {
      metadata: { name: 'custom-metrics:system:auth-delegator', labels },
      roleRef: clusterRoleRef('system:auth-delegator'),
      subjects: [subject],
    });
    new k8s.KubeRoleBinding(this, 'AuthReaderBinding', {
      metadata: { name: 'custom-metrics-auth-reader', namespace: 'kube-system', labels },
      roleRef: roleRef('extension-apiserver-authentication-reader'),
      subjects: [subject],
    });
    // The adapter resolves the objects a metric describes.
    new k8s.KubeClusterRole(this, 'ResourceReader', {
      metadata: { name: 'custom-metrics-resource-reader', labels },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods', 'services'], verbs: ['get', 'list'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'ResourceReaderBinding', {
      metadata: { name: 'custom-metrics-resource-reader', labels },
      roleRef: clusterRoleRef('custom-metrics-resource-reader'),
      subjects: [subject],
    });

    const probe: k8s.Probe = { tcpSocket: { port: k8s.IntOrString.fromString('https') }, periodSeconds: 10, failureThreshold: 3 };
    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: this.namespace,
      selectorLabels: { app: NAME },
      serviceAccountName: NAME,
      apiAccess: true,
      imagePullSecrets: props.imagePullSecrets,
      tolerations: OPENMCP_TOLERATIONS,
      containers: [
        {
          name: NAME,
          image: props.image,
          // Its self-signed serving certificate goes to a writable directory (the root file system is read-only).
          args: ['/adapter', `--secure-port=${SECURE_PORT}`, '--cert-dir=/tmp/certificates', '--logtostderr=true', '--v=2'],
          ports: [
            { name: 'https', containerPort: SECURE_PORT, protocol: 'TCP' },
            { name: 'http', containerPort: WRITE_PORT, protocol: 'TCP' },
          ],
          readinessProbe: probe,
          livenessProbe: { ...probe, initialDelaySeconds: 15, failureThreshold: 6 },
          resources: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: 65534 },
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: deployment,
      ports: [
        { name: 'https', port: 443, targetPort: 'https' },
        { name: 'http', port: 80, targetPort: 'http' },
      ],
    });

    this.apiService = new k8s.KubeApiService(this, 'ApiService', {
      metadata: { name: `${API_VERSION}.${API_GROUP}`, labels },
      spec: {
        group: API_GROUP,
        version: API_VERSION,
        service: { name: this.service.name, namespace: this.service.namespace, port: 443 },
        // The adapter serves a self-signed certificate generated at start, as upstream's install does.
        insecureSkipTlsVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    });
  }
}
