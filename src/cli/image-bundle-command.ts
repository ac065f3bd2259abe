import { spawnSync } from 'child_process';
import { BundleFile } from '../pipeline/bundle';
import { UserError } from '../config/errors';
import { clusterPlatforms, writeImageBundle } from '../pipeline/image-bundle';
import { formatBytes, formatPlatform } from '../pipeline/image-layout';
import { kubeadmImageVersions, KubeadmImageVersions, kubernetesMinor, parseKubeadmImageList } from '../pipeline/kubeadm-images';
import { Provenance } from '../pipeline/provenance';
import { SigningKey } from '../pipeline/ssh-signature';
import { ClusterOutput } from '../pipeline/synthesize-cluster';

export interface ImageBundleArgs {
  readonly out: string;
  /** `--packages DIR`: node packages to carry. */
  readonly packagesDir?: string;
  /** `--pull-from PREFIX`: a connected-side pull-through cache, registries below folders named by host. */
  readonly pullFrom?: string;
  /** `--pull-insecure`: reach it over plain HTTP (test setups). */
  readonly pullInsecure?: boolean;
  /** What produced the bundle, written to PROVENANCE. */
  readonly provenance?: Provenance;
  /** `--sign-key`: signs SHA256SUMS. */
  readonly signingKey?: SigningKey;
  /** `--exe`: the single executable and the cluster files. */
  readonly extraFiles?: readonly BundleFile[];
}

/**
 * `hanok bundle --images`: the bundle with the cluster's images (and kubeadm's) in an OCI image layout, copied with
 * skopeo, and the node package list (with the packages, given `--packages`). Progress goes to `err`, the summary to `out`.
 */
export function runImageBundle(output: ClusterOutput, args: ImageBundleArgs, out: (line: string) => void, err: (line: string) => void): number {
  const skopeo = spawnSync('skopeo', ['--version'], { encoding: 'utf8' });
  if (skopeo.error || skopeo.status !== 0) {
    throw new UserError('bundle --images copies images with skopeo, which is not installed here: apt-get install skopeo');
  }
  const version = output.cluster.spec.kubernetesVersion;
  const kubeadmVersions = installedKubeadmVersions(version, err);
  const platforms = clusterPlatforms(output);
  err(`Bundling cluster ${output.cluster.name} with its images for ${platforms.map(formatPlatform).join(', ')} (${skopeo.stdout.trim()})`);
  const started = Date.now();
  const summary = writeImageBundle(output, {
    outFile: args.out,
    log: err,
    kubeadmVersions,
    packagesDir: args.packagesDir,
    pullFrom: args.pullFrom,
    pullInsecure: args.pullInsecure,
    provenance: args.provenance,
    signingKey: args.signingKey,
    extraFiles: args.extraFiles,
  });
  out(
    `wrote ${args.out}: ${summary.files} files of cluster ${output.cluster.name}; ${summary.images.length} images, ${summary.blobs} unique blobs, ` +
      `${formatBytes(summary.bytes)} of image data, ${formatBytes(summary.bundleBytes)} compressed, in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      `${summary.skipped.length > 0 ? `; ${summary.skipped.length} images left out (see above)` : ''}; check it with: hanok verify ${args.out}`,
  );
  return 0;
}

/**
 * kubeadm's image versions from an installed kubeadm of the same minor (exact for its patch release), else hanok's
 * table, saying so when the table's row is unchecked.
 */
function installedKubeadmVersions(version: string, err: (line: string) => void): KubeadmImageVersions {
  const installed = spawnSync('kubeadm', ['version', '-o', 'short'], { encoding: 'utf8' });
  if (!installed.error && installed.status === 0 && installed.stdout.trim().startsWith(`v${kubernetesMinor(version)}.`)) {
    const list = spawnSync('kubeadm', ['config', 'images', 'list', '--kubernetes-version', `v${version}`], { encoding: 'utf8' });
    const parsed = list.status === 0 ? parseKubeadmImageList(list.stdout) : undefined;
    if (parsed) {
      err(`kubeadm's images read from the installed kubeadm ${installed.stdout.trim()}`);
      return parsed;
    }
  }
  const row = kubeadmImageVersions(version);
  if (row.source === 'unchecked') {
    err(
      `note: kubeadm's image versions for ${kubernetesMinor(version)} (pause ${row.pause}, etcd ${row.etcd}, CoreDNS ${row.coredns}) are hanok's unchecked entry; ` +
        `install kubeadm v${version} here to read them from 'kubeadm config images list'`,
    );
  }
  return row;
}
