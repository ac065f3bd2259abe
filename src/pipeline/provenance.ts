import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as path from 'path';
import { readClusterFiles } from '../config/load';

/** What produced a bundle; written to its PROVENANCE file, which SHA256SUMS (and so the signature) covers. */
export interface Provenance {
  readonly hanokVersion: string;
  /** The commit of the git repository holding the cluster files, with `-dirty` when they have changes. */
  readonly configCommit?: string;
  /** Every cluster file of the folder (clusters refer to each other), name and SHA-256. */
  readonly clusterFiles: ReadonlyArray<{ readonly name: string; readonly sha256: string }>;
}

export function collectProvenance(clustersDir: string, hanokVersion: string): Provenance {
  const clusterFiles = readClusterFiles(clustersDir).files.map((file) => ({
    name: path.basename(file.file),
    sha256: crypto.createHash('sha256').update(file.text, 'utf8').digest('hex'),
  }));
  return { hanokVersion, configCommit: gitCommit(clustersDir), clusterFiles };
}

export function renderProvenance(provenance: Provenance): string {
  return [
    `hanok-version: ${provenance.hanokVersion}`,
    `config-commit: ${provenance.configCommit ?? 'none (the cluster files are not in a git repository)'}`,
    'cluster-files:',
    ...provenance.clusterFiles.map((file) => `  ${file.sha256}  ${file.name}`),
    '',
  ].join('\n');
}

function gitCommit(directory: string): string | undefined {
  const git = (...args: string[]) => spawnSync('git', ['-C', directory, ...args], { encoding: 'utf8', timeout: 10_000 });
  const head = git('rev-parse', '--verify', '--quiet', 'HEAD');
  if (head.status !== 0 || !/^[0-9a-f]{40,64}$/.test(head.stdout.trim())) {
    return undefined;
  }
  const status = git('status', '--porcelain', '--', '.');
  return `${head.stdout.trim()}${status.status === 0 && status.stdout.trim() === '' ? '' : '-dirty'}`;
}
