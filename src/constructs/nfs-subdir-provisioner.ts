import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { ROOT_WITHOUT_CAPABILITIES } from './container';
import { AppDeployment } from './app-deployment';
import { ComponentIdentity, componentLabels } from './labels';
import { NfsExport } from './nfs-volume';
import { waivePolicy } from './policy-waiver';

/** The provisioner name the StorageClass and the provisioner agree on. */
export const NFS_SUBDIR_PROVISIONER = 'k8s-sigs.io/nfs-subdir-external-provisioner';
export const NFS_SUBDIR_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';

export interface NfsSubdirProvisionerProps {
  /** Namespace of the provisioner; must exist. */
  readonly namespace: string;
  readonly nfs: NfsExport;
  /** @default NFS_SUBDIR_PROVISIONER_IMAGE */
  readonly image?: string;
  /** @default 'nfs-client' */
  readonly storageClassName?: string;
  /** Mark the class as the cluster default. @default true */
  readonly isDefaultClass?: boolean;
  /** @default 'Delete' */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /** With `Delete`, keep deleted volumes' data as `archived-<dir>` instead of removing it. @default true */
  readonly archiveOnDelete?: boolean;
}

/**
 * Dynamic NFS provisioning (kubernetes-sigs/nfs-subdir-external-provisioner): each claim of the StorageClass gets
 * its own subdirectory of the export. Objects and RBAC follow the project's deploy/ manifests.
 */
export class NfsSubdirProvisioner extends Construct {
  public readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: NfsSubdirProvisionerProps) {
    super(scope, id);
    this.storageClassName = props.storageClassName ?? 'nfs-client';
    const identity: ComponentIdentity = { appName: 'nfs-subdir-external-provisioner', component: 'provisioner' };
    const labels = componentLabels(identity);
    const serviceAccountName = 'nfs-client-provisioner';

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: serviceAccountName, namespace: props.namespace, labels },
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'nfs-client-provisioner-runner', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'run-nfs-client-provisioner', labels },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: props.namespace }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nfs-client-provisioner-runner' },
    });
    // v4.0.2 elects its leader with an Endpoints lock in its own namespace.
    new k8s.KubeRole(this, 'LeaderElectionRole', {
      metadata: { name: 'leader-locking-nfs-client-provisioner', namespace: props.namespace, labels },
      rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
    });
    new k8s.KubeRoleBinding(this, 'LeaderElectionRoleBinding', {
      metadata: { name: 'leader-locking-nfs-client-provisioner', namespace: props.namespace, labels },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: props.namespace }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'leader-locking-nfs-client-provisioner' },
    });

    const deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: 'nfs-client-provisioner',
      namespace: props.namespace,
      selectorLabels: { app: 'nfs-client-provisioner' },
      strategy: 'Recreate',
      serviceAccountName,
      apiAccess: true,
      containers: [
        {
          name: 'nfs-client-provisioner',
          image: props.image ?? NFS_SUBDIR_PROVISIONER_IMAGE,
          env: [
            { name: 'PROVISIONER_NAME', value: NFS_SUBDIR_PROVISIONER },
            { name: 'NFS_SERVER', value: props.nfs.server },
            { name: 'NFS_PATH', value: props.nfs.exportPath },
          ],
          volumeMounts: [{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }],
          resources: { cpu: '10m', memory: '64Mi', memoryLimit: '128Mi' },
          // Creates and removes directories owned by root on the export (exported with no_root_squash), so it runs
          // as root; it needs no capability beyond a file owner's rights.
          securityContext: ROOT_WITHOUT_CAPABILITIES,
        },
      ],
      volumes: [{ name: 'nfs-client-root', nfs: { server: props.nfs.server, path: props.nfs.exportPath } }],
    });
    waivePolicy(
      deployment.apiObject,
      'readiness-probe',
      'the provisioner serves no traffic and exposes no health endpoint; it only watches claims through the API',
    );

    new k8s.KubeStorageClass(this, 'StorageClass', {
      metadata: {
        name: this.storageClassName,
        labels,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefaultClass ?? true) },
      },
      provisioner: NFS_SUBDIR_PROVISIONER,
      reclaimPolicy: props.reclaimPolicy ?? 'Delete',
      volumeBindingMode: 'Immediate',
      parameters: { archiveOnDelete: String(props.archiveOnDelete ?? true) },
    });
  }
}
