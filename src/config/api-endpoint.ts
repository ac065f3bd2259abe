import type { DeepReadonly, RuleViolation } from './types';
import type { ClusterConfig, IngressConfig } from './schema';

/** The API server's port on every control plane, and HAProxy's API front end. */
export const API_SERVER_PORT = 6443;

type Spec = DeepReadonly<Pick<ClusterConfig['spec'], 'nodes' | 'controlPlaneEndpoint' | 'ingress'>>;

/** Whether the cluster generates `nodes/haproxy/haproxy.cfg` (the ingress front end of seed 002 §13). */
export function isHaproxyEnabled(ingress: DeepReadonly<IngressConfig>): boolean {
  return ingress.enabled && (ingress.loadBalancer.enabled ?? ingress.serviceType === 'NodePort');
}

/**
 * Whether HAProxy balances the Kubernetes API: two or more control planes and no endpoint of the user's own.
 * One control plane keeps its own address as the endpoint.
 */
export function balancesApi(spec: Spec): boolean {
  return spec.nodes.filter((node) => node.roles.includes('control-plane')).length >= 2 && spec.controlPlaneEndpoint === undefined;
}

/** The API endpoint `host:port`: the user's, the HAProxy host's when it balances the API, else the only control plane's. */
export function apiEndpoint(spec: Spec): string {
  if (spec.controlPlaneEndpoint !== undefined) {
    return spec.controlPlaneEndpoint;
  }
  if (balancesApi(spec) && spec.ingress.loadBalancer.address !== undefined) {
    return `${spec.ingress.loadBalancer.address}:${API_SERVER_PORT}`;
  }
  return `${spec.nodes.find((node) => node.roles.includes('control-plane'))!.ip}:${API_SERVER_PORT}`;
}

/**
 * Several control planes need one endpoint that reaches any of them: kubeadm writes it into every kubeconfig and
 * join. Without `spec.controlPlaneEndpoint`, that is hanok's HAProxy front end, which must then exist, have an
 * address, and not sit on a control plane (whose own API server holds port 6443).
 */
export function checkApiEndpoint(config: ClusterConfig): RuleViolation[] {
  const spec = config.spec;
  if (!balancesApi(spec)) {
    return [];
  }
  const controlPlanes = spec.nodes.filter((node) => node.roles.includes('control-plane'));
  const names = controlPlanes.map((node) => node.name).join(', ');
  if (!isHaproxyEnabled(spec.ingress)) {
    return [{
      path: ['spec', 'controlPlaneEndpoint'],
      message: `${controlPlanes.length} control planes (${names}) need one API endpoint that reaches all of them, and the HAProxy front end is off (spec.ingress)`,
      expected: 'the host:port of a load balancer in front of port 6443 of every control plane',
    }];
  }
  const address = spec.ingress.loadBalancer.address;
  if (address === undefined) {
    return [{
      path: ['spec', 'ingress', 'loadBalancer', 'address'],
      message: `required with ${controlPlanes.length} control planes (${names}) and no spec.controlPlaneEndpoint: HAProxy balances the API over them and its host is the API endpoint`,
      expected: 'the IPv4 address of the HAProxy host, or a spec.controlPlaneEndpoint of your own',
    }];
  }
  const clash = controlPlanes.find((node) => node.ip === address);
  return clash
    ? [{
      path: ['spec', 'ingress', 'loadBalancer', 'address'],
      message: `is control plane ${clash.name}, whose API server already listens on port ${API_SERVER_PORT}`,
      got: address,
      expected: 'the address of a machine that runs no control plane',
    }]
    : [];
}

/**
 * The control planes HAProxy balances the API over, for a resolved configuration: all of them when there are two
 * or more and the API endpoint is the HAProxy host; none otherwise.
 */
export function apiServersBehindHaproxy(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'nodes' | 'ingress'> & { controlPlaneEndpoint: string }>): Array<{ name: string; ip: string }> {
  const controlPlanes = spec.nodes.filter((node) => node.roles.includes('control-plane'));
  const address = spec.ingress.loadBalancer.address;
  const host = spec.controlPlaneEndpoint.replace(/:\d+$/, '');
  return controlPlanes.length >= 2 && address !== undefined && host === address && isHaproxyEnabled(spec.ingress)
    ? controlPlanes.map((node) => ({ name: node.name, ip: node.ip }))
    : [];
}
