import { openMcpDnsServers, openMcpMasterSettings, openMcpNodeLabels } from './openmcp';
import type { BootstrapRegistryConfig, ClusterConfig, ClusterSpecConfig, IngressConfig, MetalLbConfig, NetworkingConfig, NodeConfig, RegistryConfig, RegistryTlsConfig } from './schema';
import { apiEndpoint, apiServersBehindHaproxy, isHaproxyEnabled } from './api-endpoint';
import { ingressClassName, isMetalLbEnabled, withDnsServers } from './derived-defaults';
import type { DeepReadonly, OpenMcpMasterSettings, ResolvedOpenMcpMasterConfig, ResolvedOpenMcpMemberConfig } from './types';

/** `spec.registry` with the CA file read: `tls.caCertificate` is the PEM text of `tls.caFile`. */
export type ResolvedRegistryConfig = Omit<RegistryConfig, 'tls'> & { tls?: RegistryTlsConfig & { caCertificate: string } };

/**
 * `spec.images` with its derived defaults: the platforms of the nodes, and the bootstrap registry as mirror; the
 * bootstrap registry's `caCertificate` is the PEM text of its `tls.caFile`.
 */
export type ResolvedImagesConfig = Omit<ClusterSpecConfig['images'], 'bootstrapRegistry'> & {
  platforms: string[];
  bootstrapRegistry?: BootstrapRegistryConfig & { caCertificate?: string };
};

/** `spec.networking` with MetalLB decided, and the DNS servers CoreDNS forwards to (OpenMCP's PowerDNS unless configured). */
export type ResolvedNetworkingConfig = Omit<NetworkingConfig, 'metallb'> & {
  /** `enabled`: as configured, or else whether pools are given. */
  metallb: Omit<MetalLbConfig, 'enabled'> & { enabled: boolean };
};

/** `spec.ingress` with its IngressClass and whether the HAProxy front end is generated decided. */
export type ResolvedIngressConfig = Omit<IngressConfig, 'className' | 'loadBalancer'> & {
  /** As configured, or else the controller's own class (`traefik` or `nginx`). */
  className: string;
  /**
   * `enabled`: whether `nodes/haproxy/haproxy.cfg` is generated (false when the ingress layer is off);
   * `apiServers`: the control planes it balances the Kubernetes API over (none unless it is the API endpoint).
   */
  loadBalancer: Omit<IngressConfig['loadBalancer'], 'enabled'> & { enabled: boolean; apiServers: Array<{ name: string; ip: string }> };
};

/** A node with every label it carries: OpenMCP's region and zone on a member, then its own `labels`, which win. */
export type ResolvedNodeConfig = NodeConfig;

/**
 * `spec.openmcp`: a master carries its own settings as its members see them (`masterSettings`, always set) and,
 * once loaded with its folder, what it records of its members; a member carries its master's settings once loaded
 * with its folder.
 */
export type ResolvedOpenMcpConfig = (ResolvedOpenMcpMasterConfig & { readonly masterSettings: OpenMcpMasterSettings }) | ResolvedOpenMcpMemberConfig;

/** The resolved, frozen configuration of one cluster: every default filled in, including those that depend on other fields. */
export interface Cluster {
  readonly name: string;
  /** The file it was read from, for messages. */
  readonly sourceFile: string;
  /** The base files merged into it (`spec.bases`, transitively), in merge order. */
  readonly baseFiles: readonly string[];
  /** `openmcp` of a member also carries its master's settings once the whole folder is loaded (see openmcp.ts). */
  readonly spec: DeepReadonly<
    Omit<ClusterSpecConfig, 'openmcp' | 'registry' | 'images' | 'networking' | 'ingress' | 'nodes' | 'extensions'> & {
      /** Each extension's section, parsed by the extension's own schema (see src/extensions). */
      extensions: Record<string, unknown>;
      controlPlaneEndpoint: string;
      nodes: ResolvedNodeConfig[];
      networking: ResolvedNetworkingConfig;
      ingress: ResolvedIngressConfig;
      openmcp?: ResolvedOpenMcpConfig;
      registry: ResolvedRegistryConfig;
      images: ResolvedImagesConfig;
    }
  >;
}

export type { DeepReadonly } from './types';
export { API_SERVER_PORT } from './api-endpoint';

export interface ResolveOptions {
  /** The PEM text of `spec.registry.tls.caFile`, read by the loader; required when `tls` is set. */
  readonly registryCa?: string;
  /** The PEM text of `spec.images.bootstrapRegistry.tls.caFile`, read by the loader; required when it is set. */
  readonly bootstrapRegistryCa?: string;
  /** The base files merged into the cluster (bases.ts). @default [] */
  readonly baseFiles?: readonly string[];
}

export function resolveCluster(config: ClusterConfig, sourceFile: string, options: ResolveOptions = {}): Cluster {
  const { registryCa, bootstrapRegistryCa, baseFiles = [] } = options;
  const registryTls = config.spec.registry.tls;
  if (registryTls && registryCa === undefined) {
    throw new Error(`${sourceFile}: spec.registry.tls.caFile was not read before resolving the cluster`);
  }
  const spec = config.spec;
  const name = config.metadata.name;
  const controlPlaneEndpoint = apiEndpoint(spec);
  const openmcp = spec.openmcp?.role === 'master'
    ? { ...spec.openmcp, masterSettings: openMcpMasterSettings({ name, spec: { ...spec, controlPlaneEndpoint } }) }
    : spec.openmcp;
  const own = { name, spec: { ...spec, controlPlaneEndpoint, openmcp } };
  const regionLabels = openMcpNodeLabels(own);
  return deepFreeze({
    name,
    sourceFile,
    baseFiles: [...baseFiles],
    spec: {
      ...spec,
      controlPlaneEndpoint,
      nodes: spec.nodes.map((node) => ({ ...node, labels: sortedLabels({ ...regionLabels, ...node.labels }) })),
      networking: withDnsServers(
        { ...spec.networking, metallb: { ...spec.networking.metallb, enabled: isMetalLbEnabled(spec.networking.metallb) } },
        openMcpDnsServers(own),
      ),
      ingress: {
        ...spec.ingress,
        className: ingressClassName(spec.ingress),
        loadBalancer: {
          ...spec.ingress.loadBalancer,
          enabled: isHaproxyEnabled(spec.ingress),
          apiServers: apiServersBehindHaproxy({ ...spec, controlPlaneEndpoint }),
        },
      },
      openmcp,
      registry: { ...spec.registry, tls: registryTls ? { ...registryTls, caCertificate: registryCa! } : undefined },
      images: resolveImages(config, bootstrapRegistryCa),
    },
  });
}

/** Keys sorted so the output is stable. */
function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function resolveImages(config: ClusterConfig, caCertificate: string | undefined): ResolvedImagesConfig {
  const images = config.spec.images;
  const bootstrap = images.bootstrapRegistry;
  if (bootstrap?.tls.caFile !== undefined && caCertificate === undefined) {
    throw new Error(`spec.images.bootstrapRegistry.tls.caFile was not read before resolving the cluster`);
  }
  return {
    ...images,
    bootstrapRegistry: bootstrap && { ...bootstrap, caCertificate },
    mirror: images.mirror ?? (bootstrap ? `${bootstrap.host}:${bootstrap.port}` : undefined),
    platforms: images.platforms ?? [...new Set(config.spec.nodes.map((node) => `linux/${node.arch}`))].sort(),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
