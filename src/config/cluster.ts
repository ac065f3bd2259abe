import type { ResolvedOpenMcpConfig } from './openmcp';
import { ClusterConfig, ClusterSpecConfig } from './schema';

/** `spec.images` with its derived defaults: the platforms of the nodes, and the bootstrap registry as mirror. */
export type ResolvedImagesConfig = ClusterSpecConfig['images'] & { platforms: string[] };

/** The resolved, frozen configuration of one cluster: every default filled in, including those that depend on other fields. */
export interface Cluster {
  readonly name: string;
  /** The file it was read from, for messages. */
  readonly sourceFile: string;
  /** `openmcp` of a member also carries its master's settings once the whole folder is loaded (see openmcp.ts). */
  readonly spec: DeepReadonly<
    Omit<ClusterSpecConfig, 'openmcp' | 'images'> & { controlPlaneEndpoint: string; openmcp?: ResolvedOpenMcpConfig; images: ResolvedImagesConfig }
  >;
}

export type DeepReadonly<T> = T extends (infer E)[]
  ? ReadonlyArray<DeepReadonly<E>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export const API_SERVER_PORT = 6443;

export function resolveCluster(config: ClusterConfig, sourceFile: string): Cluster {
  const firstControlPlane = config.spec.nodes.find((node) => node.roles.includes('control-plane'))!;
  return deepFreeze({
    name: config.metadata.name,
    sourceFile,
    spec: {
      ...config.spec,
      controlPlaneEndpoint: config.spec.controlPlaneEndpoint ?? `${firstControlPlane.ip}:${API_SERVER_PORT}`,
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
