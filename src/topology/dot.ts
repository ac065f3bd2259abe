/** Small helpers for writing Graphviz DOT text. */

/** A DOT double-quoted string; `\n` in the text becomes a centred line break. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function attributes(attrs: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : quote(value!)}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

/** The look of each kind of box, shared by the drawing and its legend. */
export const STYLES = {
  machine: { shape: 'box3d', style: 'filled', fillcolor: '#dbe9f6' },
  frontEnd: { shape: 'house', style: 'filled', fillcolor: '#fde2c4' },
  route: { shape: 'hexagon', style: 'filled', fillcolor: '#e3d7f4' },
  service: { shape: 'ellipse', style: 'filled', fillcolor: '#d5f0dd' },
  workload: { shape: 'box', style: 'rounded,filled', fillcolor: '#ffffff' },
  volume: { shape: 'folder', style: 'filled', fillcolor: '#fff6c8' },
  storage: { shape: 'cylinder', style: 'filled', fillcolor: '#f2e6c9' },
  pool: { shape: 'note', style: 'filled', fillcolor: '#f4d6d6' },
} as const;

export type Style = keyof typeof STYLES;

export const LEGEND: readonly (readonly [Style, string])[] = [
  ['machine', 'machine (node, IP, roles)'],
  ['frontEnd', 'HAProxy front end'],
  ['route', 'route (Ingress, HTTPRoute, Gateway)'],
  ['service', 'Service'],
  ['workload', 'workload'],
  ['volume', 'PersistentVolume / claim'],
  ['storage', 'NFS export, StorageClass'],
  ['pool', 'MetalLB address pool'],
];

/** The legend as a DOT subgraph: without edges between them its boxes share a rank, one column in a left-to-right drawing. */
export function legend(): string[] {
  const lines = ['  subgraph cluster_legend {', '    label="legend"; style="dashed"; color="#999999"; fontsize=11;'];
  [...LEGEND].reverse().forEach(([style, label], index) => lines.push(`    legend_${index}${attributes({ ...STYLES[style], label, fontsize: 9 })};`));
  lines.push('  }');
  return lines;
}

export const GRAPH_DEFAULTS = [
  '  graph [fontname="DejaVu Sans", fontsize=12, labelloc=t, nodesep=0.25, ranksep=0.9, newrank=true, compound=true];',
  '  node [fontname="DejaVu Sans", fontsize=10, margin="0.12,0.06"];',
  '  edge [fontname="DejaVu Sans", fontsize=9, color="#555555", arrowsize=0.7];',
];
