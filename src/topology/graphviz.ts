import * as fs from 'fs';
import { isSingleExecutable, readPackageFile } from '../assets/package-files';

/*
 * Graphviz is the WebAssembly build of @viz-js/viz. It runs in synth's output worker (src/pipeline/output-worker.ts),
 * which evaluates the module's own CommonJS build from its text: the same in a package install and in the single
 * executable, which embeds the file rather than a node_modules folder.
 */

/** Where the single executable embeds @viz-js/viz's CommonJS build (scripts/build-exe.ts). */
export const EMBEDDED_VIZ_MODULE = 'node_modules/@viz-js/viz/dist/viz.cjs';

/** The text of @viz-js/viz's CommonJS build, which a worker evaluates. */
export function vizModuleSource(): string {
  if (isSingleExecutable()) {
    return readPackageFile(EMBEDDED_VIZ_MODULE).toString('utf8');
  }
  return fs.readFileSync(require.resolve('@viz-js/viz'), 'utf8');
}

/**
 * worker_threads, loaded when the first worker starts rather than with this module: the start-up snapshot
 * (scripts/build-fast.ts) must not hold Node's worker state, which it cannot carry over.
 */
export function workerThreads(): typeof import('worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('worker_threads') as typeof import('worker_threads');
}
