import * as path from 'path';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { ComponentIdentity, componentLabels } from './labels';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** An NFS export: the server and the exported directory. */
export interface NfsExport {
  readonly server: string;
  readonly exportPath: string;
}

export interface NfsVolumeProps extends ComponentIdentity {
  /** Names the pair: PersistentVolume `pv-<volumeName>` and PersistentVolumeClaim `pvc-<volumeName>`. */
  readonly volumeName: string;
  /** Namespace of the claim. */
  readonly namespace: string;
  readonly nfs: NfsExport;
  /** Directory below the export that holds the data, e.g. `docker_registry`. It must exist on the server. */
  readonly subdirectory: string;
  /** Capacity, e.g. `10Gi`. */
  readonly size: string;
  /** @default ['ReadWriteMany'] */
  readonly accessModes?: readonly AccessMode[];
  /** @default 'Retain' - the data outlives the claim, as a fixed path should */
  readonly reclaimPolicy?: 'Retain' | 'Delete';
}

/**
 * A static NFS PersistentVolume and the claim bound to it, for components that keep data at a fixed path on the
 * NFS server. Both sides name each other and use the empty storage class, so the default (dynamic) StorageClass
 * can never take the claim.
 */
export class NfsVolume extends Construct {
  public readonly claimName: string;
  public readonly volumeName: string;
  /** The directory on the NFS server. */
  public readonly serverPath: string;

  constructor(scope: Construct, id: string, props: NfsVolumeProps) {
    super(scope, id);
    if (props.subdirectory.startsWith('/') || props.subdirectory.split('/').includes('..') || props.subdirectory === '') {
      throw new Error(`NFS volume '${props.volumeName}': 'subdirectory' must be a relative path inside the export (got ${JSON.stringify(props.subdirectory)})`);
    }
    const accessModes = [...(props.accessModes ?? ['ReadWriteMany'])];
    this.claimName = `pvc-${props.volumeName}`;
    this.volumeName = `pv-${props.volumeName}`;
    this.serverPath = path.posix.join(props.nfs.exportPath, props.subdirectory);
    const labels = componentLabels(props);
    const storage = k8s.Quantity.fromString(props.size);

    new k8s.KubePersistentVolume(this, 'Volume', {
      metadata: { name: this.volumeName, labels },
      spec: {
        capacity: { storage },
        accessModes,
        persistentVolumeReclaimPolicy: props.reclaimPolicy ?? 'Retain',
        storageClassName: '',
        claimRef: { namespace: props.namespace, name: this.claimName },
        nfs: { server: props.nfs.server, path: this.serverPath },
      },
    });
    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace: props.namespace, labels },
      spec: {
        accessModes,
        storageClassName: '',
        volumeName: this.volumeName,
        resources: { requests: { storage } },
      },
    });
  }
}
