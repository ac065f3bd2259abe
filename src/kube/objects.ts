/** A Kubernetes object as synthesized: plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

export function describeObject(object: KubeObject): string {
  const name = object.metadata?.name ?? '(unnamed)';
  return object.metadata?.namespace ? `${object.kind} ${object.metadata.namespace}/${name}` : `${object.kind} ${name}`;
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Namespaces every kubeadm cluster has before anything is applied. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
