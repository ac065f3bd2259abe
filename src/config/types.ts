import type { OpenMcpRegion } from './openmcp-regions';
import type { FieldPath } from './problems';
import type { OpenMcpMasterConfig, OpenMcpMemberConfig } from './schema';

/**
 * Types shared by the files of the configuration layer, kept apart from the functions so that cluster.ts,
 * openmcp.ts, api-endpoint.ts and cluster-rules.ts can share them without importing each other in a circle.
 */

export type DeepReadonly<T> = T extends (infer E)[]
  ? ReadonlyArray<DeepReadonly<E>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A rule violation found in one cluster file, before the file name is attached. */
export interface RuleViolation {
  readonly path: FieldPath;
  readonly message: string;
  readonly got?: unknown;
  readonly expected?: string;
}

/** What a member cluster needs to know of its master: resolved when the whole folder is loaded. */
export interface OpenMcpMasterSettings {
  /** The master's cluster name. */
  readonly clusterName: string;
  /** The address members reach the master's NodePorts on. */
  readonly externalIp: string;
  /** NodePort of the master's metric collector (gRPC), for members on the master's network. */
  readonly metricCollectorNodePort: number;
  /** Port forwarded to that NodePort on the master's external IP, for members outside its network. */
  readonly metricCollectorExternalPort: number;
  /** The PowerDNS server that resolves the federation's domains. */
  readonly powerDnsIp: string;
  /** Whether the master forwards names outside the cluster domain to PowerDNS; members follow it. */
  readonly forwardDnsToPowerDns: boolean;
}

/** What the master records of each member (its OpenMCPCluster): resolved when the whole folder is loaded. */
export interface OpenMcpMemberSettings {
  /** The member's cluster name: names its OpenMCPCluster and KubeFedCluster. */
  readonly clusterName: string;
  /** Address of the member's Kubernetes API (`serverIP`): the host of its controlPlaneEndpoint. */
  readonly serverIp: string;
  readonly region: OpenMcpRegion;
  readonly zone: string;
  /** `internal`, or `external` when the member reaches the master from outside its network. */
  readonly networkLocation: 'internal' | 'external';
  /** The member's first MetalLB address range (`metalLBRange`), if it has a pool. */
  readonly metalLbRange?: { readonly addressFrom: string; readonly addressTo: string };
}

/** A master's section once loaded with its folder: it carries what it records of each member. */
export type ResolvedOpenMcpMasterConfig = OpenMcpMasterConfig & {
  /** Set by loadClusters, in the order of `members`; absent when a master file is parsed on its own. */
  readonly memberSettings?: readonly OpenMcpMemberSettings[];
};

/** A member's section once loaded with its folder: it carries its master's settings. */
export type ResolvedOpenMcpMemberConfig = OpenMcpMemberConfig & {
  /** Set by loadClusters; absent when a member file is parsed on its own. */
  readonly masterSettings?: OpenMcpMasterSettings;
};
