import { ClusterDiff, describe, OutputDiff } from './object-diff';
import { FieldChange } from './field-change';

export type ReportFormat = 'text' | 'markdown' | 'json';

export function formatReport(result: OutputDiff, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2);
    case 'markdown':
      return markdown(result);
    default:
      return text(result);
  }
}

function value(input: unknown): string {
  if (input === undefined) return '(none)';
  const rendered = JSON.stringify(input);
  return rendered.length > 120 ? `${rendered.slice(0, 117)}...` : rendered;
}

function field(change: FieldChange): string {
  if (typeof change.old === 'string' && typeof change.new === 'string' && (change.old.includes('\n') || change.new.includes('\n'))) {
    const before = change.old.split('\n');
    const after = change.new.split('\n');
    const removed = before.filter((line) => !after.includes(line)).map((line) => `- ${line.trim()}`);
    const added = after.filter((line) => !before.includes(line)).map((line) => `+ ${line.trim()}`);
    return `${change.path}: text lines ${[...removed, ...added].join(' | ') || 'reordered'}`;
  }
  if (!('old' in change)) return `${change.path}: + ${value(change.new)}`;
  if (!('new' in change)) return `${change.path}: - ${value(change.old)}`;
  return `${change.path}: ${value(change.old)} → ${value(change.new)}`;
}

function lines(cluster: ClusterDiff, indent: string): string[] {
  const out: string[] = [];
  cluster.warnings.forEach((warning) => out.push(`${indent}WARNING ${warning}`));
  cluster.added.forEach((object) => out.push(`${indent}+ ${describe(object)} (${object.file})`));
  cluster.removed.forEach((object) => out.push(`${indent}- ${describe(object)} (${object.file})`));
  cluster.renamed.forEach(({ from, to }) => out.push(`${indent}~ ${describe(from)} → ${to.name} (renamed: delete + create)`));
  for (const change of cluster.changed) {
    out.push(`${indent}~ ${describe(change.object)} (${change.object.file})`);
    change.fields.forEach((each) => out.push(`${indent}    ${field(each)}`));
  }
  for (const file of cluster.files) {
    out.push(`${indent}${file.status === 'added' ? '+' : file.status === 'removed' ? '-' : '~'} ${file.path}${file.advice ? `  → ${file.advice}` : ''}`);
  }
  return out;
}

function counts(cluster: ClusterDiff): string {
  return `${cluster.added.length} added, ${cluster.removed.length} removed, ${cluster.changed.length} changed, ${cluster.renamed.length} renamed, ${cluster.files.length} files, ${cluster.warnings.length} warnings`;
}

function text(result: OutputDiff): string {
  if (!result.changed) return 'no changes';
  const out: string[] = [];
  for (const cluster of result.clusters.filter((each) => each.status !== 'unchanged')) {
    out.push(`cluster ${cluster.cluster} (${cluster.status}): ${counts(cluster)}`);
    if (cluster.status === 'changed') out.push(...lines(cluster, '  '));
  }
  return out.join('\n');
}

function escape(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function markdown(result: OutputDiff): string {
  if (!result.changed) return '### hanok diff\n\nNo changes to the generated output.\n';
  const changed = result.clusters.filter((each) => each.status !== 'unchanged');
  const out = [
    '### hanok diff',
    '',
    '| cluster | status | added | removed | changed | renamed | files | warnings |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...changed.map(
      (cluster) =>
        `| ${cluster.cluster} | ${cluster.status} | ${cluster.added.length} | ${cluster.removed.length} | ${cluster.changed.length} | ${cluster.renamed.length} | ${cluster.files.length} | ${cluster.warnings.length ? `⚠️ ${cluster.warnings.length}` : 0} |`,
    ),
    '',
  ];
  for (const cluster of changed) {
    cluster.warnings.forEach((warning) => out.push(`> [!WARNING]\n> **${cluster.cluster}**: ${escape(warning)}\n`));
  }
  for (const cluster of changed.filter((each) => each.status === 'changed')) {
    out.push(`<details><summary><b>${cluster.cluster}</b>: ${counts(cluster)}</summary>`, '', '```diff', ...lines(cluster, ''), '```', '', '</details>', '');
  }
  return out.join('\n');
}
