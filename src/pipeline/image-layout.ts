import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { formatImageReference, normalizeImageName, parseImageReference } from '../kube/image-reference';
import { UserError } from '../config/errors';

/** An image the bundle carries: where nodes pull it (and the site registry holds it), and where it is copied from. */
export interface BundleImage {
  /** The reference as the manifests (or kubeadm) name it; the site registry gets it under this name. */
  readonly image: string;
  /** Where it is published, as `skopeo copy` reads it. */
  readonly source: string;
}

/** A platform `os/arch[/variant]`, as `linux/amd64`. */
export interface Platform {
  readonly os: string;
  readonly arch: string;
  readonly variant?: string;
}

/** One image in the layout, as `images/images.txt` records it for scripts/node/mirror-images.sh --from-bundle. */
export interface LayoutImage extends BundleImage {
  /** Digest of the top manifest (or index) exactly as published: the site registry must return the same. */
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** Files of skopeo's `dir:` view of the image: `manifest.json`, `<hex>.manifest.json` and `<hex>` blobs. */
  readonly files: readonly string[];
}

export interface PullSummary {
  readonly images: readonly LayoutImage[];
  /** Distinct blobs in `blobs/sha256/` (layers, configs and manifests), each stored once. */
  readonly blobs: number;
  /** Their total size. */
  readonly bytes: number;
}

export interface PullOptions {
  /** Platforms to carry. With one, multi-platform images are narrowed to it; with more, every platform is carried. */
  readonly platforms: readonly Platform[];
  /** Prints progress. */
  readonly log: (line: string) => void;
  /** @default 'skopeo' */
  readonly skopeo?: string;
  /** Environment of skopeo. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A pull-through cache on the connected side that keeps each registry below a folder named by its host:
   * `registry.k8s.io/pause:3.10` is pulled as `<pullFrom>/registry.k8s.io/pause:3.10`, and recorded under its own name.
   * @default - pulled from where it is published
   */
  readonly pullFrom?: string;
  /**
   * Reach `pullFrom` over plain HTTP or unverified TLS (skopeo `--src-tls-verify=false`). Test setups only.
   * @default false
   */
  readonly pullInsecure?: boolean;
}

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
export const SOURCE_ANNOTATION = 'dev.hanok.image.source';
/** The list mirror-images.sh reads; one line per image. */
export const LAYOUT_LIST = 'images.txt';
const HEX = /^[0-9a-f]{64}$/;
const INSTANCE_MANIFEST = /^([0-9a-f]{64})\.manifest\.json$/;
const READ_CHUNK = 1 << 20;

/** `linux/amd64` → parts; a UserError for anything else. */
export function parsePlatform(text: string): Platform {
  const [os, arch, variant, ...rest] = text.split('/');
  if (!os || !arch || rest.length > 0) {
    throw new UserError(`not a platform os/arch[/variant] such as linux/amd64: ${JSON.stringify(text)}`);
  }
  return { os, arch, ...(variant ? { variant } : {}) };
}

/** SHA-256 of a file, read in 1 MiB pieces so memory stays bounded however large the file is. */
export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const buffer = Buffer.alloc(READ_CHUNK);
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, READ_CHUNK, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Copies images with skopeo into an OCI image layout at `layoutDir` (`oci-layout`, `index.json`, `blobs/sha256/`),
 * every blob once, manifests byte for byte as published so digests are kept. skopeo 1.9's own `oci:` transport
 * converts Docker-format manifests to OCI ones (new digests), so each image is copied to a `dir:` folder, whose
 * files are the published bytes, and its files are moved into the layout by digest after their SHA-256 is checked.
 * `images.txt` records each image's `dir:` file names, from which mirror-images.sh --from-bundle rebuilds the
 * folder with links to the blobs and pushes it with `skopeo copy --preserve-digests`.
 */
export function pullImages(images: readonly BundleImage[], layoutDir: string, options: PullOptions): PullSummary {
  const blobsDir = path.join(layoutDir, 'blobs', 'sha256');
  fs.mkdirSync(blobsDir, { recursive: true });
  const skopeo = options.skopeo ?? 'skopeo';
  const sorted = [...images].sort((a, b) => compareText(a.image, b.image));
  const result: LayoutImage[] = [];
  let totalBytes = 0;
  const started = Date.now();
  sorted.forEach((entry, index) => {
    const work = fs.mkdtempSync(path.join(layoutDir, '.pull-'));
    try {
      const all = options.platforms.length !== 1 || entry.source.includes('@');
      const [platform] = options.platforms;
      const select = all ? ['--all'] : ['--override-os', platform.os, '--override-arch', platform.arch, ...(platform.variant ? ['--override-variant', platform.variant] : [])];
      options.log(`[${index + 1}/${sorted.length}] ${entry.source}${entry.source === entry.image ? '' : ` -> ${entry.image}`} (${all ? 'every platform' : formatPlatform(platform)})`);
      const from = pullReference(options.pullFrom ? viaCache(entry.source, options.pullFrom) : entry.source);
      const tls = options.pullInsecure ? ['--src-tls-verify=false'] : [];
      const copy = spawnSync(skopeo, ['copy', '--quiet', ...tls, ...select, `docker://${from}`, `dir:${work}`], {
        encoding: 'utf8',
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (copy.error || copy.status !== 0) {
        throw new UserError(`skopeo could not copy ${from}: ${(copy.error?.message ?? copy.stderr ?? '').trim()}`);
      }
      const moved = moveIntoLayout(work, blobsDir, entry.source);
      totalBytes += moved.newBytes;
      result.push({ ...entry, digest: moved.digest, mediaType: moved.mediaType, size: moved.size, files: moved.files });
      options.log(
        `      ${moved.files.length} files, ${formatBytes(moved.bytes)}, ${formatBytes(moved.newBytes)} new; total ${formatBytes(totalBytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
  fs.writeFileSync(path.join(layoutDir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}\n');
  fs.writeFileSync(path.join(layoutDir, 'index.json'), renderIndex(result));
  fs.writeFileSync(path.join(layoutDir, LAYOUT_LIST), renderLayoutList(result));
  const blobs = fs.readdirSync(blobsDir);
  return { images: result, blobs: blobs.length, bytes: blobs.reduce((sum, blob) => sum + fs.statSync(path.join(blobsDir, blob)).size, 0) };
}

/** skopeo refuses `name:tag@digest`; the digest is what matters, so such an image is pulled as `name@digest`. */
export function pullReference(reference: string): string {
  const parts = parseImageReference(reference);
  return parts.digest ? formatImageReference({ name: parts.name, digest: parts.digest }) : reference;
}

/** `grafana/grafana:11.6.1` through `cache.example.org/proxy` → `cache.example.org/proxy/docker.io/grafana/grafana:11.6.1`. */
export function viaCache(source: string, cache: string): string {
  const parts = parseImageReference(source);
  return formatImageReference({ ...parts, name: `${cache}/${normalizeImageName(parts.name)}` });
}

/** Moves the files of one `dir:` copy into the layout's blobs, each checked against the digest it is named by. */
function moveIntoLayout(work: string, blobsDir: string, source: string): { digest: string; mediaType: string; size: number; files: string[]; bytes: number; newBytes: number } {
  const manifestFile = path.join(work, 'manifest.json');
  const manifestBytes = fs.readFileSync(manifestFile);
  const topHex = crypto.createHash('sha256').update(manifestBytes).digest('hex');
  const files: string[] = [];
  let bytes = 0;
  let newBytes = 0;
  for (const name of fs.readdirSync(work).sort(compareText)) {
    if (name === 'version' || name.startsWith('signature-')) continue;
    const hex = name === 'manifest.json' ? topHex : (INSTANCE_MANIFEST.exec(name)?.[1] ?? (HEX.test(name) ? name : undefined));
    if (!hex) {
      throw new UserError(`skopeo wrote an unexpected file ${name} for ${source}`);
    }
    const file = path.join(work, name);
    const actual = sha256File(file);
    if (actual !== hex) {
      throw new UserError(`${source}: ${name} has SHA-256 ${actual}, not the digest it is named by`);
    }
    const size = fs.statSync(file).size;
    bytes += size;
    const target = path.join(blobsDir, hex);
    if (fs.existsSync(target)) {
      fs.rmSync(file);
    } else {
      fs.renameSync(file, target);
      fs.chmodSync(target, 0o644);
      newBytes += size;
    }
    files.push(name === 'manifest.json' ? `manifest.json=${topHex}` : name);
  }
  return { digest: `sha256:${topHex}`, mediaType: mediaTypeOf(manifestBytes), size: manifestBytes.length, files, bytes, newBytes };
}

/** The media type a manifest declares, or the OCI one its shape implies (OCI allows leaving it out). */
export function mediaTypeOf(manifest: Buffer): string {
  const parsed = JSON.parse(manifest.toString('utf8')) as { mediaType?: string; manifests?: unknown };
  return parsed.mediaType ?? (parsed.manifests ? OCI_INDEX : OCI_MANIFEST);
}

function renderIndex(images: readonly LayoutImage[]): string {
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: images.map((image) => ({
      mediaType: image.mediaType,
      digest: image.digest,
      size: image.size,
      annotations: { [REF_NAME_ANNOTATION]: image.image, [SOURCE_ANNOTATION]: image.source },
    })),
  };
  return `${JSON.stringify(index, null, 2)}\n`;
}

/** `<image> <source> <digest> <dir: file>...` per image, after a comment saying so. */
function renderLayoutList(images: readonly LayoutImage[]): string {
  return [
    '# <image as nodes pull it> <where it was copied from> <digest of its manifest> <files of its skopeo dir: folder>...',
    '# manifest.json=<hex> is blobs/sha256/<hex>; <hex>.manifest.json and <hex> are blobs/sha256/<hex>.',
    ...images.map((image) => [image.image, image.source, image.digest, ...image.files].join(' ')),
    '',
  ].join('\n');
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.arch, platform.variant].filter(Boolean).join('/');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
