import type { Cluster } from './cluster';
import { formatIpv4, parseIpv4Range } from '../kube/ipv4';
import type { NetworkingConfig } from './schema';
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

type OpenMcpCluster = Pick<Cluster, 'name' | 'spec'>;

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
 * Clusters without OpenMCP are returned unchanged.
 */
export function resolveOpenMcpFleet(clusters: readonly Cluster[]): Cluster[] {
  const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  return clusters.map((cluster) => {
    const masterConfig = openMcpMaster(cluster);
    if (masterConfig) {
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
    return Object.freeze({ ...cluster, spec: Object.freeze({ ...cluster.spec, openmcp }) });
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

/**
 * The networking configuration with OpenMCP's DNS forwarding (upstream rewrites CoreDNS to forward to PowerDNS):
 * servers configured in `spec.networking.dns.upstreamServers` win; otherwise CoreDNS forwards to PowerDNS.
 */
export function withOpenMcpDns(cluster: OpenMcpCluster, networking: DeepReadonly<NetworkingConfig>): DeepReadonly<NetworkingConfig> {
  const servers = openMcpDnsServers(cluster);
  if (servers.length === 0 || networking.dns.upstreamServers.length > 0) {
    return networking;
  }
  return { ...networking, dns: { ...networking.dns, upstreamServers: servers } };
}
