import type { Cluster, DeepReadonly } from './cluster';
import { withDnsServers } from './derived-defaults';
import { formatIpv4, parseIpv4Range } from './ipv4';
import type { MetalLbConfig, NodeConfig, OpenMcpMasterConfig, OpenMcpMemberConfig } from './schema';

/**
 * OpenMCP facts the configuration needs: regions and zones of member clusters, and what a member knows of its
 * master once the whole cluster folder is loaded. Only type imports from schema.ts, which imports this file.
 */

/** The regions OpenMCP places member clusters in (seed 001, "How To Join Cluster" §4). */
export const OPENMCP_REGIONS = ['AS', 'AF', 'AN', 'EU', 'NA', 'SA'] as const;
export type OpenMcpRegion = (typeof OPENMCP_REGIONS)[number];

/** What each region code stands for, for messages and documentation. */
export const OPENMCP_REGION_NAMES: Readonly<Record<OpenMcpRegion, string>> = {
  AS: 'Asia',
  AF: 'Africa',
  AN: 'Antarctica',
  EU: 'Europe',
  NA: 'North America',
  SA: 'South America',
};

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 country codes: OpenMCP's zones. Reserved and withdrawn codes
 * (UK, EU, XK, ...) are not zones.
 */
export const ISO_3166_ALPHA2_CODES: ReadonlySet<string> = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
   CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
   GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
   KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
   MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
   SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
   UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

/** The node labels that place a member cluster; OpenMCP's schedulers and the load-balancing controller read them. */
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/**
 * The deprecated keys of the same facts. OpenMCP's scheduler matches only these when it places replicas
 * (openmcp-scheduler/src/scheduling.go reads `failure-domain.beta.kubernetes.io/region|zone` off each member's
 * nodes), and upstream's cluster manager labels both sets on join, so members carry both. The kubelet may still set
 * them through `--node-labels` (NodeRestriction allows them).
 */
export const LEGACY_REGION_LABEL = 'failure-domain.beta.kubernetes.io/region';
export const LEGACY_ZONE_LABEL = 'failure-domain.beta.kubernetes.io/zone';

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

/** What the functions below read of a cluster: a resolved one, or one being resolved (cluster.ts). */
type OpenMcpCluster = {
  readonly name: string;
  readonly spec: DeepReadonly<{
    openmcp?: ResolvedOpenMcpMasterConfig | ResolvedOpenMcpMemberConfig;
    nodes: NodeConfig[];
    controlPlaneEndpoint: string;
    networking: { metallb: Pick<MetalLbConfig, 'pools'> };
  }>;
};

/** The master section of a cluster, if it is an OpenMCP master. */
export function openMcpMaster(cluster: OpenMcpCluster): DeepReadonly<ResolvedOpenMcpMasterConfig> | undefined {
  const openmcp = cluster.spec.openmcp;
  return openmcp?.role === 'master' ? openmcp : undefined;
}

/** The member section of a cluster, if it is an OpenMCP member. */
export function openMcpMember(cluster: OpenMcpCluster): DeepReadonly<ResolvedOpenMcpMemberConfig> | undefined {
  const openmcp = cluster.spec.openmcp;
  return openmcp?.role === 'member' ? openmcp : undefined;
}

/** A master's settings as its members see them, with `externalIp` defaulting to the first control-plane node. */
export function openMcpMasterSettings(master: OpenMcpCluster): OpenMcpMasterSettings {
  const config = openMcpMaster(master);
  if (!config) {
    throw new Error(`cluster '${master.name}' is not an OpenMCP master (spec.openmcp.role is ${JSON.stringify(master.spec.openmcp?.role)})`);
  }
  const firstControlPlane = master.spec.nodes.find((node) => node.roles.includes('control-plane')) ?? master.spec.nodes[0];
  return {
    clusterName: master.name,
    externalIp: config.externalIp ?? firstControlPlane.ip,
    metricCollectorNodePort: config.metricCollectorNodePort,
    metricCollectorExternalPort: config.metricCollectorExternalPort,
    powerDnsIp: config.powerDns.internalIp,
    forwardDnsToPowerDns: config.powerDns.forwardClusterDns,
  };
}

/** What a master records of one of its members. */
export function openMcpMemberSettings(member: OpenMcpCluster): OpenMcpMemberSettings {
  const config = openMcpMember(member);
  if (!config) {
    throw new Error(`cluster '${member.name}' is not an OpenMCP member (spec.openmcp.role is ${JSON.stringify(member.spec.openmcp?.role)})`);
  }
  const firstRange = member.spec.networking.metallb.pools[0]?.addresses[0];
  const range = firstRange === undefined ? undefined : parseIpv4Range(firstRange);
  return {
    clusterName: member.name,
    serverIp: member.spec.controlPlaneEndpoint.replace(/:\d+$/, ''),
    region: config.region,
    zone: config.zone,
    networkLocation: config.outsideMasterNetwork ? 'external' : 'internal',
    metalLbRange: range ? { addressFrom: formatIpv4(range.first), addressTo: formatIpv4(range.last) } : undefined,
  };
}

/**
 * Gives every member the settings of its master, and every master what it records of its members. Run after the
 * fleet rules, which guarantee that each member's master exists and is a master and that the master lists it.
 * A member's CoreDNS then forwards to its master's PowerDNS, unless it names DNS servers of its own.
 * Clusters without OpenMCP are returned unchanged.
 */
export function resolveOpenMcpFleet(clusters: readonly Cluster[]): Cluster[] {
  const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  return clusters.map((cluster) => {
    const masterConfig = cluster.spec.openmcp;
    if (masterConfig?.role === 'master') {
      const members = masterConfig.members.map((name) => byName.get(name)).filter((member): member is Cluster => member !== undefined && openMcpMember(member) !== undefined);
      const openmcp = Object.freeze({ ...masterConfig, memberSettings: Object.freeze(members.map((member) => Object.freeze(openMcpMemberSettings(member)))) });
      return Object.freeze({ ...cluster, spec: Object.freeze({ ...cluster.spec, openmcp }) });
    }
    const member = openMcpMember(cluster);
    const master = member ? byName.get(member.master) : undefined;
    if (!member || !master || !openMcpMaster(master)) {
      return cluster;
    }
    const openmcp = Object.freeze({ ...member, masterSettings: Object.freeze(openMcpMasterSettings(master)) });
    const resolved = { name: cluster.name, spec: { ...cluster.spec, openmcp } };
    const networking = withDnsServers(cluster.spec.networking, openMcpDnsServers(resolved));
    return Object.freeze({ ...cluster, spec: Object.freeze({ ...resolved.spec, networking: networking === cluster.spec.networking ? networking : deepFreeze(networking) }) });
  });
}

/**
 * The node labels OpenMCP gives every node of a member cluster: its region and zone under the current topology
 * keys and under the deprecated `failure-domain.beta.kubernetes.io/*` keys the scheduler still matches (see
 * LEGACY_REGION_LABEL). Empty for other clusters. The node setup (kubelet `--node-labels`) and openmcp-join.sh apply them.
 */
export function openMcpNodeLabels(cluster: OpenMcpCluster): Record<string, string> {
  const member = openMcpMember(cluster);
  return member
    ? {
        [LEGACY_REGION_LABEL]: member.region,
        [LEGACY_ZONE_LABEL]: member.zone,
        [REGION_LABEL]: member.region,
        [ZONE_LABEL]: member.zone,
      }
    : {};
}

/** The PowerDNS server CoreDNS forwards to on an OpenMCP cluster, if it should. */
export function openMcpDnsServers(cluster: OpenMcpCluster): string[] {
  const master = openMcpMaster(cluster);
  if (master) {
    return master.powerDns.forwardClusterDns ? [master.powerDns.internalIp] : [];
  }
  const member = openMcpMember(cluster);
  const settings = member?.masterSettings;
  // From outside the master's network PowerDNS's internal address is out of reach.
  return settings?.forwardDnsToPowerDns && !member?.outsideMasterNetwork ? [settings.powerDnsIp] : [];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
