import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';

export interface PrometheusDiscoveryRbacProps {
  /** The server's name: also its ServiceAccount's. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * What a Prometheus server needs for `kubernetes_sd_configs`: a ServiceAccount that may read nodes, Services,
 * endpoints and pods cluster-wide, and the kubelets' `/metrics`. The ClusterRole is named `<namespace>-<name>`, so
 * two servers in different namespaces do not share one.
 */
export class PrometheusDiscoveryRbac extends Construct {
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: PrometheusDiscoveryRbacProps) {
    super(scope, id);
    const { namespace, labels } = props;
    this.serviceAccountName = props.name;
    const roleName = `${namespace}-${props.name}`;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace, labels },
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: roleName, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: roleName, labels },
      roleRef: clusterRoleRef(roleName),
      subjects: [serviceAccountSubject(this.serviceAccountName, namespace)],
    });
  }
}
