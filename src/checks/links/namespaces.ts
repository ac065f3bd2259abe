import { BUILT_IN_NAMESPACES, EntryRule, OutputRule } from './object-index';

/** Every supplied Secret lives in a namespace that exists, or `apply.sh` could not create it. */
export const checkSuppliedSecretNamespaces: OutputRule = (index, report) => {
  for (const secret of index.suppliedSecrets) {
    if (!index.hasNamespace(secret.namespace)) {
      const owner = index.entries.find((entry) => entry.object.metadata.namespace === secret.namespace) ?? index.entries[0];
      if (owner) {
        report.fail(owner, 'imagePullSecrets', `supplied Secret ${secret.namespace}/${secret.name} is in namespace '${secret.namespace}', which is neither created nor built in`);
      }
    }
  }
};

/** A cluster-scoped object names no namespace; a namespaced one names an existing namespace explicitly. */
export const checkScope: EntryRule = (entry, index, report) => {
  const object = entry.object;
  const namespace = object.metadata.namespace;
  const clusterScoped = index.isClusterScoped(object);
  if (clusterScoped === true && namespace !== undefined) {
    report.fail(entry, 'metadata.namespace', `${object.kind} is cluster-scoped and must not name a namespace (got '${namespace}')`);
  } else if (clusterScoped === false && namespace === undefined) {
    report.fail(entry, 'metadata.namespace', `${object.kind} is namespaced; name its namespace explicitly rather than relying on the kubectl context`);
  } else if (namespace !== undefined && !index.hasNamespace(namespace)) {
    report.fail(entry, 'metadata.namespace', `namespace '${namespace}' is neither created by the output nor built into the cluster (${BUILT_IN_NAMESPACES.join(', ')})`);
  }
};
