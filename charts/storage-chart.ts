import { Construct } from 'constructs';
import { NfsConfig, StorageConfig } from '../src/config/schema';
import { NfsSubdirProvisioner } from '../src/constructs/nfs-subdir-provisioner';
import { DeepReadonly } from '../src/config/cluster';
import { HanokChart } from './hanok-chart';

export interface StorageChartProps {
  readonly nfs: DeepReadonly<NfsConfig>;
  readonly storage: DeepReadonly<StorageConfig>;
}

/** Storage layer (seed 002 §14): the NFS export as a dynamically provisioned, by default the default, StorageClass. */
export class StorageChart extends HanokChart {
  public readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: StorageChartProps) {
    super(scope, id, { layer: 'storage' });
    this.addNamespace(props.storage.namespace);
    const provisioner = new NfsSubdirProvisioner(this, 'Provisioner', {
      namespace: props.storage.namespace,
      nfs: props.nfs,
      image: props.storage.provisionerImage,
      storageClassName: props.storage.storageClass.name,
      isDefaultClass: props.storage.storageClass.isDefault,
      reclaimPolicy: props.storage.storageClass.reclaimPolicy,
      archiveOnDelete: props.storage.storageClass.archiveOnDelete,
    });
    this.storageClassName = provisioner.storageClassName;
  }
}
