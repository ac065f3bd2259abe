import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';
import { componentLabels } from './labels';

export interface HeadlampViewerProps {
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** The ServiceAccount people sign in to Headlamp with. */
  readonly serviceAccountName: string;
  /** The read-only ClusterRole it is bound to. */
  readonly clusterRoleName: string;
}

/**
 * The account hanok offers for signing in to Headlamp: a ServiceAccount bound to a ClusterRole that reads the
 * cluster's objects, except Secrets, and changes nothing.
 */
export class HeadlampViewer extends Construct {
  constructor(scope: Construct, id: string, props: HeadlampViewerProps) {
    super(scope, id);
    const viewerLabels = componentLabels({ appName: 'headlamp', component: 'viewer' });
    const read = ['get', 'list', 'watch'];
    new k8s.KubeServiceAccount(this, 'ViewerServiceAccount', { metadata: { name: props.serviceAccountName, namespace: props.namespace, labels: viewerLabels } });
    new k8s.KubeClusterRole(this, 'ViewerClusterRole', {
      metadata: { name: props.clusterRoleName, labels: viewerLabels },
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
        { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'referencegrants'], verbs: read },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'volumeattachments', 'csidrivers', 'csinodes'], verbs: read },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'clusterroles', 'roles', 'rolebindings'], verbs: read },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: read },
        { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: read },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ViewerClusterRoleBinding', {
      metadata: { name: props.clusterRoleName, labels: viewerLabels },
      roleRef: clusterRoleRef(props.clusterRoleName),
      subjects: [serviceAccountSubject(props.serviceAccountName, props.namespace)],
    });

  }
}
