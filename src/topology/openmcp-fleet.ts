import { Cluster } from '../config/cluster';
import { openMcpMaster, openMcpMember } from '../config/openmcp';
import { OPENMCP_REGION_NAMES } from '../config/openmcp-regions';
import { attributes, GRAPH_DEFAULTS, quote, STYLES } from './dot';

/**
 * The DOT text of an OpenMCP federation: the master and its members grouped by region, each with its zone and nodes.
 * `fleet` is every loaded cluster; a member the master names but the folder lacks is drawn as unknown.
 */
export function openMcpFleetDot(master: Cluster, fleet: readonly Cluster[]): string {
  const config = openMcpMaster(master);
  if (!config) throw new Error(`cluster '${master.name}' is not an OpenMCP master`);
  const lines = [`digraph ${quote(`${master.name}-fleet`)} {`, ...GRAPH_DEFAULTS, `  graph [rankdir=TB, label=${quote(`OpenMCP federation of ${master.name}`)}];`];
  const nodesOf = (cluster: Cluster) => cluster.spec.nodes.map((node) => `${node.name} ${node.ip}`).join('\n');
  lines.push(`  ${quote(`master/${master.name}`)}${attributes({ ...STYLES.frontEnd, shape: 'box3d', label: `master ${master.name}\n${nodesOf(master)}` })};`);
  const members = config.members.map((name) => ({ name, cluster: fleet.find((candidate) => candidate.name === name) }));
  const regions = [...new Set(members.map(({ cluster }) => (cluster ? openMcpMember(cluster)?.region : undefined) ?? '?'))].sort();
  for (const region of regions) {
    const title = region === '?' ? 'region unknown' : `region ${region} (${OPENMCP_REGION_NAMES[region as keyof typeof OPENMCP_REGION_NAMES]})`;
    lines.push(`  subgraph ${quote(`cluster_region_${region}`)} {`, `    label=${quote(title)}; style="rounded"; color="#6b8fb3";`);
    for (const { name, cluster } of members.filter((member) => ((member.cluster ? openMcpMember(member.cluster)?.region : undefined) ?? '?') === region)) {
      const member = cluster ? openMcpMember(cluster) : undefined;
      const label = cluster && member ? `member ${name}\nzone ${member.zone}\n${nodesOf(cluster)}` : `member ${name}\n(not in this cluster folder)`;
      lines.push(`    ${quote(`member/${name}`)}${attributes({ ...STYLES.machine, label })};`);
    }
    lines.push('  }');
  }
  for (const { name } of members) {
    lines.push(`  ${quote(`master/${master.name}`)} -> ${quote(`member/${name}`)}${attributes({ label: 'kubefed join' })};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
