import * as fs from 'fs';
import * as path from 'path';
import { Cluster } from '../config/cluster';
import { UserError } from '../config/errors';
import { kubernetesMinor } from './kubeadm-images';

/** A file staged into a bundle: text made by hanok, or a file copied from disk (a package), streamed. */
export interface StagedFile {
  readonly path: string;
  readonly content?: Buffer;
  /** File on disk to copy instead of `content`. */
  readonly source?: string;
  readonly executable: boolean;
}

/** What a node must install offline, as Debian packages. */
export interface NodePackage {
  /** Package names that satisfy it (the first is the usual one). */
  readonly names: readonly string[];
  /** Version rule: `=V` (V or V-revision), `~1.30` (a 1.30.x release) or `>=V`. */
  readonly version: string;
  readonly why: string;
}

export const PACKAGES_DIR = 'packages';
export const PACKAGES_LIST = 'packages.txt';

/**
 * The packages every node installs for a Kubernetes version, like Kubespray's offline file list: kubeadm, kubelet
 * and kubectl of exactly that version and cri-tools of its minor (the pkgs.k8s.io repository of the minor publishes
 * them, kubernetes-cni with the CNI plugins among them), containerd (kubelet's CRI) and runc. Kubernetes supports
 * containerd 1.7 and 2.x; containerd 1.x support ends after Kubernetes 1.35, so 1.36 and later need containerd 2.
 */
export function nodePackages(kubernetesVersion: string): NodePackage[] {
  const minor = kubernetesMinor(kubernetesVersion);
  const minorNumber = Number(minor.split('.')[1]);
  const repo = `pkgs.k8s.io/core:/stable:/v${minor}/deb`;
  return [
    { names: ['kubeadm'], version: `=${kubernetesVersion}`, why: `sets the node up (${repo})` },
    { names: ['kubelet'], version: `=${kubernetesVersion}`, why: `runs the pods (${repo})` },
    { names: ['kubectl'], version: `=${kubernetesVersion}`, why: `applies the manifests (${repo})` },
    { names: ['cri-tools'], version: `~${minor}`, why: `crictl, which kubeadm requires (${repo})` },
    { names: ['kubernetes-cni'], version: '>=1.2.0', why: `the CNI plugins in /opt/cni/bin that Flannel chains to (${repo})` },
    {
      names: ['containerd', 'containerd.io'],
      version: minorNumber >= 36 ? '>=2.0.0' : '>=1.7.0',
      why: 'the container runtime: Debian/Ubuntu containerd, or Docker\'s containerd.io (which bundles runc)',
    },
    { names: ['runc', 'containerd.io'], version: '>=1.1.0', why: 'the OCI runtime containerd starts containers with' },
  ];
}

/** Debian's `<name>_<version>_<arch>.deb` file name, parsed; undefined for other files. */
export function parseDebFileName(file: string): { name: string; version: string; arch: string } | undefined {
  const match = /^([a-z0-9][a-z0-9+.-]*)_([^_]+)_([a-z0-9-]+)\.deb$/.exec(file);
  return match ? { name: match[1], version: match[2].replace(/%3a/gi, ':'), arch: match[3] } : undefined;
}

/** Whether a Debian version satisfies a rule of `NodePackage.version` (epoch and revision aside). */
export function versionSatisfies(version: string, rule: string): boolean {
  const upstream = version.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[~+].*$/, '');
  if (rule.startsWith('=')) return upstream === rule.slice(1);
  if (rule.startsWith('~')) return upstream.startsWith(`${rule.slice(1)}.`);
  if (rule.startsWith('>=')) return compareVersions(upstream, rule.slice(2)) >= 0;
  throw new Error(`unknown version rule ${rule}`);
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export interface NodePackagesOptions {
  /** Folder of `.deb` files to carry; each requirement must be met by a file for every node architecture. */
  readonly folder?: string;
}

/**
 * `packages/packages.txt` (the requirements, and the files carried) and, with a folder, the `.deb` files that meet
 * them, for every architecture of the cluster's nodes. A folder that lacks a package fails, naming it.
 */
export function nodePackageFiles(cluster: Cluster, options: NodePackagesOptions = {}): { files: StagedFile[]; list: string } {
  const required = nodePackages(cluster.spec.kubernetesVersion);
  const arches = [...new Set(cluster.spec.nodes.map((node) => node.arch))].sort();
  const carried: Array<{ file: string; name: string; version: string; arch: string }> = [];
  if (options.folder) {
    if (!fs.existsSync(options.folder) || !fs.statSync(options.folder).isDirectory()) {
      throw new UserError(`--packages ${options.folder}: no such folder`);
    }
    const debs = fs
      .readdirSync(options.folder)
      .map((file) => ({ file, parsed: parseDebFileName(file) }))
      .filter((entry) => entry.parsed !== undefined)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const missing: string[] = [];
    for (const arch of arches) {
      for (const requirement of required) {
        const matches = debs.filter(
          (entry) => requirement.names.includes(entry.parsed!.name) && [arch, 'all'].includes(entry.parsed!.arch) && versionSatisfies(entry.parsed!.version, requirement.version),
        );
        if (matches.length === 0) {
          missing.push(`${requirement.names.join(' or ')} ${requirement.version} for ${arch}`);
        }
        for (const match of matches) {
          if (!carried.some((entry) => entry.file === match.file)) carried.push({ file: match.file, ...match.parsed! });
        }
      }
    }
    if (missing.length > 0) {
      throw new UserError(`--packages ${options.folder}: no .deb file (named <package>_<version>_<arch>.deb) for ${missing.join('; ')}`);
    }
    carried.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  const list = [
    `# Packages every node installs offline for Kubernetes ${cluster.spec.kubernetesVersion} (architectures: ${arches.join(', ')}).`,
    '# require <package[|alternative]> <version rule: =V exact, ~1.30 a 1.30.x release, >=V at least> <why>',
    ...required.map((requirement) => `require ${requirement.names.join('|')} ${requirement.version} ${requirement.why}`),
    '# file <file in packages/> <package> <version> <architecture>: carried here; prepare-node.sh --from-bundle installs them',
    ...carried.map((entry) => `file ${entry.file} ${entry.name} ${entry.version} ${entry.arch}`),
    '',
  ].join('\n');
  const files: StagedFile[] = [
    { path: `${PACKAGES_DIR}/${PACKAGES_LIST}`, content: Buffer.from(list, 'utf8'), executable: false },
    ...carried.map((entry) => ({ path: `${PACKAGES_DIR}/${entry.file}`, source: path.join(options.folder!, entry.file), executable: false })),
  ];
  return { files, list };
}
