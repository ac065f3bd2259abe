import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as Tar from 'tar';
import { splitImageName, parseImageReference } from '../kube/image-reference';
import { BUNDLE_MTIME, BundleFile, bundleFiles, bundleRoot } from './bundle';
import { CHECKSUMS_FILE, GZIP_HEADER, SIGNATURE_FILE } from './bundle-verify';
import { Provenance } from './provenance';
import { SigningKey, signSsh } from './ssh-signature';
import { BundleImage, parsePlatform, Platform, pullImages, PullSummary, sha256File } from './image-layout';
import { kubeadmImages, KubeadmImageVersions } from './kubeadm-images';
import { nodePackageFiles, StagedFile } from './node-packages';
import { ClusterOutput } from './synthesize-cluster';

/** tar, loaded when a bundle is written or read: every other command runs without it. */
function tarModule(): typeof Tar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tar') as typeof Tar;
}

/** Folder of the OCI image layout inside a bundle. */
export const IMAGES_DIR = 'images';


export interface ImagePlan {
  readonly images: readonly BundleImage[];
  /** Images not carried, with the reason. */
  readonly skipped: ReadonlyArray<{ readonly image: string; readonly reason: string }>;
}

/**
 * What a cluster's bundle carries: every image of `images.txt` and kubeadm's control-plane images for the configured
 * version, each once. Images of the cluster's own registry (`spec.registry.host`) are built and pushed at the site,
 * so they are left out and named.
 */
export function planBundleImages(output: ClusterOutput, kubeadmVersions?: KubeadmImageVersions): ImagePlan {
  const { spec } = output.cluster;
  const byImage = new Map<string, BundleImage>();
  const skipped: Array<{ image: string; reason: string }> = [];
  const ownRegistry = spec.registry.enabled ? spec.registry.host : undefined;
  const kubeadm = kubeadmImages(spec.kubernetesVersion, spec.images.mirror, kubeadmVersions);
  for (const entry of [...output.mappedImages, ...kubeadm]) {
    if (byImage.has(entry.image)) continue;
    if (ownRegistry && splitImageName(parseImageReference(entry.source).name).host === ownRegistry) {
      skipped.push({ image: entry.image, reason: `published only in the cluster's own registry ${ownRegistry}: push it there at the site` });
      continue;
    }
    byImage.set(entry.image, { image: entry.image, source: entry.source });
  }
  return { images: [...byImage.values()], skipped };
}

/** The platforms of a cluster: `spec.images.platforms`, resolved from the nodes' architectures when not set. */
export function clusterPlatforms(output: ClusterOutput): Platform[] {
  return output.cluster.spec.images.platforms.map(parsePlatform);
}

export interface ImageBundleOptions {
  readonly outFile: string;
  readonly log: (line: string) => void;
  /** Versions of kubeadm's images, when read from an installed kubeadm. @default - hanok's table */
  readonly kubeadmVersions?: KubeadmImageVersions;
  /** Folder of node package files to carry (see node-packages.ts). @default - listed only */
  readonly packagesDir?: string;
  /** Environment of skopeo. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** See `PullOptions.pullFrom`. @default - pulled from where published */
  readonly pullFrom?: string;
  /** See `PullOptions.pullInsecure`. @default false */
  readonly pullInsecure?: boolean;
  /** What produced the bundle, written to PROVENANCE. @default - no PROVENANCE */
  readonly provenance?: Provenance;
  /** Signs SHA256SUMS (SHA256SUMS.sig), which covers the images too. @default - unsigned */
  readonly signingKey?: SigningKey;
  /** Further files, such as the single executable and its cluster files. @default - none */
  readonly extraFiles?: readonly BundleFile[];
}

export interface ImageBundleSummary extends PullSummary {
  readonly files: number;
  readonly skipped: ImagePlan['skipped'];
  readonly bundleBytes: number;
}

/**
 * Writes a bundle that carries the images: the files of `bundleFiles` plus `images/` (an OCI image layout) and
 * `packages/`, with SHA256SUMS over all of them. Everything is staged on disk and streamed into the gzip-compressed
 * tar, so memory stays bounded however large the images are; entries are sorted, times fixed and owners left out,
 * so the same images give the same bytes.
 */
export function writeImageBundle(output: ClusterOutput, options: ImageBundleOptions): ImageBundleSummary {
  const cluster = output.cluster.name;
  const plan = planBundleImages(output, options.kubeadmVersions);
  plan.skipped.forEach((entry) => options.log(`skipped ${entry.image}: ${entry.reason}`));
  const outDir = path.dirname(path.resolve(options.outFile));
  fs.mkdirSync(outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-image-bundle-'));
  try {
    const root = path.join(staging, bundleRoot(cluster));
    const layout = path.join(root, IMAGES_DIR);
    fs.mkdirSync(layout, { recursive: true });
    const pulled = pullImages(plan.images, layout, {
      platforms: clusterPlatforms(output),
      log: options.log,
      env: options.env,
      pullFrom: options.pullFrom,
      pullInsecure: options.pullInsecure,
    });
    const packages = nodePackageFiles(output.cluster, { folder: options.packagesDir });
    const textFiles = [
      ...bundleFiles(output, { provenance: options.provenance, extraFiles: options.extraFiles }).filter((file) => file.path !== CHECKSUMS_FILE),
      { path: 'AIR-GAP.txt', content: Buffer.from(airGapSteps(cluster), 'utf8'), executable: false },
    ];
    const all: Array<{ path: string; sha256: string }> = [];
    for (const file of [...textFiles, ...packages.files]) {
      writeStaged(root, file);
    }
    for (const relative of listFiles(root)) {
      all.push({ path: relative, sha256: relative.startsWith(`${IMAGES_DIR}/blobs/sha256/`) ? path.basename(relative) : sha256File(path.join(root, relative)) });
    }
    all.sort((a, b) => compareText(a.path, b.path));
    const sums = Buffer.from(all.map((entry) => `${entry.sha256}  ${entry.path}\n`).join(''), 'utf8');
    fs.writeFileSync(path.join(root, CHECKSUMS_FILE), sums);
    fs.chmodSync(path.join(root, CHECKSUMS_FILE), 0o644);
    const signature = options.signingKey ? [SIGNATURE_FILE] : [];
    if (options.signingKey) {
      fs.writeFileSync(path.join(root, SIGNATURE_FILE), signSsh(sums, options.signingKey));
      fs.chmodSync(path.join(root, SIGNATURE_FILE), 0o644);
    }
    const entries = [...all.map((entry) => entry.path), CHECKSUMS_FILE, ...signature].map((file) => `${bundleRoot(cluster)}/${file}`).sort(compareText);
    const temporary = path.join(outDir, `.${path.basename(options.outFile)}.partial`);
    tarModule().c({ sync: true, gzip: { level: 9 }, file: temporary, cwd: staging, portable: true, mtime: BUNDLE_MTIME, noDirRecurse: true }, entries);
    const fd = fs.openSync(temporary, 'r+');
    try {
      fs.writeSync(fd, GZIP_HEADER, 0, GZIP_HEADER.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, options.outFile);
    return { ...pulled, files: entries.length, skipped: plan.skipped, bundleBytes: fs.statSync(options.outFile).size };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The steps at the site, for a bundle that carries its images (README.txt has the rest). */
function airGapSteps(cluster: string): string {
  return [
    `This bundle of cluster ${cluster} carries its images (images/, an OCI image layout; images/images.txt lists them)`,
    'and the node packages (packages/packages.txt lists what nodes install; the .deb files are there when it was made',
    'with --packages). At the site, without internet:',
    '',
    '  sha256sum -c SHA256SUMS                     (or, before unpacking: hanok verify <bundle>.tar.gz)',
    `  scripts/node/prepare-bootstrap-registry.sh --cluster ${cluster} --cert <site cert> --key <site key>   on the registry host`,
    '  scripts/node/mirror-images.sh --from-bundle .                  loads the images into the bootstrap registry',
    `  scripts/node/prepare-node.sh --cluster ${cluster} --node <name> --from-bundle .   on every node`,
    'then init, join and apply as README.txt says.',
    '',
  ].join('\n');
}

function writeStaged(root: string, file: StagedFile): void {
  const target = path.join(root, file.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (file.source) {
    fs.copyFileSync(file.source, target);
  } else {
    fs.writeFileSync(target, file.content ?? Buffer.alloc(0));
  }
  fs.chmodSync(target, file.executable ? 0o755 : 0o644);
}

/** Every regular file below a folder, relative to it with `/`, skipping work folders. */
function listFiles(root: string, prefix = ''): string[] {
  const result: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      result.push(...listFiles(root, relative));
    } else if (entry.isFile()) {
      if (!relative.startsWith(`${IMAGES_DIR}/blobs/`)) fs.chmodSync(path.join(root, relative), (fs.statSync(path.join(root, relative)).mode & 0o111) !== 0 ? 0o755 : 0o644);
      result.push(relative);
    }
  }
  return result;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
