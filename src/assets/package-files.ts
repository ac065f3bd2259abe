import * as fs from 'fs';
import * as path from 'path';

/**
 * Files that ship with hanok (the CRDs in `crds/`, the node scripts in `scripts/node/`), read the same way whether
 * hanok runs from its package folder or as the single executable built by `npm run build:exe`, which embeds them as
 * Node single-executable-application assets. This module imports nothing of hanok's, so every layer may use it.
 */

/** The asset that lists every embedded file's package-relative path, as a JSON array. */
export const ASSET_INDEX = 'hanok-assets.json';

interface SeaModule {
  isSea(): boolean;
  getAsset(key: string): ArrayBuffer;
}

let sea: SeaModule | null | undefined;

/** Node's `node:sea` when running as a single executable, else null. */
function seaModule(): SeaModule | null {
  if (sea === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const candidate = require('node:sea') as SeaModule;
      sea = candidate.isSea() ? candidate : null;
    } catch {
      sea = null; // Node before 20.12 has no node:sea, and is never a hanok executable
    }
  }
  return sea;
}

/** Whether this process is the single hanok executable. */
export function isSingleExecutable(): boolean {
  return seaModule() !== null;
}

let embeddedIndex: ReadonlySet<string> | undefined;

function embeddedFiles(module: SeaModule): ReadonlySet<string> {
  embeddedIndex ??= new Set(JSON.parse(Buffer.from(module.getAsset(ASSET_INDEX)).toString('utf8')) as string[]);
  return embeddedIndex;
}

let root: string | undefined;

/** The folder of hanok's package.json, from this file (sources under ts-node, or compiled under lib/). */
export function packageRoot(): string {
  if (root === undefined) {
    let directory = path.resolve(__dirname);
    for (;;) {
      const manifest = path.join(directory, 'package.json');
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'hanok') {
        root = directory;
        break;
      }
      const parent = path.dirname(directory);
      if (parent === directory) {
        throw new Error(`no hanok package.json above ${__dirname}`);
      }
      directory = parent;
    }
  }
  return root;
}

function normalize(relative: string): string {
  const normalized = path.posix.normalize(relative.split(path.sep).join('/')).replace(/\/$/, '');
  if (normalized.startsWith('../') || normalized === '..' || path.posix.isAbsolute(normalized)) {
    throw new Error(`package file paths are relative to the package: ${JSON.stringify(relative)}`);
  }
  return normalized;
}

/** The content of a file of the package, such as `crds/metallb/metallb.io_ipaddresspools.yaml`. */
export function readPackageFile(relative: string): Buffer {
  const key = normalize(relative);
  const module = seaModule();
  if (module) {
    if (!embeddedFiles(module).has(key)) {
      throw Object.assign(new Error(`${key} is not embedded in this hanok executable`), { code: 'ENOENT' });
    }
    return Buffer.from(module.getAsset(key));
  }
  return fs.readFileSync(path.join(packageRoot(), key));
}

/** The names of the files directly in a folder of the package, sorted; undefined when there is no such folder. */
export function listPackageFolder(relative: string): string[] | undefined {
  const folder = normalize(relative);
  const module = seaModule();
  if (module) {
    const names = [...embeddedFiles(module)]
      .filter((key) => path.posix.dirname(key) === folder)
      .map((key) => path.posix.basename(key));
    return names.length > 0 ? names.sort() : undefined;
  }
  const directory = path.join(packageRoot(), folder);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    return undefined;
  }
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

/** Every file below the package folders that the executable embeds, package-relative, sorted. */
export function packageFilesBelow(folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const directory = path.join(packageRoot(), relative);
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  folders.forEach((folder) => walk(normalize(folder)));
  return files.sort();
}
