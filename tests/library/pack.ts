import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/**
 * hanok as another repository gets it: `npm pack` of a fresh build, installed into a project without network.
 * Reusable by any test that needs hanok as a dependency (the library test, the example extension project).
 *
 * The package is built into a staging folder, never into the repository's own `lib/` (other tests run the built CLI
 * at the same time): the files `package.json` lists are copied there, the sources compiled with the build tsconfig
 * into its `lib/`, and `npm pack --ignore-scripts` packs it (its `prepack` would build a second time).
 */

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command, failing with its output. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/** npm without the network (--offline): only npm's cache, filled by hanok's own `npm ci`, serves packages. */
const OFFLINE: NodeJS.ProcessEnv = {
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

let packed: string | undefined;

/** The files a build and pack of hanok reads, relative to the repository: what the cached tarball depends on. */
function packInputs(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const roots = [
    ...manifest.files.filter((file) => !file.startsWith('!') && !file.startsWith('lib')),
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'main.ts',
    'src',
    'imports',
    'scripts',
  ];
  const files: string[] = [];
  const walk = (relative: string) => {
    const full = path.join(REPO_ROOT, relative);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) for (const entry of fs.readdirSync(full).sort()) walk(path.join(relative, entry));
    else files.push(relative);
  };
  [...new Set(roots.map((root) => root.replace(/\/$/, '')))].sort().forEach(walk);
  return files;
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/**
 * Builds and packs hanok, once for all test files of a run: the tarball is kept in node_modules/.cache/hanok-pack/
 * under a digest of every file the build reads, so the library test and the example project test (separate jest
 * workers, often at the same time) share one build; a second process waits for the first one's tarball. Returns the
 * path of `hanok-<version>.tgz`.
 */
export function packHanok(): string {
  if (packed) return packed;
  const digest = crypto.createHash('sha256');
  for (const file of packInputs()) digest.update(`${file}\0`).update(fs.readFileSync(path.join(REPO_ROOT, file))).update('\0');
  const key = digest.digest('hex').slice(0, 16);
  const cache = path.join(REPO_ROOT, 'node_modules/.cache/hanok-pack');
  const done = path.join(cache, key);
  const lock = path.join(cache, `${key}.lock`);
  const tarballIn = (directory: string) => fs.readdirSync(directory).find((file) => file.endsWith('.tgz'));
  fs.mkdirSync(cache, { recursive: true });
  for (;;) {
    if (fs.existsSync(done)) return (packed = path.join(done, tarballIn(done)!));
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another test process is building it; a lock older than ten minutes is left by a process that died.
      const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    const tarball = buildAndPack();
    const staged = `${done}.${process.pid}`;
    fs.mkdirSync(staged);
    fs.copyFileSync(tarball, path.join(staged, path.basename(tarball)));
    fs.rmSync(path.dirname(path.dirname(tarball)), { recursive: true, force: true });
    fs.renameSync(staged, done);
    // Tarballs of earlier sources are of no further use.
    for (const entry of fs.readdirSync(cache)) if (entry !== key && !entry.endsWith('.lock')) fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return (packed = path.join(done, tarballIn(done)!));
}

/** A fresh build of hanok in a staging folder, packed with `npm pack`; returns the tarball's path. */
function buildAndPack(): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-pack-'));
  const staging = path.join(work, 'package');
  fs.mkdirSync(staging);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of [...manifest.files.filter((file) => !file.startsWith('!') && !file.startsWith('lib')), 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
  }
  for (const sources of ['main.ts', 'src', 'imports', 'scripts']) {
    fs.cpSync(path.join(REPO_ROOT, sources), path.join(staging, sources), { recursive: true });
  }
  // The build resolves types and kubernetes-models from hanok's own install; npm pack never packs node_modules.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
  run(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], staging);
  run(process.execPath, ['lib/scripts/compile-schemas.js'], staging);
  const out = path.join(work, 'out');
  fs.mkdirSync(out);
  const report = JSON.parse(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], staging, OFFLINE)) as Array<{ filename: string }>;
  return path.join(out, report[0].filename);
}

/** The version of a package installed in hanok's own node_modules, so that a consumer gets the one npm's cache has. */
export function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

export interface Manifest {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** Where Node finds `name` from the package at lock path `from` ('' for the root), in a lock's `packages`. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/**
 * The lock entries a set of root dependencies needs, copied from hanok's own package-lock.json (the tree its
 * `npm ci` installed, whose tarballs npm's cache holds), each with the registry URL of its tarball so that npm reads
 * it from the cache by its integrity without asking the registry for package metadata.
 */
function lockClosure(roots: readonly string[]): Record<string, LockEntry> {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const registry = 'https://registry.npmjs.org';
  const result: Record<string, LockEntry> = {};
  const queue: Array<[string, string, boolean]> = roots.map((name) => ['', name, false]);
  while (queue.length > 0) {
    const [from, name, optional] = queue.shift()!;
    const at = resolveInLock(lock.packages, from, name);
    if (at === undefined) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'the project'}) is not in hanok's package-lock.json, so it cannot be installed offline`);
    }
    if (result[at]) continue;
    const { dev, devOptional, peer, ...entry } = lock.packages[at];
    void dev, devOptional, peer;
    if (!entry.resolved && !entry.inBundle && !entry.link) {
      const packageName = entry.name ?? at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);
      entry.resolved = `${registry}/${packageName}/-/${packageName.split('/').pop()}-${entry.version}.tgz`;
    }
    result[at] = entry;
    for (const [dependencies, isOptional] of [[entry.dependencies, false], [entry.optionalDependencies, true], [entry.peerDependencies, true]] as const) {
      for (const dependency of Object.keys(dependencies ?? {})) queue.push([at, dependency, isOptional]);
    }
    // Bundled dependencies come inside the package's own tarball: list them as they are.
    for (const [bundled, bundledEntry] of Object.entries(lock.packages)) {
      if (bundled.startsWith(`${at}/node_modules/`) && bundledEntry.inBundle) {
        const { dev: _dev, devOptional: _devOptional, peer: _peer, ...copy } = bundledEntry;
        void _dev, _devOptional, _peer;
        result[bundled] = copy;
      }
    }
  }
  return result;
}

/**
 * Installs hanok's tarball into the project in `dir` with `npm ci --offline`, as another repository would install
 * hanok, but without network. Its package.json's `hanok` dependency (added when missing) is pointed at the tarball;
 * every other dependency of the project must be one that hanok's own package-lock.json holds (cdk8s, constructs,
 * cdk8s-plus-34, typescript, jest, @types/node, ...). A package-lock.json for the project is written from hanok's,
 * so npm installs exactly the tarballs hanok's own `npm ci` put in npm's cache; a package missing from it fails the
 * install instead of being fetched. It rewrites the project's package.json and package-lock.json: give it a copy
 * (an `examples/` project copied to a temporary folder), then run `npm test` there.
 *
 * (npm install --offline without such a lock asks for package metadata, which `npm ci` does not necessarily
 * cache; with the lock's tarball URLs and integrity, npm reads the tarballs from the cache by their digest.)
 */
export function installInto(dir: string, tarball: string = packHanok()): void {
  const manifestFile = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const hanokSpec = `file:${path.relative(dir, tarball).split(path.sep).join('/')}`;
  const section = manifest.devDependencies?.hanok !== undefined ? 'devDependencies' : 'dependencies';
  manifest[section] = { ...(manifest[section] as Record<string, string> | undefined), hanok: hanokSpec };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  const hanok = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], dir)) as Manifest;
  const integrity = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  fs.writeFileSync(path.join(dir, 'package-lock.json'), lockText(manifest, hanok, integrity));
  ciOffline(dir);
}

/**
 * The package-lock.json of a project whose `hanok` dependency is a tarball (its package.json names it with a `file:`
 * spec), derived from hanok's own lock as installInto does. With `integrity` undefined, the hanok entry has none:
 * such a lock stays valid while hanok's sources change (npm checks the tarball against an integrity only when the
 * lock has one), and goes out of date only when hanok's manifest (version, dependencies) or lock does.
 */
export function lockText(manifest: Manifest, hanok: Manifest, integrity?: string): string {
  const section = manifest.devDependencies?.hanok !== undefined ? 'devDependencies' : 'dependencies';
  const hanokSpec = (manifest[section] as Record<string, string>).hanok;
  const own = [manifest.dependencies, manifest.devDependencies, manifest.optionalDependencies].flatMap((deps) => Object.keys(deps ?? {})).filter((name) => name !== 'hanok');
  const needed = [...own, ...Object.keys(hanok.dependencies ?? {}), ...Object.keys(hanok.peerDependencies ?? {})];
  const { name, version, dependencies, devDependencies, optionalDependencies, peerDependencies } = manifest;
  const lock = {
    name,
    version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, version, dependencies, devDependencies, optionalDependencies, peerDependencies },
      'node_modules/hanok': {
        version: hanok.version,
        resolved: hanokSpec,
        integrity,
        license: hanok.license,
        dependencies: hanok.dependencies,
        peerDependencies: hanok.peerDependencies,
        bin: hanok.bin,
        engines: hanok.engines,
      },
      ...lockClosure(needed),
    },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** `npm ci --offline` in `dir`: the project's package-lock.json, served from npm's cache only. */
export function ciOffline(dir: string): void {
  run(NPM, ['ci', '--offline', '--no-audit', '--no-fund'], dir, OFFLINE);
}
