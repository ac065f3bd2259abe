import type { IPersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { parseQuantity } from '../../kube/quantity';
import { EntryRule, typed } from './object-index';

/**
 * A claim binds: to the named PersistentVolume when it names one (which must be free for it, offer its access modes,
 * hold enough and have the same class), else to an existing StorageClass, else to the output's default class.
 */
export const checkClaim: EntryRule = (entry, index, report) => {
  const object = entry.object;
  const spec = typed<IPersistentVolumeClaim>(object).spec;
  const requested = parseQuantity(spec?.resources?.requests?.storage);
  const modes = spec?.accessModes ?? [];
  if (spec?.volumeName) {
    const volume = index.get<IPersistentVolume>('PersistentVolume', undefined, spec.volumeName);
    if (!volume) {
      report.fail(entry, 'spec.volumeName', `PersistentVolume '${spec.volumeName}' does not exist`);
      return;
    }
    const volumeSpec = volume.spec;
    const claimRef = volumeSpec?.claimRef;
    if (claimRef && (claimRef.name !== object.metadata.name || claimRef.namespace !== object.metadata.namespace)) {
      report.fail(entry, 'spec.volumeName', `PersistentVolume '${spec.volumeName}' is reserved for claim ${claimRef.namespace}/${claimRef.name}`);
    }
    const missingModes = modes.filter((mode) => !(volumeSpec?.accessModes ?? []).includes(mode));
    if (missingModes.length > 0) {
      report.fail(entry, 'spec.accessModes', `PersistentVolume '${spec.volumeName}' does not offer ${missingModes.join(', ')}`);
    }
    const capacity = parseQuantity(volumeSpec?.capacity?.storage);
    if (requested !== undefined && capacity !== undefined && capacity < requested) {
      report.fail(entry, 'spec.resources.requests.storage', `requests ${spec.resources!.requests!.storage} but PersistentVolume '${spec.volumeName}' holds ${volumeSpec!.capacity!.storage}`);
    }
    if ((volumeSpec?.storageClassName ?? '') !== (spec.storageClassName ?? '')) {
      report.fail(entry, 'spec.storageClassName', `class ${JSON.stringify(spec.storageClassName ?? '')} differs from PersistentVolume '${spec.volumeName}' class ${JSON.stringify(volumeSpec?.storageClassName ?? '')}`);
    }
    return;
  }
  if (spec?.storageClassName === '') {
    report.fail(entry, 'spec.storageClassName', 'an empty class binds only to a named PersistentVolume, but spec.volumeName is not set');
    return;
  }
  if (spec?.storageClassName) {
    if (!index.find('StorageClass', undefined, spec.storageClassName)) {
      report.fail(entry, 'spec.storageClassName', `StorageClass '${spec.storageClassName}' does not exist`);
    }
    return;
  }
  const hasDefault = index.entries.some(
    (candidate) => candidate.object.kind === 'StorageClass' && candidate.object.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
  );
  if (!hasDefault) {
    report.fail(entry, 'spec.storageClassName', 'no class named and the output has no default StorageClass, so the claim would never bind');
  }
};
