import { COMPONENTS, DEFAULT_KUBERNETES_VERSION, formatRange, isInRange, NODE_REQUIREMENTS } from '../versions/compatibility-matrix';
import { KUBERNETES_MINORS, today as currentDay } from '../versions/kubernetes-releases';

/**
 * `hanok versions`: the Kubernetes window and the component compatibility matrix, as a plain-text table for
 * terminals, or as Markdown (`--markdown`, the README's table).
 */
export function versionsReport(options: { markdown?: boolean; today?: string } = {}): string[] {
  const day = options.today ?? currentDay();
  const minors = KUBERNETES_MINORS.map((entry) => entry.minor);
  const header = ['component', 'version', 'Kubernetes', ...minors];
  const rows = COMPONENTS.map((component) => [
    component.id,
    component.version,
    formatRange(component.kubernetes),
    ...minors.map((minor) => {
      if (!isInRange(minor, component.kubernetes)) return 'no';
      const removed = (component.removedApis ?? []).some((api) => Number(minor.split('.')[1]) >= Number(api.removedIn.split('.')[1]));
      return removed ? 'warn' : 'yes';
    }),
  ]);
  const window = KUBERNETES_MINORS.map((entry) => `${entry.minor} (end of life ${entry.endOfLife}${entry.endOfLife < day ? ', past' : ''})`).join(', ');
  const notes = COMPONENTS.map((component) =>
    `${component.id}: ${component.note}${component.removedApis?.length ? `; upstream image calls ${component.removedApis.map((api) => `${api.api} (removed in ${api.removedIn})`).join(', ')}` : ''}`);
  const lines: string[] = [];
  if (options.markdown) {
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`));
  } else {
    lines.push(`Kubernetes versions: ${window}`, `Default: ${DEFAULT_KUBERNETES_VERSION}`, '');
    const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
    for (const row of [header, ...rows]) {
      lines.push(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
    }
    lines.push('', 'no: synth fails; warn: the upstream image calls APIs that minor no longer serves (override the image)', '');
    lines.push(...notes);
    lines.push('', `Nodes: cgroup v2 from ${NODE_REQUIREMENTS.cgroupV2From}, containerd 2.x from ${NODE_REQUIREMENTS.containerd2From} (prepare-node.sh checks both).`);
  }
  return lines;
}
