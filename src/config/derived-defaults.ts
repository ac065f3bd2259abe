import type { IngressConfig } from './schema';

/**
 * Defaults that depend on other fields of the cluster file. The rules (cluster-rules.ts) read them from the file as
 * written; resolveCluster writes them into the resolved cluster, so charts and the pipeline only read the result.
 */

/** Whether MetalLB is installed: as configured, or else when pools are given. */
export function isMetalLbEnabled(metallb: { readonly enabled?: boolean; readonly pools: readonly unknown[] }): boolean {
  return metallb.enabled ?? metallb.pools.length > 0;
}

/** The IngressClass a cluster's Ingresses name: as configured, or else the controller's own. */
export function ingressClassName(ingress: Readonly<Pick<IngressConfig, 'className' | 'controller'>>): string {
  return ingress.className ?? (ingress.controller === 'ingress-nginx' ? 'nginx' : 'traefik');
}

/**
 * The networking section with the DNS servers CoreDNS forwards to: servers configured in
 * `spec.networking.dns.upstreamServers` win; otherwise `servers` (OpenMCP's PowerDNS), if any.
 */
export function withDnsServers<T extends { readonly dns: { readonly upstreamServers: readonly string[] } }>(networking: T, servers: readonly string[]): T {
  if (servers.length === 0 || networking.dns.upstreamServers.length > 0) {
    return networking;
  }
  return { ...networking, dns: { ...networking.dns, upstreamServers: [...servers] } };
}
