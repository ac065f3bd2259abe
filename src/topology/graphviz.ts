import * as fs from 'fs';
import type { MessagePort } from 'worker_threads';
import { isSingleExecutable, readPackageFile } from '../assets/package-files';

/**
 * Graphviz (the WebAssembly build of @viz-js/viz) behind a synchronous call, so that synth stays synchronous:
 * the WebAssembly module is compiled once per process in a worker thread, and each call posts the DOT text to it
 * and blocks on a shared flag until the SVG is back. The worker is unref'd, so it never keeps the process alive.
 */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
// Graphviz runs a few layouts per process: its baseline (Liftoff) code is fast enough, and leaving out the
// optimizing tier-up saves about 0.15 s of CPU per synth. V8's flags are per process; hanok has no other WebAssembly.
require('v8').setFlagsFromString('--liftoff-only');
const { port, flag, vizSource } = workerData;
const signal = new Int32Array(flag);
// The module's own CommonJS build, evaluated from its text: the same in a package install and in the single
// executable, which embeds the file rather than a node_modules folder.
const vizModule = { exports: {} };
new Function('module', 'exports', 'require', vizSource)(vizModule, vizModule.exports, require);
const ready = vizModule.exports.instance();
port.on('message', async (dot) => {
  let reply;
  try {
    const viz = await ready;
    const result = viz.render(dot, { format: 'svg' });
    reply = result.status === 'success' ? { svg: result.output } : { error: result.errors.map((e) => e.message).join('; ') };
  } catch (error) {
    reply = { error: String(error && error.stack || error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** Where the single executable embeds @viz-js/viz's CommonJS build (scripts/build-exe.ts). */
export const EMBEDDED_VIZ_MODULE = 'node_modules/@viz-js/viz/dist/viz.cjs';

/** The text of @viz-js/viz's CommonJS build, which a worker evaluates. */
export function vizModuleSource(): string {
  if (isSingleExecutable()) {
    return readPackageFile(EMBEDDED_VIZ_MODULE).toString('utf8');
  }
  return fs.readFileSync(require.resolve('@viz-js/viz'), 'utf8');
}

interface Renderer {
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

let renderer: Renderer | undefined;

/**
 * worker_threads, loaded when the first drawing starts rather than with this module: the start-up snapshot
 * (scripts/build-fast.ts) must not hold Node's worker state, which it cannot carry over.
 */
export function workerThreads(): typeof import('worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('worker_threads') as typeof import('worker_threads');
}

function start(): Renderer {
  const { MessageChannel, Worker } = workerThreads();
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, vizSource: vizModuleSource() },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  return { port: port1, signal: new Int32Array(flag) };
}

/** How long one drawing may take before synth gives up: generous, since the first call also compiles Graphviz. */
const TIMEOUT_MS = 60_000;

/**
 * Starts the worker and its compilation of Graphviz now, so that it runs on the other core while this thread loads
 * and checks the clusters, instead of blocking the first drawing. Does nothing when already started.
 */
export function startGraphviz(): void {
  renderer ??= start();
}

/** Renders DOT text to SVG with Graphviz's `dot` layout. Throws when Graphviz reports an error. */
export function renderSvg(dot: string): string {
  renderer ??= start();
  Atomics.store(renderer.signal, 0, 0);
  renderer.port.postMessage(dot);
  if (Atomics.wait(renderer.signal, 0, 0, TIMEOUT_MS) === 'timed-out') {
    throw new Error(`Graphviz did not answer within ${TIMEOUT_MS / 1000} s`);
  }
  const reply = workerThreads().receiveMessageOnPort(renderer.port)?.message as { svg?: string; error?: string } | undefined;
  if (!reply?.svg) {
    throw new Error(`Graphviz failed: ${reply?.error ?? 'no answer'}`);
  }
  return reply.svg;
}
