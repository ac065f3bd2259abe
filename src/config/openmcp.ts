import { formatIpv4, parseIpv4Range } from '../kube/ipv4';
import type { MetalLbConfig, NodeConfig } from './schema';
import type {
  DeepReadonly,
  OpenMcpMasterSettings,
  OpenMcpMemberSettings,
  ResolvedOpenMcpMasterConfig,
  ResolvedOpenMcpMemberConfig,
} from './types';

/**
 * OpenMCP facts the configuration needs: regions and zones of member clusters, and what a member knows of its
 * master once the whole cluster folder is loaded. The regions and country codes are in openmcp-regions.ts, the
 * resolved types in types.ts.
 */

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
