import * as crypto from 'crypto';
import * as fs from 'fs';
import type * as Tar from 'tar';
import { CHECKSUMS_FILE, GZIP_HEADER, SIGNATURE_FILE } from './bundle-verify';
import { UserError } from '../config/errors';
import { IMAGES_DIR } from './image-bundle';

/** tar, loaded when a bundle is written or read: every other command runs without it. */
function tarModule(): typeof Tar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tar') as typeof Tar;
}

/** Entries up to this size are kept to check the image graph (blobs only when JSON); the rest are only hashed. */
const KEEP_LIMIT = 4 << 20;
const BLOB = new RegExp(`^${IMAGES_DIR}/blobs/sha256/([0-9a-f]{64})$`);

export interface StreamVerifyResult {
  /** Files checked against SHA256SUMS. */
  readonly files: number;
  /** Image blobs checked against their digests. */
  readonly blobs: number;
  /** Images of `images/index.json` whose manifests, configs and layers are all present. */
  readonly images: number;
  readonly problems: readonly string[];
}

interface Descriptor {
  readonly mediaType?: string;
  readonly digest?: string;
  readonly size?: number;
}

/**
 * Checks a bundle by streaming it, so memory stays bounded however large its images are: the gzip header and
 * checksum, the tar structure, every file against SHA256SUMS both ways, every image blob against the digest it is
 * named by, and, from `images/index.json` down, that every manifest, config and layer an image needs is there with
 * the size its descriptor states.
 */
export function verifyBundleStreaming(file: string): StreamVerifyResult {
  if (!fs.existsSync(file)) {
    throw new UserError(`${file}: no such bundle`);
  }
  const header = Buffer.alloc(GZIP_HEADER.length);
  const fd = fs.openSync(file, 'r');
  const read = fs.readSync(fd, header, 0, header.length, 0);
  fs.closeSync(fd);
  if (read < GZIP_HEADER.length || !header.equals(GZIP_HEADER)) {
    return { files: 0, blobs: 0, images: 0, problems: [`${file}: the gzip header is not the one hanok writes (the file was changed or is not a hanok bundle)`] };
  }
  const hashes = new Map<string, { sha256: string; size: number }>();
  const kept = new Map<string, Buffer>();
  const problems: string[] = [];
  try {
    tarModule().t({
      file,
      sync: true,
      strict: true,
      onReadEntry: (entry) => {
        const hash = crypto.createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        // Of the blobs only JSON ones (manifests, indexes, configs) are kept: layers start with gzip's or tar's bytes.
        let keep = true;
        entry.on('data', (chunk: Buffer) => {
          if (size === 0 && BLOB.test(entry.path.slice(entry.path.indexOf('/') + 1))) keep = chunk[0] === 0x7b;
          hash.update(chunk);
          size += chunk.length;
          if (keep && size <= KEEP_LIMIT) chunks.push(chunk);
        });
        entry.on('end', () => {
          if (hashes.has(entry.path)) problems.push(`${entry.path}: appears twice in the archive`);
          hashes.set(entry.path, { sha256: hash.digest('hex'), size });
          if (keep && size <= KEEP_LIMIT) kept.set(entry.path, Buffer.concat(chunks));
        });
      },
    });
  } catch (error) {
    problems.push(`${file}: not an intact gzip-compressed tar: ${(error as Error).message}`);
  }
  if (problems.length > 0) {
    return { files: 0, blobs: 0, images: 0, problems };
  }
  const roots = new Set([...hashes.keys()].map((entry) => entry.split('/')[0]));
  if (roots.size !== 1) {
    return { files: 0, blobs: 0, images: 0, problems: [`expected every file below one hanok-<cluster>/ folder, found ${[...roots].sort().join(', ') || 'no files'}`] };
  }
  const [root] = roots;
  const sums = kept.get(`${root}/${CHECKSUMS_FILE}`);
  if (!sums) {
    return { files: 0, blobs: 0, images: 0, problems: [`${root}/${CHECKSUMS_FILE} is missing`] };
  }
  const listed = new Map<string, string>();
  for (const line of sums.toString('utf8').split('\n').filter((text) => text !== '')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match) {
      problems.push(`${CHECKSUMS_FILE}: malformed line ${JSON.stringify(line)}`);
      continue;
    }
    listed.set(`${root}/${match[2]}`, match[1]);
  }
  for (const [entry, expected] of listed) {
    const actual = hashes.get(entry);
    if (!actual) {
      problems.push(`${entry}: listed in ${CHECKSUMS_FILE} but missing`);
    } else if (actual.sha256 !== expected) {
      problems.push(`${entry}: SHA-256 does not match ${CHECKSUMS_FILE}`);
    }
  }
  for (const entry of hashes.keys()) {
    if (entry !== `${root}/${CHECKSUMS_FILE}` && entry !== `${root}/${SIGNATURE_FILE}` && !listed.has(entry)) {
      problems.push(`${entry}: not listed in ${CHECKSUMS_FILE}`);
    }
  }
  const images = checkImageLayout(root, hashes, kept, problems);
  return { files: listed.size, blobs: images.blobs, images: images.images, problems };
}

/** Blob digests, and the graph from index.json down; adds what is wrong to `problems`. */
function checkImageLayout(root: string, hashes: Map<string, { sha256: string; size: number }>, kept: Map<string, Buffer>, problems: string[]): { blobs: number; images: number } {
  const blobs = new Map<string, number>();
  for (const [entry, { sha256, size }] of hashes) {
    const match = BLOB.exec(entry.slice(root.length + 1));
    if (!match) continue;
    blobs.set(match[1], size);
    if (match[1] !== sha256) {
      problems.push(`${entry}: content does not match its digest sha256:${match[1]}`);
    }
  }
  const index = kept.get(`${root}/${IMAGES_DIR}/index.json`);
  if (!index) {
    return { blobs: blobs.size, images: 0 };
  }
  let parsed: { manifests?: Array<Descriptor & { annotations?: Record<string, string> }> };
  try {
    parsed = JSON.parse(index.toString('utf8'));
  } catch {
    problems.push(`${root}/${IMAGES_DIR}/index.json: not JSON`);
    return { blobs: blobs.size, images: 0 };
  }
  let complete = 0;
  for (const descriptor of parsed.manifests ?? []) {
    const name = descriptor.annotations?.['org.opencontainers.image.ref.name'] ?? descriptor.digest ?? '?';
    const before = problems.length;
    walk(descriptor, name, root, blobs, kept, problems, 0);
    if (problems.length === before) complete++;
  }
  return { blobs: blobs.size, images: complete };
}

function walk(descriptor: Descriptor, image: string, root: string, blobs: Map<string, number>, kept: Map<string, Buffer>, problems: string[], depth: number): void {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(descriptor.digest ?? '')?.[1];
  if (!hex) {
    problems.push(`${image}: descriptor without a sha256 digest (${JSON.stringify(descriptor.digest)})`);
    return;
  }
  const size = blobs.get(hex);
  if (size === undefined) {
    problems.push(`${image}: blob sha256:${hex} (${descriptor.mediaType ?? 'unknown type'}) is missing from ${IMAGES_DIR}/blobs`);
    return;
  }
  if (descriptor.size !== undefined && descriptor.size !== size) {
    problems.push(`${image}: blob sha256:${hex} has ${size} bytes, its descriptor says ${descriptor.size}`);
  }
  if (depth > 2 || !/manifest|index/.test(descriptor.mediaType ?? '')) return;
  const content = kept.get(`${root}/${IMAGES_DIR}/blobs/sha256/${hex}`);
  if (!content) return;
  let manifest: { config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] };
  try {
    manifest = JSON.parse(content.toString('utf8'));
  } catch {
    problems.push(`${image}: manifest sha256:${hex} is not JSON`);
    return;
  }
  const children = [...(manifest.manifests ?? []), ...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])];
  for (const child of children) {
    walk(child, image, root, blobs, kept, problems, depth + 1);
  }
}
