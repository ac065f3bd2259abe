/**
 * Label keys a kubelet may set on its own node with `--node-labels`: the NodeRestriction admission plugin refuses any
 * other key in the `kubernetes.io` and `k8s.io` namespaces (such as `node-role.kubernetes.io/worker`), and the kubelet
 * exits at start when given one. Those are applied with `kubectl label` after the node has joined.
 */
export function isKubeletSettableLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) {
    return true;
  }
  const prefix = key.slice(0, slash);
  const inKubernetesNamespace = (domain: string) => prefix === domain || prefix.endsWith(`.${domain}`);
  if (!inKubernetesNamespace('kubernetes.io') && !inKubernetesNamespace('k8s.io')) {
    return true;
  }
  if (['kubelet.kubernetes.io', 'node.kubernetes.io'].some((allowed) => prefix === allowed || prefix.endsWith(`.${allowed}`))) {
    return true;
  }
  return KUBELET_LABELS.has(key);
}

const KUBELET_LABELS = new Set([
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
]);
