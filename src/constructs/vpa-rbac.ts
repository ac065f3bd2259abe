import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { componentLabels } from './labels';

const VPA_GROUPS = ['poc.autoscaling.k8s.io', 'autoscaling.k8s.io'];
const READ = ['get', 'list', 'watch'];

/** The three programs of the Vertical Pod Autoscaler; each runs as the ServiceAccount `vpa-<component>`. */
export type VpaComponent = 'recommender' | 'updater' | 'admission-controller';

export interface VpaRbacProps {
  /** Namespace of the ServiceAccounts and leader-election Roles. */
  readonly namespace: string;
}

/**
 * What the VPA components may do, as vertical-pod-autoscaler/deploy grants it: a ServiceAccount per component,
 * upstream's ClusterRoles with their bindings (names included, so an upstream install is adopted in place), and
 * the leader-election Roles of the updater and the recommender.
 */
export class VpaRbac extends Construct {
  constructor(scope: Construct, id: string, props: VpaRbacProps) {
    super(scope, id);
    const namespace = props.namespace;
    const rbacLabels = componentLabels({ appName: 'vertical-pod-autoscaler', component: 'rbac' });
    const account = (component: VpaComponent) => serviceAccountSubject(`vpa-${component}`, namespace);

    for (const component of ['admission-controller', 'recommender', 'updater'] as const) {
      new k8s.KubeServiceAccount(this, `ServiceAccount-${component}`, {
        metadata: { name: `vpa-${component}`, namespace, labels: componentLabels({ appName: 'vertical-pod-autoscaler', component }) },
      });
    }

    const clusterRole = (name: string, rules: k8s.PolicyRule[], bindingName: string, subjects: VpaComponent[]) => {
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

  }
}
