import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { EntryRule, typed } from './object-index';

/** ClusterRoles the API server bootstraps; bindings may point at them. */
const BUILT_IN_CLUSTER_ROLES = /^(cluster-admin|admin|edit|view|system:.+)$/;

/** Roles the API server bootstraps in kube-system (aggregated API servers bind the first to read its config). */
const BUILT_IN_KUBE_SYSTEM_ROLES = /^(extension-apiserver-authentication-reader|system:.+)$/;

/** A binding's role exists (or is built in) in a scope the binding can refer to, and so do its ServiceAccounts. */
export const checkBinding: EntryRule = (entry, index, report) => {
  const object = entry.object;
  const binding = typed<IRoleBinding | IClusterRoleBinding>(object);
  const roleRef = binding.roleRef as IRoleBinding['roleRef'] | undefined;
  if (roleRef?.kind === 'ClusterRole') {
    if (!index.find('ClusterRole', undefined, roleRef.name) && !BUILT_IN_CLUSTER_ROLES.test(roleRef.name)) {
      report.fail(entry, 'roleRef.name', `ClusterRole '${roleRef.name}' does not exist`);
    }
  } else if (roleRef?.kind === 'Role') {
    if (object.kind === 'ClusterRoleBinding') {
      report.fail(entry, 'roleRef.kind', 'a ClusterRoleBinding can only refer to a ClusterRole');
    } else if (
      !index.find('Role', object.metadata.namespace, roleRef.name) &&
      !(object.metadata.namespace === 'kube-system' && BUILT_IN_KUBE_SYSTEM_ROLES.test(roleRef.name))
    ) {
      report.fail(entry, 'roleRef.name', `Role '${roleRef.name}' does not exist in namespace '${object.metadata.namespace}'`);
    }
  }
  (binding.subjects ?? []).forEach((subject, subjectIndex) => {
    if (subject.kind !== 'ServiceAccount') {
      return;
    }
    const namespace = subject.namespace ?? object.metadata.namespace;
    if (!namespace) {
      report.fail(entry, `subjects[${subjectIndex}].namespace`, 'a ServiceAccount subject of a ClusterRoleBinding must name its namespace');
    } else if (subject.name !== 'default' && !index.find('ServiceAccount', namespace, subject.name)) {
      report.fail(entry, `subjects[${subjectIndex}].name`, `ServiceAccount '${namespace}/${subject.name}' does not exist`);
    }
  });
};
