import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../src/assets/package-files';
import { schemaMinorFor, schemaMinors, versionedValidatorsFile } from '../src/checks/versioned-schemas';
import { DEFAULT_KUBERNETES_VERSION } from '../src/versions/compatibility-matrix';
import { minorOf } from '../src/versions/kubernetes-releases';
import { bundleCli } from './bundle-cli';

/**
 * `npm run build:fast`: the start-up snapshot bin/hanok.js starts from when it is present and current.
 *
 * A cold `hanok synth` spends most of its time loading about 550 modules (cdk8s, the imported Kubernetes classes,
 * zod, the precompiled validators, hanok's own files) before it does any work. This script bundles the compiled
 * CLI (lib/) into one file with esbuild, evaluates it once in `node --build-snapshot`, and writes the V8 heap to
 * `lib/fast/hanok.blob`: a process started with `--snapshot-blob` begins with every module already loaded.
 * Besides the modules, only the code and data `npm run build` generated are loaded into it (`preloadGenerated`:
 * the precompiled validators and the CRD files parsed at build time, each keyed so that an edited CRD is parsed
 * and compiled at run time). Then it validates the repository's example clusters once (`warmUp`, without output),
 * so that the code a run needs is compiled and its lazily built state is in place, and forgets every file that run
 * read: nothing of a cluster is in the snapshot, so its output is byte for byte that of the plain path;
 * tests/exe/fast-path.test.ts proves it against dist/.
 *
 * `lib/fast/node` names the Node binary that made the snapshot (its path, size and modification time, in a line a
 * shell reads too): the launchers (bin/hanok, bin/hanok.js) start the snapshot only in that Node. The snapshot runs
 * only on the build of lib/ it was made from (it checks that itself, see entrySource), so after any rebuild of lib/
 * hanok runs from lib/ until this script runs again.
 *
 * Usage: node lib/scripts/build-fast.js [OUTPUT-FOLDER]   (default: lib/fast)
 */

/** The compiled CLI the snapshot is made from. */
export const BUILD_MARKER = path.join('lib', 'src', 'cli', 'hanok.js');

export interface LibBuild {
  /** How many .js and .json files lib/src holds. */
  readonly files: number;
  /** The modification time (ms) of the newest of them. */
  readonly newest: number;
}

/** What bin/lib-build.js (plain JavaScript, shared with the launchers and carried in the snapshot) offers here. */
interface LauncherModule {
  readonly NODE_STAMP: string;
  buildOf(libSrc: string): LibBuild;
  nodeIdentity(execPath: string): string;
}

function launcherModule(): LauncherModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(packageRoot(), 'bin', 'lib-build.js')) as LauncherModule;
}

/**
 * Identifies a build of lib/src with the very function the snapshot checks it with (bin/lib-build.js): tsc rewrites
 * only the files whose output changed, so no single file's time would do.
 */
export function buildOf(libSrc: string): LibBuild {
  return launcherModule().buildOf(libSrc);
}

/** The file of lib/fast/ that names the Node binary the snapshot was made by (bin/lib-build.js). */
export const NODE_STAMP = launcherModule().NODE_STAMP;

/**
 * The snapshot's entry script: the bundle wrapped in a CommonJS module function whose `require` is, while the
 * snapshot is built, Node's (which loads only built-in modules there), and from the start of a run on, a full
 * `require` from hanok's compiled CLI, for what the bundle leaves outside: the kubernetes-models fallback of the
 * schema check and Graphviz's module, which the drawing worker evaluates from its text. `__dirname` is that of the
 * compiled CLI too, so that the snapshot, wherever it lies, reads the CRDs and node scripts of the package it was
 * built from.
 *
 * Both launchers (bin/hanok.js and bin/hanok) start the snapshot as soon as it was made by the Node that starts it,
 * with `HANOK_FAST_CHECK` naming the lib/src they would otherwise load: before it runs anything of hanok, the
 * snapshot compares that build with its own (bin/lib-build.js, whose text it carries: a few milliseconds), and on a
 * stale one runs that lib/ in its own process, as bin/hanok.js would, or refuses under HANOK_FAST=1. Started
 * without it (node --snapshot-blob ...), it just runs.
 */
function entrySource(cli: string, bundleText: string, warmUpClusters: string | undefined, carriedMinors: readonly string[], build: LibBuild): string {
  const launcherModule = fs.readFileSync(path.join(packageRoot(), 'bin', 'lib-build.js'), 'utf8');
  return `'use strict';
const cliFile = ${JSON.stringify(cli)};
let currentRequire = require;
function hanokRequire(id) { return currentRequire(id); }
hanokRequire.resolve = (id, options) => currentRequire.resolve(id, options);
const bundleModule = { exports: {} };
(function (exports, require, module, __filename, __dirname) {
${bundleText}
})(bundleModule.exports, hanokRequire, bundleModule, cliFile, ${JSON.stringify(path.dirname(cli))});
bundleModule.exports.preloadGenerated(${JSON.stringify(carriedMinors)});
const libBuild = { exports: {} };
(function (exports, require, module) {
${launcherModule}
})(libBuild.exports, require, libBuild);
const snapshotBuild = ${JSON.stringify({ files: build.files, newest: build.newest })};
require('v8').startupSnapshot.setDeserializeMainFunction(() => {
  const args = process.argv.slice(1);
  const libSrc = process.env.HANOK_FAST_CHECK;
  if (libSrc !== undefined) {
    delete process.env.HANOK_FAST_CHECK;
    if (!libBuild.exports.isBuild(libSrc, snapshotBuild)) {
      if (process.env.HANOK_FAST === '1') libBuild.exports.refuseStale();
      libBuild.exports.runPlain(require('module').createRequire(cliFile), require('path').join(libSrc, 'cli', 'run.js'), args);
      return;
    }
  }
  currentRequire = require('module').createRequire(cliFile);
  bundleModule.exports.runCli(args);
});
${
  warmUpClusters === undefined
    ? ''
    : `bundleModule.exports.warmUp(${JSON.stringify(warmUpClusters)}).then((code) => {
  if (code !== 0) throw new Error('the warm-up validate of ${warmUpClusters} failed');
});
`
}`;
}

/**
 * The clusters the snapshot's warm-up validates (src/cli/warm-up.ts): the examples of the repository, or none when
 * the package has no examples (an installed package), which only leaves the warm-up out.
 */
export function warmUpClusters(root: string): string | undefined {
  const examples = path.join(root, 'clusters');
  return fs.existsSync(examples) && fs.readdirSync(examples).some((name) => name.endsWith('.yaml')) ? examples : undefined;
}

/**
 * The Kubernetes minors whose precompiled API validators (about 1.7 MB of JavaScript each) the snapshot carries: the
 * one a cluster without `kubernetesVersion` is checked against. Every byte of the snapshot is deserialized at every
 * start, whether the run needs it or not, while a run of another minor loads that minor's validators from lib/ on
 * first use (about 50 ms more CPU for such a run than carrying them, while carrying them costs every start
 * 10-20 ms of CPU per minor).
 */
export function carriedMinors(): string[] {
  return [schemaMinorFor(minorOf(DEFAULT_KUBERNETES_VERSION))];
}

export function buildFastPath(output: string = path.join(packageRoot(), 'lib', 'fast')): void {
  const root = packageRoot();
  const marker = path.join(root, BUILD_MARKER);
  if (!fs.existsSync(marker)) {
    throw new Error(`${BUILD_MARKER} is missing: run npm run build first`);
  }
  const build = buildOf(path.join(root, 'lib', 'src'));
  fs.rmSync(output, { recursive: true, force: true });
  fs.mkdirSync(output, { recursive: true });
  const bundle = path.join(output, 'hanok.cjs');
  // The snapshot holds every module's source text: without the whitespace it is 19 MB instead of 35 MB, and each
  // start deserializes about 40 ms less.
  const carried = carriedMinors();
  const external = schemaMinors()
    .filter((minor) => !carried.includes(minor))
    .map((minor) => `../checks/${versionedValidatorsFile(minor)}`);
  bundleCli({ entry: 'run.js', outfile: bundle, minifyWhitespace: true, external });
  const entry = path.join(output, 'snapshot-entry.js');
  fs.writeFileSync(entry, entrySource(path.join(root, 'lib', 'src', 'cli', 'run.js'), fs.readFileSync(bundle, 'utf8'), warmUpClusters(root), carried, build));
  const blob = path.join(output, 'hanok.blob');
  // Node warns that child_process and worker_threads are "not yet fully verified" in snapshots: both are only
  // used after the snapshot is deserialized (the fast-path test covers synth, whose drawing uses a worker).
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', entry], { cwd: output, stdio: ['ignore', 'ignore', 'pipe'] });
  fs.rmSync(entry);
  fs.rmSync(bundle);
  fs.writeFileSync(path.join(output, NODE_STAMP), `${launcherModule().nodeIdentity(process.execPath)}\n`);
}

if (require.main === module) {
  const output = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  buildFastPath(output);
  console.log(`wrote ${path.relative(process.cwd(), output ?? path.join(packageRoot(), 'lib', 'fast'))}/hanok.blob: the start-up snapshot bin/hanok.js uses (Node ${process.version})`);
}
