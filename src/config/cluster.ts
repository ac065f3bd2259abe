import type { ResolvedOpenMcpConfig } from './openmcp';
import { ClusterConfig, ClusterSpecConfig } from './schema';

/** The resolved, frozen configuration of one cluster: every default filled in, including those that depend on other fields. */
export interface Cluster {
  readonly name: string;
  /** The file it was read from, for messages. */
  readonly sourceFile: string;
  /** The base files merged into it (`spec.bases`, transitively), in merge order. */
  readonly baseFiles: readonly string[];
  /** `openmcp` of a member also carries its master's settings once the whole folder is loaded (see openmcp.ts). */
  readonly spec: DeepReadonly<Omit<ClusterSpecConfig, 'openmcp'> & { controlPlaneEndpoint: string; openmcp?: ResolvedOpenMcpConfig }>;
}

export type DeepReadonly<T> = T extends (infer E)[]
  ? ReadonlyArray<DeepReadonly<E>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export const API_SERVER_PORT = 6443;

export function resolveCluster(config: ClusterConfig, sourceFile: string, baseFiles: readonly string[] = []): Cluster {
  const firstControlPlane = config.spec.nodes.find((node) => node.roles.includes('control-plane'))!;
  return deepFreeze({
    name: config.metadata.name,
    sourceFile,
    baseFiles: [...baseFiles],
    spec: {
      ...config.spec,
      controlPlaneEndpoint: config.spec.controlPlaneEndpoint ?? `${firstControlPlane.ip}:${API_SERVER_PORT}`,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
