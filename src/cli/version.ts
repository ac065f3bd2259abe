import { readPackageFile } from '../assets/package-files';

/** hanok's version, from its package.json (embedded in the single executable). */
export function hanokVersion(): string {
  return JSON.parse(readPackageFile('package.json').toString('utf8')).version;
}
