import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../config/errors';

/* File-system steps of writing output, each failing with a message that says what could not be done. */

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir loops forever below some virtual file systems (it retries
 * a parent that /proc/sys reports missing), so every level is created, and can fail, on its own.
 */
export function makeFolders(folder: string): void {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let current = absolute;
  while (!fs.existsSync(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    fs.mkdirSync(level);
  }
  if (!fs.statSync(absolute).isDirectory()) {
    throw Object.assign(new Error(`not a folder: ${absolute}`), { code: 'ENOTDIR', path: absolute });
  }
}

/** Runs a file-system step, turning its error into a UserError that says what could not be done. */
export function guard<T>(what: string, step: () => T, outcome = 'the previous output is unchanged'): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof UserError || !codeOf(error)) throw error;
    throw new UserError(`cannot ${what}: ${describeFsError(error)}; ${outcome}`);
  }
}

/** `permission denied (EACCES)` and the like, with the path the system named. */
export function describeFsError(error: unknown): string {
  const code = codeOf(error);
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENOENT: 'no such file or folder',
    EEXIST: 'it already exists',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'name too long',
    EXDEV: 'it is on another file system',
    EBUSY: 'it is in use',
  };
  const where = (error as { path?: string }).path;
  return `${reasons[code ?? ''] ?? (error as Error).message} (${code}${where ? ` on ${where}` : ''})`;
}

export function codeOf(error: unknown): string | undefined {
  return error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}
