import { Construct } from 'constructs';
import { NfsConfig, StorageConfig } from '../config/schema';
import { CsiDriverNfs } from '../constructs/csi-driver-nfs';
import { DeepReadonly } from '../config/cluster';
import { HanokChart } from './hanok-chart';

export interface StorageChartProps {
  readonly nfs: DeepReadonly<NfsConfig>;
  readonly storage: DeepReadonly<StorageConfig>;
}

/**
 * Storage layer (seed 002 §14): the NFS export as a dynamically provisioned, by default the default, StorageClass,
 * served by kubernetes-csi's csi-driver-nfs.
 */
export class StorageChart extends HanokChart {
  public readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: StorageChartProps) {
    super(scope, id, { layer: 'storage' });
    this.addNamespace(props.storage.namespace, {
      enforce: 'privileged',
      reason: 'the csi-driver-nfs controller and node plugin mount NFS exports: privileged containers in the host network with the kubelet\'s host paths',
    });
    const driver = new CsiDriverNfs(this, 'CsiDriverNfs', {
      namespace: props.storage.namespace,
      nfs: props.nfs,
      image: props.storage.driverImage,
      storageClassName: props.storage.storageClass.name,
      isDefaultClass: props.storage.storageClass.isDefault,
      reclaimPolicy: props.storage.storageClass.reclaimPolicy,
      archiveOnDelete: props.storage.storageClass.archiveOnDelete,
    });
    this.storageClassName = driver.storageClassName;
  }
}
