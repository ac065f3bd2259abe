import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';

/** The aggregated API metrics-server serves; `kubectl top` and the HorizontalPodAutoscaler read it. */
export const METRICS_API_GROUP = 'metrics.k8s.io';

export interface MetricsServerRbacProps {
  readonly serviceAccountName: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * metrics-server's RBAC as upstream's components.yaml grants it: its ServiceAccount may read the kubelets' metrics,
 * pods and nodes, read the client CA and delegate its callers' authentication and authorization to the API server
 * (as an aggregated API server does); and the built-in view, edit and admin roles may read the metrics API.
 */
export class MetricsServerRbac extends Construct {
  constructor(scope: Construct, id: string, props: MetricsServerRbacProps) {
    super(scope, id);
    const labels = props.labels;
    const subject = serviceAccountSubject(props.serviceAccountName, props.namespace);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.serviceAccountName, namespace: props.namespace, labels },
    });
    // Lets the built-in view, edit and admin roles read the metrics API.
    new k8s.KubeClusterRole(this, 'AggregatedReaderRole', {
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          ...labels,
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        },
      },
      rules: [{ apiGroups: [METRICS_API_GROUP], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'system:metrics-server', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    // An aggregated API server reads the client CA from kube-system/extension-apiserver-authentication ...
    new k8s.KubeRoleBinding(this, 'AuthReaderBinding', {
      metadata: { name: 'metrics-server-auth-reader', namespace: 'kube-system', labels },
      roleRef: roleRef('extension-apiserver-authentication-reader'),
      subjects: [subject],
    });
    // ... and delegates authentication and authorization of its callers to the API server.
    new k8s.KubeClusterRoleBinding(this, 'AuthDelegatorBinding', {
      metadata: { name: 'metrics-server:system:auth-delegator', labels },
      roleRef: clusterRoleRef('system:auth-delegator'),
      subjects: [subject],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'system:metrics-server', labels },
      roleRef: clusterRoleRef('system:metrics-server'),
      subjects: [subject],
    });
  }
}
