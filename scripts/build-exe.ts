import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ASSET_INDEX, packageFilesBelow, packageRoot } from '../src/assets/package-files';
import { EMBEDDED_VIZ_MODULE } from '../src/topology/graphviz';
import { bundleCli } from './bundle-cli';

/**
 * `npm run build:exe`: builds hanok as one self-contained executable for the machine's platform (Linux x64 here)
 * with Node's single-executable-application support, so that an air-gapped site can verify a bundle and re-synth
 * without Node or npm. The compiled CLI (with the precompiled schema validators) is bundled into one script by
 * esbuild; the CRDs and node scripts are embedded as assets (src/assets/package-files.ts reads them back); the blob
 * is injected into a copy of this Node binary with postject, as the Node documentation describes.
 *
 * Usage: node lib/scripts/build-exe.js [OUTPUT]   (default: build/hanok-<platform>-<arch>)
 */

/** The package folders the executable embeds. */
export const EMBEDDED_FOLDERS = ['crds', 'scripts/node', 'schema/kubernetes'];

/** The fuse postject flips so that Node runs the injected blob (from Node's single-executable documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export function buildExecutable(output: string): void {
  const root = packageRoot();
  const work = fs.mkdtempSync(path.join(path.dirname(path.resolve(output)), '.hanok-exe-'));
  try {
    const script = path.join(work, 'hanok.cjs');
    bundleCli({ entry: 'sea-main.js', outfile: script });
    const files = [...packageFilesBelow(EMBEDDED_FOLDERS), 'package.json'];
    const index = path.join(work, ASSET_INDEX);
    const assets: Record<string, string> = { [ASSET_INDEX]: index };
    files.forEach((file) => (assets[file] = path.join(root, file)));
    // Graphviz's WebAssembly build runs in a worker thread, which evaluates the module's text (topology/graphviz.ts).
    assets[EMBEDDED_VIZ_MODULE] = require.resolve('@viz-js/viz');
    fs.writeFileSync(index, JSON.stringify([...files, EMBEDDED_VIZ_MODULE].sort()));
    const blob = path.join(work, 'hanok.blob');
    const config = path.join(work, 'sea-config.json');
    fs.writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    const executable = path.join(work, 'hanok');
    fs.copyFileSync(process.execPath, executable);
    fs.chmodSync(executable, 0o755);
    // postject warns about ELF note sections it does not know on every Linux Node binary; show its output only on failure.
    execFileSync(process.execPath, [require.resolve('postject/dist/cli.js'), executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    fs.renameSync(executable, output);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const output = path.resolve(process.argv[2] ?? path.join(packageRoot(), 'build', `hanok-${process.platform}-${process.arch}`));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  buildExecutable(output);
  console.log(`wrote ${path.relative(process.cwd(), output) || output}: the hanok command line with Node ${process.version} embedded`);
}
