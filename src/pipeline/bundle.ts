import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type * as Tar from 'tar';
import { CHECKSUMS_FILE, GZIP_HEADER, SIGNATURE_FILE } from './bundle-verify';
import { UserError } from '../config/errors';
import { listPackageFolder, readPackageFile } from '../assets/package-files';
import { codeOf, describeFsError, guard, makeFolders } from './fs-steps';
import { OUTPUT_MARKER, OUTPUT_MARKER_CONTENT } from './output-folder';
import { Provenance, renderProvenance } from './provenance';
import { SigningKey, signSsh } from './ssh-signature';
import { ClusterOutput } from './synthesize-cluster';

/** tar, loaded when a bundle is written or read: every other command runs without it. */
function tarModule(): typeof Tar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tar') as typeof Tar;
}

/** Every entry of a bundle has this modification time, so the same input gives the same bytes. */
export const BUNDLE_MTIME = new Date('2020-01-01T00:00:00Z');
/** The scripts every bundle carries, relative to the repository. */
export const SCRIPTS_DIR = 'scripts/node';
/** Where the single hanok executable goes in a bundle (`hanok bundle --exe`). */
export const BUNDLE_EXECUTABLE = 'bin/hanok';


/** One file of a bundle: its path below the bundle folder, content and whether it is executable. */
export interface BundleFile {
  readonly path: string;
  readonly content: Buffer;
  readonly executable: boolean;
}

export interface BundleOptions {
  /** What produced the bundle, written to PROVENANCE. - no PROVENANCE file. */
  readonly provenance?: Provenance;
  /** Signs SHA256SUMS. - unsigned. */
  readonly signingKey?: SigningKey;
  /** Further files, such as the single executable and its cluster files (bundle-sources.ts). - none. */
  readonly extraFiles?: readonly BundleFile[];
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
export function bundleFiles(output: ClusterOutput, options: BundleOptions = {}): BundleFile[] {
  const { provenance, signingKey, extraFiles = [] } = options;
  assertNoSecretValues(output);
  const cluster = output.cluster.name;
  const files: BundleFile[] = [];
  for (const [relative, content] of output.files) {
    files.push({ path: `dist/${cluster}/${relative}`, content: Buffer.from(content, 'utf8'), executable: false });
  }
  // dist/ as synth writes it, marker included, so that a re-synth at the site may replace it.
  files.push({ path: `dist/${OUTPUT_MARKER}`, content: Buffer.from(OUTPUT_MARKER_CONTENT, 'utf8'), executable: false });
  for (const name of (listPackageFolder(SCRIPTS_DIR) ?? []).filter((file) => file.endsWith('.sh'))) {
    files.push({ path: `${SCRIPTS_DIR}/${name}`, content: readPackageFile(`${SCRIPTS_DIR}/${name}`), executable: true });
  }
  files.push(...extraFiles);
  files.push({ path: 'README.txt', content: Buffer.from(readme(cluster, extraFiles.some((file) => file.path === BUNDLE_EXECUTABLE)), 'utf8'), executable: false });
  if (provenance) {
    files.push({ path: 'PROVENANCE', content: Buffer.from(renderProvenance(provenance), 'utf8'), executable: false });
  }
  files.sort((a, b) => compareText(a.path, b.path));
  const sums = Buffer.from(files.map((file) => `${sha256(file.content)}  ${file.path}\n`).join(''), 'utf8');
  const signature = signingKey ? [{ path: SIGNATURE_FILE, content: Buffer.from(signSsh(sums, signingKey), 'utf8'), executable: false }] : [];
  return [...files, { path: CHECKSUMS_FILE, content: sums, executable: false }, ...signature];
}

/**
 * Writes the bundle: a gzip-compressed tar with every entry below `hanok-<cluster>/`, in sorted order, with fixed
 * modification time, no owner, mode 0644 or 0755, and a gzip header without time stamp. The same files give the
 * same bytes on every machine.
 */
export function writeBundle(files: readonly BundleFile[], cluster: string, outFile: string): void {
  assertBundleTarget(outFile);
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
    tarModule().c({ sync: true, file: tarFile, cwd: staging, portable: true, mtime: BUNDLE_MTIME, noDirRecurse: true }, entries);
    const gzipped = zlib.gzipSync(fs.readFileSync(tarFile), { level: 9 });
    GZIP_HEADER.copy(gzipped, 0);
    const temporary = `${outFile}.hanok-tmp-${process.pid}`;
    guard(`write the bundle ${outFile}`, () => {
      makeFolders(path.dirname(path.resolve(outFile)));
      try {
        fs.writeFileSync(temporary, gzipped, { flag: 'wx' });
        fs.renameSync(temporary, outFile);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw error;
      }
    }, 'nothing was written');
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Refuses a bundle path that is a folder or a special file (writing to a FIFO would block forever). */
function assertBundleTarget(outFile: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(outFile);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw new UserError(`--out ${outFile}: cannot use it (${describeFsError(error)})`);
  }
  if (stat.isDirectory()) throw new UserError(`--out ${outFile}: is a folder; give the bundle's file name, such as ${path.join(outFile, 'cluster.tar.gz')}`);
  if (!stat.isFile()) throw new UserError(`--out ${outFile}: exists and is not a regular file; give another file name`);
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
    'Check it first:  sha256sum -c SHA256SUMS   (or: hanok verify <bundle>.tar.gz [--key SIGNER.pub])',
    'When SHA256SUMS.sig is present, check who signed it with the signer\'s public key from a trusted channel:',
    '  ssh-keygen -Y verify -f allowed_signers -I <signer> -n hanok-bundle -s SHA256SUMS.sig < SHA256SUMS',
    'PROVENANCE names the hanok version, the config commit and the SHA-256 of every cluster file that made it.',
    '',
    ...executable,
    `dist/${cluster}/            the manifests (numbered in apply order), kustomization.yaml, images.txt,`,
    '                          image-sources.txt, secrets.example, apply-plan.tsv (what apply.sh applies, in order)',
    '                          and nodes/ (kubeadm, containerd, firewall, NFS files)',
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

