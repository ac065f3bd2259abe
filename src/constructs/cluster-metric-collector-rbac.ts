import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';

export interface ClusterMetricCollectorRbacProps {
  /** The collector's name: its ServiceAccount's and ClusterRole's, and the prefix of its Roles. */
  readonly name: string;
  /** Namespace of the collector: its ServiceAccount and leader-election Role. */
  readonly namespace: string;
  /** Namespace of the custom metrics API server the collector writes to. */
  readonly customMetricsNamespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * What OpenMCP's member metric collector may do, from what its source calls: read nodes, pods and their metrics
 * cluster-wide, write custom metrics through the API server's service proxy, and hold its leader-election lock.
 */
export class ClusterMetricCollectorRbac extends Construct {
  constructor(scope: Construct, id: string, props: ClusterMetricCollectorRbacProps) {
    super(scope, id);
    const { name, labels } = props;
    const subject = serviceAccountSubject(name, props.namespace);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, namespace: props.namespace, labels } });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/stats', 'nodes/metrics', 'nodes/proxy'], verbs: ['get'] },
        { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list'] },
        // customMetrics.go lists every ReplicaSet to name the pods' Deployments in the metrics it posts.
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['list'] },
      ],
    });
    // customMetrics.go posts each value through the API server's service proxy:
    // POST /api/v1/namespaces/custom-metrics/services/custom-metrics-apiserver:http/proxy/write-metrics/...
    new k8s.KubeRole(this, 'CustomMetricsWriterRole', {
      metadata: { name: `${name}-custom-metrics-writer`, namespace: props.customMetricsNamespace, labels },
      rules: [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'] }],
    });
    new k8s.KubeRoleBinding(this, 'CustomMetricsWriterRoleBinding', {
      metadata: { name: `${name}-custom-metrics-writer`, namespace: props.customMetricsNamespace, labels },
      roleRef: roleRef(`${name}-custom-metrics-writer`),
      subjects: [subject],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name, labels },
      roleRef: clusterRoleRef(name),
      subjects: [subject],
    });
    // operator-sdk's leader election keeps a lock ConfigMap owned by the running pod.
    new k8s.KubeRole(this, 'LeaderElectionRole', {
      metadata: { name: `${name}-leader-election`, namespace: props.namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'LeaderElectionRoleBinding', {
      metadata: { name: `${name}-leader-election`, namespace: props.namespace, labels },
      roleRef: roleRef(`${name}-leader-election`),
      subjects: [subject],
    });
  }
}
