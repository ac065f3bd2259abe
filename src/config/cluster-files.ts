import * as fs from 'fs';
import * as path from 'path';
import { FLEET_FILE } from './fleet';
import { ConfigError, ConfigProblem } from './problems';

export const CLUSTER_FILE = /\.ya?ml$/;
/** Real cluster files are a few KiB; anything this large is a mistake or an attack. */
export const MAX_CLUSTER_FILE_BYTES = 256 * 1024;

/**
 * Reads every cluster file of a folder, in file-name order, refusing what is not a small regular file inside the
 * folder: dangling or looping symbolic links, links to files elsewhere, folders, FIFOs and devices (never opened, so
 * synth cannot hang on them), unreadable and oversized files. Throws a ConfigError when the folder itself is unusable.
 */
export function readClusterFiles(directory: string): { files: Array<{ file: string; text: string }>; problems: ConfigProblem[] } {
  const folderProblem = (message: string, expected = 'a folder of <cluster>.yaml files') =>
    new ConfigError([{ file: directory, path: [], message, expected }]);
  let names: string[];
  let realDirectory: string;
  try {
    if (!fs.statSync(directory).isDirectory()) throw folderProblem('is not a folder');
    realDirectory = fs.realpathSync(directory);
    names = fs.readdirSync(directory);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as { code?: string }).code;
    throw folderProblem(code === 'ENOENT' ? 'cluster folder not found' : `cannot read the cluster folder (${code ?? (error as Error).message})`);
  }
  const files = names
    .filter((name) => CLUSTER_FILE.test(name) && name !== FLEET_FILE)
    .sort()
    .map((name) => path.join(directory, name));
  if (files.length === 0) {
    throw new ConfigError([{ file: directory, path: [], message: 'no cluster files', expected: 'at least one <cluster>.yaml' }]);
  }
  const problems: ConfigProblem[] = [];
  const read: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    const result = readClusterFile(file, realDirectory);
    if (typeof result === 'string') {
      problems.push({ file, path: [], message: result });
    } else {
      read.push({ file, text: result.text });
    }
  }
  return { files: read, problems };
}

/** The text of one cluster file, or why it cannot be used. */
function readClusterFile(file: string, realDirectory?: string): { text: string } | string {
  const reason = (error: unknown): string => {
    const code = (error as { code?: string }).code;
    const reasons: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', ELOOP: 'a symbolic link loop', EIO: 'input/output error' };
    return `${reasons[code ?? ''] ?? (error as Error).message}${code ? ` (${code})` : ''}`;
  };
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (error) {
    return `cannot be read: ${reason(error)}`;
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = fs.realpathSync(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ELOOP') return 'is a symbolic link loop; replace it by the cluster file';
      if (code === 'ENOENT') return 'is a dangling symbolic link (its target does not exist); fix or remove it';
      return `is a symbolic link that cannot be followed: ${reason(error)}`;
    }
    if (realDirectory !== undefined && path.dirname(target) !== realDirectory && !target.startsWith(`${realDirectory}${path.sep}`)) {
      return 'is a symbolic link to a file outside the clusters folder; copy the file into the folder instead';
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return `cannot be read: ${reason(error)}`;
  }
  if (stat.isDirectory()) return 'is a folder, not a cluster file; rename or move it';
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
    return `is ${kind}, not a regular file; cluster files must be plain files`;
  }
  if (stat.size > MAX_CLUSTER_FILE_BYTES) {
    return `is ${stat.size} bytes; a cluster file is at most ${MAX_CLUSTER_FILE_BYTES} bytes`;
  }
  let descriptor: number | undefined;
  try {
    // O_NONBLOCK: should the file have been swapped for a FIFO since the check, opening it still returns at once.
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(descriptor).isFile()) return 'is not a regular file; cluster files must be plain files';
    const buffer = Buffer.alloc(MAX_CLUSTER_FILE_BYTES + 1);
    let length = 0;
    for (let count = -1; count !== 0 && length < buffer.length; length += count) {
      count = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_CLUSTER_FILE_BYTES) return `is more than ${MAX_CLUSTER_FILE_BYTES} bytes; a cluster file is at most that`;
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return 'is not UTF-8 text';
    }
  } catch (error) {
    return `cannot be read: ${reason(error)}; check its permissions`;
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/**
 * Reads a configuration file that may live anywhere, such as a base (bases.ts): a small regular UTF-8 file, never a
 * FIFO or device; or says why it cannot be used.
 */
export function readConfigFile(file: string): { text: string } | string {
  return readClusterFile(file);
}
