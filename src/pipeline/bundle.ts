import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import * as tar from 'tar';
import { UserError } from './errors';
import { listPackageFolder, readPackageFile } from '../assets/package-files';
import { ClusterOutput } from './synthesize-cluster';

/** Every entry of a bundle has this modification time, so the same input gives the same bytes. */
export const BUNDLE_MTIME = new Date('2020-01-01T00:00:00Z');
export const CHECKSUMS_FILE = 'SHA256SUMS';
/** The scripts every bundle carries, relative to the repository. */
export const SCRIPTS_DIR = 'scripts/node';
/** Where the single hanok executable goes in a bundle (`hanok bundle --exe`). */
export const BUNDLE_EXECUTABLE = 'bin/hanok';

/**
 * The gzip header hanok writes: no file name, modification time 0, maximum compression, Unix. Every other byte of a
 * bundle is covered by gzip's CRC-32 and length, and by the SHA-256 sums, so `verify` checks this header exactly.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03]);

/** One file of a bundle: its path below the bundle folder, content and whether it is executable. */
export interface BundleFile {
  readonly path: string;
  readonly content: Buffer;
  readonly executable: boolean;
}

/** The root folder inside a cluster's bundle. */
export function bundleRoot(cluster: string): string {
  return `hanok-${cluster}`;
}

/**
 * The files of a cluster's air-gap bundle: its dist/ folder as synth writes it, the node scripts, a README and
 * SHA256SUMS over all of them. Taken from the synthesized output, not from disk, so nothing but synth output and
 * the scripts can enter it: no operator secrets file, no stray file in dist/.
 */
export function bundleFiles(output: ClusterOutput, extraFiles: readonly BundleFile[] = []): BundleFile[] {
  assertNoSecretValues(output);
  const cluster = output.cluster.name;
  const files: BundleFile[] = [];
  for (const [relative, content] of output.files) {
    files.push({ path: `dist/${cluster}/${relative}`, content: Buffer.from(content, 'utf8'), executable: false });
  }
  for (const name of (listPackageFolder(SCRIPTS_DIR) ?? []).filter((file) => file.endsWith('.sh'))) {
    files.push({ path: `${SCRIPTS_DIR}/${name}`, content: readPackageFile(`${SCRIPTS_DIR}/${name}`), executable: true });
  }
  files.push(...extraFiles);
  files.push({ path: 'README.txt', content: Buffer.from(readme(cluster, extraFiles.some((file) => file.path === BUNDLE_EXECUTABLE)), 'utf8'), executable: false });
  files.sort((a, b) => compareText(a.path, b.path));
  const sums = files.map((file) => `${sha256(file.content)}  ${file.path}\n`).join('');
  return [...files, { path: CHECKSUMS_FILE, content: Buffer.from(sums, 'utf8'), executable: false }];
}

/**
 * Writes the bundle: a gzip-compressed tar with every entry below `hanok-<cluster>/`, in sorted order, with fixed
 * modification time, no owner, mode 0644 or 0755, and a gzip header without time stamp. The same files give the
 * same bytes on every machine.
 */
export function writeBundle(files: readonly BundleFile[], cluster: string, outFile: string): void {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-bundle-'));
  try {
    const root = bundleRoot(cluster);
    for (const file of files) {
      const target = path.join(staging, root, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content);
      fs.chmodSync(target, file.executable ? 0o755 : 0o644);
    }
    const tarFile = path.join(staging, 'bundle.tar');
    const entries = files.map((file) => `${root}/${file.path}`).sort(compareText);
    tar.c({ sync: true, file: tarFile, cwd: staging, portable: true, mtime: BUNDLE_MTIME, noDirRecurse: true }, entries);
    const gzipped = zlib.gzipSync(fs.readFileSync(tarFile), { level: 9 });
    GZIP_HEADER.copy(gzipped, 0);
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    fs.writeFileSync(outFile, gzipped);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export interface VerifyResult {
  /** Files checked against SHA256SUMS. */
  readonly files: number;
  /** What is wrong; empty when the bundle is intact. */
  readonly problems: readonly string[];
}

/** Checks a bundle: gzip header and checksum, tar structure, and every file against SHA256SUMS, both ways. */
export function verifyBundle(file: string): VerifyResult {
  if (!fs.existsSync(file)) {
    throw new UserError(`${file}: no such bundle`);
  }
  const bytes = fs.readFileSync(file);
  if (bytes.length < GZIP_HEADER.length || !bytes.subarray(0, GZIP_HEADER.length).equals(GZIP_HEADER)) {
    return { files: 0, problems: [`${file}: the gzip header is not the one hanok writes (the file was changed or is not a hanok bundle)`] };
  }
  let archive: Buffer;
  try {
    archive = zlib.gunzipSync(bytes);
  } catch (error) {
    return { files: 0, problems: [`${file}: not intact gzip data: ${(error as Error).message}`] };
  }
  const entries = new Map<string, Buffer>();
  const problems: string[] = [];
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        if (entries.has(entry.path)) problems.push(`${entry.path}: appears twice in the archive`);
        entries.set(entry.path, Buffer.concat(chunks));
      });
    },
  });
  parser.on('warn', (_code: string, message: string | Error) => problems.push(`tar: ${message instanceof Error ? message.message : message}`));
  parser.on('error', (error: Error) => problems.push(`tar: ${error.message}`));
  parser.end(archive);
  if (problems.length > 0) {
    return { files: 0, problems };
  }
  const roots = new Set([...entries.keys()].map((entry) => entry.split('/')[0]));
  if (roots.size !== 1) {
    return { files: 0, problems: [`expected every file below one hanok-<cluster>/ folder, found ${[...roots].sort().join(', ') || 'no files'}`] };
  }
  const [root] = roots;
  const sumsText = entries.get(`${root}/${CHECKSUMS_FILE}`);
  if (!sumsText) {
    return { files: 0, problems: [`${root}/${CHECKSUMS_FILE} is missing`] };
  }
  const listed = new Map<string, string>();
  for (const line of sumsText.toString('utf8').split('\n').filter((text) => text !== '')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match) {
      problems.push(`${CHECKSUMS_FILE}: malformed line ${JSON.stringify(line)}`);
      continue;
    }
    listed.set(`${root}/${match[2]}`, match[1]);
  }
  for (const [entry, expected] of listed) {
    const content = entries.get(entry);
    if (!content) {
      problems.push(`${entry}: listed in ${CHECKSUMS_FILE} but missing`);
    } else if (sha256(content) !== expected) {
      problems.push(`${entry}: SHA-256 does not match ${CHECKSUMS_FILE}`);
    }
  }
  for (const entry of entries.keys()) {
    if (entry !== `${root}/${CHECKSUMS_FILE}` && !listed.has(entry)) {
      problems.push(`${entry}: not listed in ${CHECKSUMS_FILE}`);
    }
  }
  return { files: listed.size, problems };
}

/** Refuses output that carries a secret value: a Secret object with data, or a file that looks like the operator's. */
function assertNoSecretValues(output: ClusterOutput): void {
  for (const manifest of output.manifests) {
    for (const object of manifest.objects) {
      if (object.kind === 'Secret' && (Object.keys((object.data as object) ?? {}).length > 0 || Object.keys((object.stringData as object) ?? {}).length > 0)) {
        throw new UserError(`${output.cluster.name}: ${manifest.name}: Secret ${object.metadata.namespace}/${object.metadata.name} has values; bundles never carry secret values`);
      }
    }
  }
  for (const relative of output.files.keys()) {
    if (/(^|\/)secrets\/|\.secrets\.env$/.test(relative)) {
      throw new UserError(`${output.cluster.name}: ${relative} looks like a secrets file; bundles never carry secret values`);
    }
  }
}

function readme(cluster: string, withExecutable: boolean): string {
  const executable = withExecutable
    ? [
      'bin/hanok                 hanok itself, one Linux x64 executable (no Node or npm needed): bin/hanok verify <bundle>.tar.gz;',
      `                          after changing clusters/${cluster}.yaml: bin/hanok synth --clusters clusters --out dist --only ${cluster}`,
      'clusters/                 the cluster files the manifests were synthesized from',
    ]
    : [];
  return [
    `hanok air-gap bundle of cluster ${cluster}`,
    '',
    'Check it first:  sha256sum -c SHA256SUMS   (or: hanok verify <bundle>.tar.gz)',
    '',
    ...executable,
    `dist/${cluster}/            the manifests (numbered in apply order), kustomization.yaml, images.txt,`,
    '                          image-sources.txt, secrets.example and nodes/ (kubeadm, containerd, firewall, NFS files)',
    'scripts/node/             node and cluster scripts; each explains itself with --help and shows its steps with --dry-run',
    '',
    'On a machine that reaches both the public registries and the site registry:',
    `  scripts/node/mirror-images.sh --cluster ${cluster}`,
    'On the NFS server, the load-balancer host, every node, the first control plane, the other nodes, then anywhere with kubectl:',
    `  scripts/node/prepare-nfs-server.sh --cluster ${cluster}`,
    `  scripts/node/prepare-haproxy.sh --cluster ${cluster}`,
    `  scripts/node/prepare-node.sh --cluster ${cluster} --node <name>`,
    `  scripts/node/init-control-plane.sh --cluster ${cluster} --node <first control plane>`,
    `  scripts/node/join-node.sh --cluster ${cluster} --node <name> --token <token> --ca-cert-hash sha256:<hash>`,
    `  scripts/node/apply.sh --cluster ${cluster} --secrets <file outside this bundle, from dist/${cluster}/secrets.example>`,
    '',
  ].join('\n');
}

function sha256(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

