import type { Cluster } from './cluster';
import { withDnsServers } from './derived-defaults';
import { openMcpDnsServers, openMcpMaster, openMcpMasterSettings, openMcpMember, openMcpMemberSettings } from './openmcp';

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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
