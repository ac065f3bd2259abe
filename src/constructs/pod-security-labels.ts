/**
 * Pod Security admission labels (https://kubernetes.io/docs/concepts/security/pod-security-admission/). Every
 * namespace hanok creates states its level, so the cluster's default never decides whether hanok's pods start.
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
/** Annotation on a namespace that says why it enforces less than restricted. */
export const POD_SECURITY_REASON_ANNOTATION = 'hanok.dev/pod-security-reason';

/** What a namespace enforces, and why when it is less than restricted. */
export interface NamespacePodSecurity {
  /** @default 'restricted' */
  readonly enforce?: PodSecurityLevel;
  /** Required unless `enforce` is restricted: which component needs what the level allows. */
  readonly reason?: string;
}

/**
 * The labels of a namespace: `enforce` at the given level; `warn` and `audit` always at restricted, so that
 * `kubectl apply` and the audit log show every pod that would not meet it.
 */
export function podSecurityLabels(namespace: string, podSecurity: NamespacePodSecurity = {}): Record<string, string> {
  const enforce = podSecurity.enforce ?? 'restricted';
  if (!POD_SECURITY_LEVELS.includes(enforce)) {
    throw new Error(`Namespace '${namespace}': 'enforce' must be one of ${POD_SECURITY_LEVELS.join(', ')} (got ${JSON.stringify(enforce)})`);
  }
  if (enforce !== 'restricted' && (podSecurity.reason ?? '').trim().length < 10) {
    throw new Error(`Namespace '${namespace}': enforcing Pod Security level ${enforce} needs a 'reason' (got ${JSON.stringify(podSecurity.reason)})`);
  }
  return {
    [`${POD_SECURITY_LABEL_PREFIX}enforce`]: enforce,
    [`${POD_SECURITY_LABEL_PREFIX}warn`]: 'restricted',
    [`${POD_SECURITY_LABEL_PREFIX}audit`]: 'restricted',
  };
}
