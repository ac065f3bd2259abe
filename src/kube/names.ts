import { isIpv4 } from './ipv4';

/**
 * The name grammars of the Kubernetes API server (apimachinery's validation): DNS labels (RFC 1123) for most object
 * names, DNS subdomains for dotted names and label-key prefixes, and qualified names and values for labels.
 */

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function isDnsLabel(text: string): boolean {
  return text.length <= 63 && DNS_LABEL.test(text);
}

export function isDnsSubdomain(text: string): boolean {
  return text.length <= 253 && DNS_SUBDOMAIN.test(text);
}

/** A host name (a DNS name) or a dotted-quad IPv4 address, as API server and registry addresses are written. */
export function isHostOrAddress(text: string): boolean {
  return isIpv4(text) || DNS_SUBDOMAIN.test(text);
}

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

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
