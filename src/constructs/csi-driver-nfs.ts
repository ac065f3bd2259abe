import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDaemonSet } from './app-daemon-set';
import { AppDeployment } from './app-deployment';
import { CsiNfsController } from './csi-nfs-controller';
import { CsiNfsNode } from './csi-nfs-node';
import { componentLabels } from './labels';
import { NfsExport } from './nfs-volume';
import { CSI_LIVENESS_PROBE_IMAGE, CSI_NODE_DRIVER_REGISTRAR_IMAGE, CSI_PROVISIONER_IMAGE, NFS_CSI_PLUGIN_IMAGE } from '../versions/images';

/** The CSI driver name; the StorageClass's immutable `provisioner`. */
export const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';

/**
 * Where each claim's directory goes below the export: the same `<namespace>-<claim>-<volume>` name the NFS subdir
 * provisioner used, so directories of both look alike on the server.
 */
export const NFS_CSI_SUBDIR = '${pvc.metadata.namespace}-${pvc.metadata.name}-${pv.metadata.name}';


export interface CsiDriverNfsProps {
  /** Namespace of the controller and the node plugin; must exist and allow privileged pods. */
  readonly namespace: string;
  readonly nfs: NfsExport;
  /** @default NFS_CSI_PLUGIN_IMAGE */
  readonly image?: string;
  /** @default 'nfs-client' */
  readonly storageClassName?: string;
  /** Mark the class as the cluster default. @default true */
  readonly isDefaultClass?: boolean;
  /** @default 'Delete' */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /** With `Delete`, keep a deleted volume's directory as `archived-<dir>` instead of removing it (`onDelete`). @default true */
  readonly archiveOnDelete?: boolean;
}

/**
 * Dynamic NFS provisioning with kubernetes-csi/csi-driver-nfs: the CSIDriver object, the controller (external
 * provisioner + the driver, which mounts the export to create each claim's directory) and the node plugin on every
 * node (registered with the kubelet, mounts volumes into pods), their RBAC as upstream's `rbac-csi-nfs.yaml` without
 * the snapshot and resizer rules (neither sidecar is installed), and the StorageClass.
 */
export class CsiDriverNfs extends Construct {
  public readonly storageClassName: string;
  public readonly controller: AppDeployment;
  public readonly nodePlugin: AppDaemonSet;

  constructor(scope: Construct, id: string, props: CsiDriverNfsProps) {
    super(scope, id);
    this.storageClassName = props.storageClassName ?? 'nfs-client';
    const namespace = props.namespace;
    const image = props.image ?? NFS_CSI_PLUGIN_IMAGE;
    const driverLabels = componentLabels({ appName: 'csi-driver-nfs', component: 'driver' });

    new k8s.KubeCsiDriver(this, 'CsiDriver', {
      metadata: { name: NFS_CSI_DRIVER, labels: driverLabels },
      spec: { attachRequired: false, volumeLifecycleModes: ['Persistent'], fsGroupPolicy: 'File' },
    });

    this.controller = new CsiNfsController(this, 'Controller', {
      namespace,
      driverImage: image,
      provisionerImage: CSI_PROVISIONER_IMAGE,
      livenessProbeImage: CSI_LIVENESS_PROBE_IMAGE,
    }).deployment;
    this.nodePlugin = new CsiNfsNode(this, 'Node', {
      namespace,
      driverImage: image,
      registrarImage: CSI_NODE_DRIVER_REGISTRAR_IMAGE,
      livenessProbeImage: CSI_LIVENESS_PROBE_IMAGE,
    }).daemonSet;

    const archive = props.archiveOnDelete ?? true;
    new k8s.KubeStorageClass(this, 'StorageClass', {
      metadata: {
        name: this.storageClassName,
        labels: driverLabels,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefaultClass ?? true) },
      },
      provisioner: NFS_CSI_DRIVER,
      reclaimPolicy: props.reclaimPolicy ?? 'Delete',
      volumeBindingMode: 'Immediate',
      parameters: {
        server: props.nfs.server,
        share: props.nfs.exportPath,
        subDir: NFS_CSI_SUBDIR,
        onDelete: archive ? 'archive' : 'delete',
        // World-writable claim directories, as the subdir provisioner made them, so pods of any user can write.
        mountPermissions: '0777',
      },
    });
  }
}
