import { ManifestEntry } from '../manifest';
import { apiGroupOf, describeObject } from '../../kube/objects';
import { key, OutputRule } from './object-index';

/** Two objects with the same kind, namespace and name would silently overwrite each other at apply time. */
export const checkNoDuplicates: OutputRule = (index, report) => {
  const first = new Map<string, ManifestEntry>();
  for (const entry of index.entries) {
    const object = entry.object;
    const identity = `${apiGroupOf(object.apiVersion)}\u0000${key(object.kind, object.metadata.namespace, object.metadata.name)}`;
    const previous = first.get(identity);
    if (previous) {
      report.fail(entry, 'metadata.name', `${describeObject(object)} is also defined in ${previous.file}; one would overwrite the other`);
    } else {
      first.set(identity, entry);
    }
  }
};
