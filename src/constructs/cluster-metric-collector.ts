import { Construct } from 'constructs';
import { isIpv4 } from '../kube/ipv4';
import { AppDeployment } from './app-deployment';
import { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './container';
import { ClusterMetricCollectorRbac } from './cluster-metric-collector-rbac';
import { ComponentIdentity, componentLabels } from './labels';
import { OPENMCP_CONTROLLER_UID, OPENMCP_NAMESPACE, OPENMCP_TOLERATIONS } from './openmcp-controller';
import { waivePolicy } from './policy-waiver';
import { CLUSTER_METRIC_COLLECTOR_IMAGE } from '../versions/images';
import { requireDnsLabel, requirePort } from '../kube/validate';

const NAME = 'cluster-metric-collector';

export interface ClusterMetricCollectorProps {
  /** The member cluster's name (`CLUSTER_NAME`), as the master knows it. */
  readonly clusterName: string;
  /** Address of the master's metric collector (`GRPC_SERVER`): the master's external IP. */
  readonly grpcServer: string;
  /** Port of the master's metric collector (`GRPC_PORT`): its NodePort, or the external port from outside. */
  readonly grpcPort: number;
  /** Namespace; must exist. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** @default CLUSTER_METRIC_COLLECTOR_IMAGE */
  readonly image?: string;
  /** Names of image pull Secrets. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Run in the node's network namespace, as upstream-facts describe the member install.
   * @default true
   */
  readonly hostNetwork?: boolean;
  /** Namespace of the custom-metrics API server the collector posts pod metrics to; must exist. @default 'custom-metrics' */
  readonly customMetricsNamespace?: string;
}

/**
 * The metric collector of an OpenMCP member cluster: Deployment `cluster-metric-collector` (label `name:
 * cluster-metric-collector`) that reads node and pod usage from the kubelets and pushes it to the master's metric
 * collector over gRPC every `metric-collector-period`. Upstream binds it to cluster-admin; here it may read nodes,
 * pods, namespaces and the kubelet's stats, and keep its leader-election ConfigMap in its namespace.
 */
export class ClusterMetricCollector extends Construct {
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly deployment: AppDeployment;

  constructor(scope: Construct, id: string, props: ClusterMetricCollectorProps) {
    super(scope, id);
    requireDnsLabel('cluster-metric-collector', 'clusterName', props.clusterName, 'a cluster name (a DNS label)');
    if (!isIpv4(props.grpcServer)) {
      throw new Error(`cluster-metric-collector: 'grpcServer' must be the master's IPv4 address (got ${JSON.stringify(props.grpcServer)})`);
    }
    requirePort('cluster-metric-collector', 'grpcPort', props.grpcPort);
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.serviceAccountName = NAME;
    const identity: ComponentIdentity = { appName: NAME, component: 'metrics' };
    const labels = componentLabels(identity);
    new ClusterMetricCollectorRbac(this, 'Rbac', {
      name: this.serviceAccountName,
      namespace: this.namespace,
      customMetricsNamespace: props.customMetricsNamespace ?? 'custom-metrics',
      labels,
    });

    const hostNetwork = props.hostNetwork ?? true;
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: this.namespace,
      selectorLabels: { name: NAME },
      serviceAccountName: this.serviceAccountName,
      apiAccess: true,
      hostNetwork: hostNetwork || undefined,
      // With the host network, cluster DNS stays reachable only with ClusterFirstWithHostNet.
      dnsPolicy: hostNetwork ? 'ClusterFirstWithHostNet' : undefined,
      imagePullSecrets: props.imagePullSecrets,
      tolerations: OPENMCP_TOLERATIONS,
      containers: [
        {
          name: NAME,
          image: props.image ?? CLUSTER_METRIC_COLLECTOR_IMAGE,
          command: [NAME],
          env: [
            { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'GRPC_SERVER', value: props.grpcServer },
            { name: 'GRPC_PORT', value: String(props.grpcPort) },
            { name: 'CLUSTER_NAME', value: props.clusterName },
            // Upstream's value: the collector reports under the master collector's operator name.
            { name: 'OPERATOR_NAME', value: 'openmcp-metric-collector' },
          ],
          resources: { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: OPENMCP_CONTROLLER_UID },
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });
    if (hostNetwork) {
      waivePolicy(
        this.deployment.apiObject,
        'host-network',
        'OpenMCP runs the member metric collector in the host network: it reaches the kubelets and the master\'s gRPC NodePort from the node\'s own address',
      );
    }
    waivePolicy(
      this.deployment.apiObject,
      'readiness-probe',
      'the collector pushes metrics to the master over gRPC and serves no port a probe could check',
    );
  }
}
