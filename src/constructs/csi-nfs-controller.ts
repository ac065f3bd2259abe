import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDeployment } from './app-deployment';
import { livenessSidecar, nfsDriverContainer, PODS_MOUNT_DIR, SIDECAR_CONTEXT, waiveCsiPolicies } from './csi-nfs-containers';
import { ComponentIdentity, componentLabels } from './labels';

const CONTROLLER = 'csi-nfs-controller';
const CONTROLLER_HEALTH_PORT = 29652;

export interface CsiNfsControllerProps {
  /** Namespace of the controller; must exist and allow privileged pods. */
  readonly namespace: string;
  /** The nfsplugin image. */
  readonly driverImage: string;
  /** The external-provisioner sidecar image. */
  readonly provisionerImage: string;
  /** The liveness-probe sidecar image. */
  readonly livenessProbeImage: string;
}

/**
 * The controller of csi-driver-nfs: the external provisioner and the driver, which mounts the export to create each
 * claim's directory, with upstream's provisioner RBAC (without the snapshot and resizer rules).
 */
export class CsiNfsController extends Construct {
  public readonly deployment: AppDeployment;

  constructor(scope: Construct, id: string, props: CsiNfsControllerProps) {
    super(scope, id);
    const namespace = props.namespace;
    const controllerIdentity: ComponentIdentity = { appName: 'csi-driver-nfs', component: 'controller' };
    const controllerLabels = componentLabels(controllerIdentity);
    const controllerAccount = 'csi-nfs-controller-sa';
    new k8s.KubeServiceAccount(this, 'ControllerServiceAccount', { metadata: { name: controllerAccount, namespace, labels: controllerLabels } });
    new k8s.KubeClusterRole(this, 'ProvisionerClusterRole', {
      metadata: { name: 'nfs-external-provisioner-role', labels: controllerLabels },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        // Leader election of the external provisioner (--leader-election, Lease lock).
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ProvisionerClusterRoleBinding', {
      metadata: { name: 'nfs-csi-provisioner-binding', labels: controllerLabels },
      subjects: [serviceAccountSubject(controllerAccount, namespace)],
      roleRef: clusterRoleRef('nfs-external-provisioner-role'),
    });

    this.deployment = new AppDeployment(this, 'Deployment', {
      ...controllerIdentity,
      name: CONTROLLER,
      namespace,
      selectorLabels: { app: CONTROLLER },
      serviceAccountName: controllerAccount,
      apiAccess: true,
      // The driver mounts the export on the node to create and remove claim directories.
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      priorityClassName: 'system-cluster-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' },
      ],
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'csi-provisioner',
          image: props.provisionerImage,
          args: [
            '-v=2', '--csi-address=$(ADDRESS)', '--leader-election', '--leader-election-namespace=$(POD_NAMESPACE)',
            '--extra-create-metadata=true', '--timeout=1200s', '--retry-interval-max=30m',
            // As upstream: without it the v6 provisioner also watches VolumeAttributesClasses, which this RBAC omits.
            '--feature-gates=VolumeAttributesClass=false',
          ],
          env: [
            { name: 'ADDRESS', value: '/csi/csi.sock' },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          ],
          volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
          resources: { cpu: '10m', memory: '20Mi', memoryLimit: '400Mi' },
          securityContext: SIDECAR_CONTEXT,
        },
        livenessSidecar(props.livenessProbeImage, CONTROLLER_HEALTH_PORT),
        nfsDriverContainer(props.driverImage, CONTROLLER_HEALTH_PORT, '200Mi'),
      ],
      volumes: [PODS_MOUNT_DIR, { name: 'socket-dir', emptyDir: {} }],
    });
    waiveCsiPolicies(this.deployment.apiObject, 'the controller mounts the NFS export on its node to create and archive claim directories (upstream runs it so)');
  }
}
