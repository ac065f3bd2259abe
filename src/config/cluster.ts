import type { ResolvedOpenMcpConfig } from './openmcp';
import { ClusterConfig, ClusterSpecConfig } from './schema';
import { apiEndpoint } from './api-endpoint';

/** The resolved, frozen configuration of one cluster: every default filled in, including those that depend on other fields. */
export interface Cluster {
  readonly name: string;
  /** The file it was read from, for messages. */
  readonly sourceFile: string;
  /** `openmcp` of a member also carries its master's settings once the whole folder is loaded (see openmcp.ts). */
  readonly spec: DeepReadonly<Omit<ClusterSpecConfig, 'openmcp'> & { controlPlaneEndpoint: string; openmcp?: ResolvedOpenMcpConfig }>;
}

export type DeepReadonly<T> = T extends (infer E)[]
  ? ReadonlyArray<DeepReadonly<E>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export { API_SERVER_PORT } from './api-endpoint';

export function resolveCluster(config: ClusterConfig, sourceFile: string): Cluster {
  return deepFreeze({
    name: config.metadata.name,
    sourceFile,
    spec: {
      ...config.spec,
      controlPlaneEndpoint: apiEndpoint(config.spec),
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
