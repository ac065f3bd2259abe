import { ClusterOutput } from './synthesize-cluster';
import type { WrittenCluster } from './synth';

/** The per-cluster lines printed after synth and validate. */
export function summarize(output: ClusterOutput | WrittenCluster): string {
  const objects = output.manifests.reduce((count, manifest) => count + ('objects' in manifest ? manifest.objects.length : manifest.objectCount), 0);
  // Files validate leaves undrawn (topology.svg) count too: the summary says what synth would write.
  const files = ('size' in output.files ? output.files.size : output.files.length) + (output.undrawn?.length ?? 0);
  const { appliedWaivers, warnings } = output.check;
  const lines = [
    `${output.cluster.name}: ${plural(objects, 'object')} in ${plural(files, 'file')}, ${plural(output.images.length, 'image')}, ` +
      `${plural(output.suppliedSecrets.length, 'supplied secret')}, ${plural(appliedWaivers.length, 'waiver')}, ${plural(warnings.length, 'warning')}`,
  ];
  for (const patch of output.appliedPatches) {
    lines.push(`  patch   ${patch.object}: ${patch.source} (${patch.type})`);
  }
  for (const waiver of appliedWaivers) {
    lines.push(`  waiver  ${waiver.object}: ${waiver.rule}: ${waiver.reason}`);
  }
  for (const warning of warnings) {
    lines.push(`  warning ${warning}`);
  }
  return lines.join('\n');
}

/** `1 file`, `0 files`, `2 files`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
