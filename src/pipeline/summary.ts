import { ClusterOutput } from './synthesize-cluster';

/** The per-cluster lines printed after synth and validate. */
export function summarize(output: ClusterOutput): string {
  const objects = output.manifests.reduce((count, manifest) => count + manifest.objects.length, 0);
  const { appliedWaivers, warnings } = output.check;
  const lines = [
    `${output.cluster.name}: ${objects} objects in ${output.files.size} files, ${output.images.length} images, ` +
      `${output.suppliedSecrets.length} supplied secrets, ${appliedWaivers.length} waivers, ${warnings.length} warnings`,
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
