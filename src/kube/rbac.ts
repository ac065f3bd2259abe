/**
 * RBAC references, written once: the `roleRef` of a RoleBinding or ClusterRoleBinding and the ServiceAccount
 * subjects it grants to. Plain objects, so they fit the generated `RoleBinding` and `ClusterRoleBinding` props of
 * any Kubernetes import.
 */

/** The API group of Roles, ClusterRoles and their bindings. */
export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/** What a binding grants: a Role of its own namespace, or a ClusterRole. */
export interface RoleReference {
  readonly apiGroup: typeof RBAC_API_GROUP;
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
}

/** Who a binding grants to: a ServiceAccount, always with its namespace (a ClusterRoleBinding needs it). */
export interface ServiceAccountSubject {
  readonly kind: 'ServiceAccount';
  readonly name: string;
  readonly namespace: string;
}

/** The `roleRef` of a RoleBinding to the Role `name` in the binding's own namespace. */
export function roleRef(name: string): RoleReference {
  return { apiGroup: RBAC_API_GROUP, kind: 'Role', name: checkName('roleRef.name', name) };
}

/** The `roleRef` of a RoleBinding or ClusterRoleBinding to the ClusterRole `name`. */
export function clusterRoleRef(name: string): RoleReference {
  return { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: checkName('roleRef.name', name) };
}

/** A binding subject for the ServiceAccount `namespace/name`. */
export function serviceAccountSubject(name: string, namespace: string): ServiceAccountSubject {
  return { kind: 'ServiceAccount', name: checkName('subjects[].name', name), namespace: checkName('subjects[].namespace', namespace) };
}

/** An empty name would be rejected by the API server only at apply time; say so when the manifest is built. */
function checkName(field: string, name: string): string {
  if (name.length === 0) {
    throw new Error(`${field}: must not be empty (got '')`);
  }
  return name;
}
