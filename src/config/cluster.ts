import { ClusterConfig, ClusterSpecConfig, RegistryConfig, RegistryTlsConfig } from './schema';
import { apiEndpoint } from './api-endpoint';
import type { DeepReadonly, ResolvedOpenMcpConfig } from './types';

/** `spec.registry` with the CA file read: `tls.caCertificate` is the PEM text of `tls.caFile`. */
export type ResolvedRegistryConfig = Omit<RegistryConfig, 'tls'> & { tls?: RegistryTlsConfig & { caCertificate: string } };

/** `spec.images` with its derived defaults: the platforms of the nodes, and the bootstrap registry as mirror. */
export type ResolvedImagesConfig = ClusterSpecConfig['images'] & { platforms: string[] };

/** The resolved, frozen configuration of one cluster: every default filled in, including those that depend on other fields. */
export interface Cluster {
  readonly name: string;
  /** The file it was read from, for messages. */
  readonly sourceFile: string;
  /** The base files merged into it (`spec.bases`, transitively), in merge order. */
  readonly baseFiles: readonly string[];
  /** `openmcp` of a member also carries its master's settings once the whole folder is loaded (see openmcp.ts). */
  readonly spec: DeepReadonly<
    Omit<ClusterSpecConfig, 'openmcp' | 'registry' | 'images'> & {
      controlPlaneEndpoint: string;
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
  /** The base files merged into the cluster (bases.ts). @default [] */
  readonly baseFiles?: readonly string[];
}

export function resolveCluster(config: ClusterConfig, sourceFile: string, options: ResolveOptions = {}): Cluster {
  const { registryCa, baseFiles = [] } = options;
  const registryTls = config.spec.registry.tls;
  if (registryTls && registryCa === undefined) {
    throw new Error(`${sourceFile}: spec.registry.tls.caFile was not read before resolving the cluster`);
  }
  return deepFreeze({
    name: config.metadata.name,
    sourceFile,
    baseFiles: [...baseFiles],
    spec: {
      ...config.spec,
      controlPlaneEndpoint: apiEndpoint(config.spec),
      registry: { ...config.spec.registry, tls: registryTls ? { ...registryTls, caCertificate: registryCa! } : undefined },
      images: resolveImages(config),
    },
  });
}

function resolveImages(config: ClusterConfig): ResolvedImagesConfig {
  const images = config.spec.images;
  const bootstrap = images.bootstrapRegistry;
  return {
    ...images,
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
