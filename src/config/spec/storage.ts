import { z } from 'zod';
import { NFS_CSI_PLUGIN_IMAGE } from '../../versions/images';
import { AbsolutePath, DnsLabel, DnsSubdomain, explain, HostOrAddress, ImageReference } from '../fields';

/** The storage layer: the NFS server and csi-driver-nfs (`spec.nfs`, `spec.storage`). */

export const NfsSpec = z
  .strictObject({
    server: HostOrAddress.describe('NFS server address.'),
    exportPath: AbsolutePath.describe('Exported directory; every volume is a subdirectory of it.'),
  })
  .describe('The NFS server that provides the cluster\'s shared storage.');

export const StorageClassSpec = z
  .strictObject({
    name: DnsSubdomain.default('nfs-client').describe('StorageClass name.'),
    isDefault: z.boolean().default(true).describe('Whether the class is the cluster\'s default StorageClass.'),
    reclaimPolicy: z.enum(['Delete', 'Retain']).default('Delete').describe('What happens to a volume when its claim is deleted.'),
    archiveOnDelete: z
      .boolean()
      .default(true)
      .describe('With reclaimPolicy Delete: keep the data in an `archived-*` directory instead of removing it.'),
  })
  .describe('The dynamically provisioned NFS StorageClass.');

export const StorageSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the storage layer is synthesized.'),
    namespace: DnsLabel.default('csi-driver-nfs').describe('Namespace of the NFS CSI driver (controller and node plugin).'),
    driverImage: ImageReference.default(NFS_CSI_PLUGIN_IMAGE).describe(
      'Image of the csi-driver-nfs plugin (`nfsplugin`); its sidecars are pinned with it and can be changed with spec.images.overrides.',
    ),
    provisionerImage: z
      .unknown()
      .optional()
      .describe('Removed: the NFS subdir provisioner was replaced by csi-driver-nfs. Use driverImage.'),
    storageClass: StorageClassSpec.prefault({}),
  })
  .superRefine((storage, context) => {
    if (storage.provisionerImage !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['provisionerImage'],
        input: storage.provisionerImage,
        message: explain(
          'removed: the unmaintained NFS subdir provisioner was replaced by csi-driver-nfs (see the README, "Moving from the NFS subdir provisioner")',
          'driverImage for the csi-driver-nfs plugin image, or no field',
        ).message,
      });
    }
  })
  .describe('Storage layer: dynamic NFS provisioning with csi-driver-nfs, and static NFS volumes.');
