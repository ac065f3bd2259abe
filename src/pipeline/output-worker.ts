import type { MessagePort, Worker } from 'worker_threads';
import { vizModuleSource, workerThreads } from '../topology/graphviz';
import { guard } from './fs-steps';

/**
 * The output worker: one thread that draws a cluster's pictures with Graphviz and writes its files into the staging
 * folder, while the main thread synthesizes the next cluster. On two cores, drawing (about 12 ms a cluster) and
 * writing (about 30 files and a dozen folders a cluster) then overlap with synthesis instead of following it.
 *
 * synth is synchronous, so the main thread talks to the worker without the event loop: jobs go out by postMessage,
 * the worker counts the jobs it has finished in shared memory and wakes the main thread with Atomics.notify, and a
 * failure comes back as a message the main thread takes with receiveMessageOnPort. The worker is unref'd and never
 * keeps the process alive; worker_threads is loaded when synth starts the worker, never in the start-up snapshot.
 */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
const { port, shared, vizSource } = workerData;
// [0] the number of the last job finished, [1] jobs up to this number are skipped, [2] 1 once this thread ends.
const state = new Int32Array(shared);
process.on('exit', () => {
  Atomics.store(state, 2, 1);
  Atomics.notify(state, 0);
});
// Graphviz runs on V8's baseline (Liftoff) code: leaving out the optimizing tier-up saves CPU up to a few hundred
// drawings a run (measured: 110 drawings 0.81 s of CPU instead of 1.03 s; about even at 400). V8's flags are per process;
// hanok has no other WebAssembly.
require('v8').setFlagsFromString('--liftoff-only');
let ready;
function graphviz() {
  if (!ready) {
    ready = (async () => {
      const vizModule = { exports: {} };
      new Function('module', 'exports', 'require', vizSource)(vizModule, vizModule.exports, require);
      return vizModule.exports.instance();
    })();
  }
  return ready;
}
// Compile Graphviz now, while the main thread loads and checks the clusters.
graphviz().catch(() => undefined);
let queue = Promise.resolve();
port.on('message', (job) => {
  queue = queue.then(() => run(job)).catch(() => undefined);
});
// Draws every picture of a job: { svgs: [[file, svg], ...] }, or { graphviz: why } at the first failure.
async function drawAll(dots) {
  let viz;
  try {
    viz = await graphviz();
  } catch (error) {
    return { graphviz: String((error && error.stack) || error) };
  }
  const svgs = [];
  for (const [file, dot] of dots) {
    let result;
    try {
      result = viz.render(dot, { format: 'svg' });
    } catch (error) {
      return { graphviz: String((error && error.stack) || error) };
    }
    if (result.status !== 'success' || !result.output) {
      return { graphviz: result.errors.map((e) => e.message).join('; ') || 'no answer' };
    }
    svgs.push([file, result.output]);
  }
  return { svgs };
}
async function run(job) {
  try {
    // A drawing the main thread waits for (drawSvgs): the pictures go back on the job's own port, never skipped.
    if (job.reply) {
      job.reply.postMessage(await drawAll(job.dots));
      job.reply.close();
      return;
    }
    if (job.seq <= Atomics.load(state, 1)) return;
    const files = job.files;
    // Each folder is made once, not once per file: a cluster's 30-odd files share a dozen folders.
    const made = new Set();
    if (job.dots.length > 0) {
      const drawn = await drawAll(job.dots);
      if (!drawn.svgs) {
        port.postMessage({ seq: job.seq, graphviz: drawn.graphviz });
        return;
      }
      files.push(...drawn.svgs);
    }
    for (const [relative, content] of files) {
      if (job.seq <= Atomics.load(state, 1)) return;
      const file = path.join(job.folder, relative);
      const folder = path.dirname(file);
      if (!made.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      fs.writeFileSync(file, content);
    }
  } catch (error) {
    port.postMessage({ seq: job.seq, fs: { message: String(error && error.message), code: error && error.code, path: error && error.path, stack: String(error && error.stack) } });
  } finally {
    Atomics.store(state, 0, job.seq);
    Atomics.notify(state, 0);
  }
}
`;

/** How many clusters' files may wait in the worker before `post` waits: bounds the memory they hold. */
export const MAX_JOBS_IN_FLIGHT = 8;

/** How long the main thread waits for the worker to make progress before giving up. */
const TIMEOUT_MS = 60_000;

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly state: Int32Array;
  /** The number the next job gets; jobs are numbered over the whole process, from 1. */
  nextSeq: number;
}

let thread: Thread | undefined;

function startThread(): Thread {
  const { MessageChannel, Worker } = workerThreads();
  const shared = new SharedArrayBuffer(12);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, shared, vizSource: vizModuleSource() },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  return { worker, port: port1, state: new Int32Array(shared), nextSeq: 1 };
}

/**
 * Starts the output worker, and its compilation of Graphviz, now, so that both happen on the other core while this
 * thread loads and checks the clusters. Does nothing when it runs already.
 */
export function startOutputWorker(): void {
  thread ??= startThread();
}

/** One folder's worth of work: files to write and pictures to draw into it. */
export interface OutputJob {
  /** The absolute folder the files go into (a folder inside the staging folder). */
  readonly folder: string;
  /** Path relative to `folder`, and content. */
  readonly files: ReadonlyMap<string, string>;
  /** Pictures to draw with Graphviz's `dot` layout and write as SVG: path relative to `folder`, and DOT text. */
  readonly dots?: ReadonlyMap<string, string>;
  /** What a file-system failure says could not be done, as OutputStaging's synchronous write says it. */
  readonly what: string;
}

/**
 * The jobs of one run (one staging folder) in the output worker. `finish` waits until every job is done and throws
 * the first failure exactly as the synchronous path would have thrown it: a file-system failure as the UserError of
 * `guard(what, ...)`, a Graphviz failure as `Graphviz failed: ...`. `stop` skips what was not yet done and waits until
 * the worker no longer touches the folders, so that they can be removed.
 */
export class OutputWrites {
  private lastSeq = 0;
  private firstSeq = 0;
  private failure: Error | undefined;
  private readonly what = new Map<number, string>();

  constructor(private readonly maxInFlight = MAX_JOBS_IN_FLIGHT) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new Error(`maxInFlight must be a positive whole number (got ${maxInFlight})`);
    }
  }

  /** How many of this run's jobs the worker has not finished yet. */
  get inFlight(): number {
    if (!thread || this.lastSeq === 0) return 0;
    return Math.max(0, this.lastSeq - Atomics.load(thread.state, 0));
  }

  /**
   * Hands a job to the worker and returns, unless `maxInFlight` jobs are still waiting, then it waits for the oldest.
   * Throws an earlier job's failure as soon as it is known, so that a failed run stops early.
   */
  post(job: OutputJob): void {
    this.takeReplies();
    if (this.failure) throw this.failure;
    startOutputWorker();
    const current = thread!;
    waitUntil(() => this.inFlight < this.maxInFlight);
    this.takeReplies();
    if (this.failure) throw this.failure;
    const seq = current.nextSeq++;
    if (this.firstSeq === 0) this.firstSeq = seq;
    this.lastSeq = seq;
    this.what.set(seq, job.what);
    // The worker appends the drawings to the files array it receives.
    current.port.postMessage({ seq, folder: job.folder, files: [...job.files], dots: [...(job.dots ?? [])] });
  }

  /** Waits until every posted job is done; throws the first failure. */
  finish(): void {
    waitUntil(() => this.inFlight === 0);
    this.takeReplies();
    if (this.failure) throw this.failure;
  }

  /** Skips the jobs not yet done and waits until the worker is past them. Never throws. */
  stop(): void {
    if (!thread || this.lastSeq === 0) return;
    Atomics.store(thread.state, 1, Math.max(Atomics.load(thread.state, 1), this.lastSeq));
    try {
      waitUntil(() => this.inFlight === 0);
    } catch {
      // A worker that does not answer is reported by finish; stopping only tries.
    }
    this.takeReplies();
  }

  /** Takes the worker's failure messages; keeps this run's first one. */
  private takeReplies(): void {
    if (!thread) return;
    const { receiveMessageOnPort } = workerThreads();
    for (let reply = receiveMessageOnPort(thread.port); reply; reply = receiveMessageOnPort(thread.port)) {
      const message = reply.message as { seq: number; graphviz?: string; fs?: { message: string; code?: string; path?: string; stack?: string } };
      if (message.seq < this.firstSeq || message.seq > this.lastSeq || this.failure) continue;
      this.failure = asError(message, this.what.get(message.seq) ?? 'write the output');
    }
  }
}

/**
 * Waits, without the event loop, until `done()` holds, waking each time the worker finishes a job. Throws when the
 * worker ended or made no progress for TIMEOUT_MS.
 */
function waitUntil(done: () => boolean): void {
  if (!thread) return;
  const { state } = thread;
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (done()) return;
    if (Atomics.load(state, 2) === 1) {
      throw new Error('the output worker ended unexpectedly');
    }
    const seen = Atomics.load(state, 0);
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(state, 0, seen, left) === 'timed-out') {
      if (!done()) throw new Error(`the output worker did not answer within ${TIMEOUT_MS / 1000} s`);
    }
  }
}

/**
 * Draws pictures with Graphviz's `dot` layout in the output worker and waits for them: each file name with its SVG,
 * in the order given. Throws `Graphviz failed: ...` when Graphviz rejects one. synth from code draws this way; the
 * pictures go back on a port of their own, so a run's jobs in the same worker are not disturbed.
 */
export function drawSvgs(dots: Iterable<readonly [string, string]>): [string, string][] {
  startOutputWorker();
  const current = thread!;
  const { MessageChannel, receiveMessageOnPort } = workerThreads();
  const { port1, port2 } = new MessageChannel();
  const seq = current.nextSeq++;
  try {
    current.port.postMessage({ seq, dots: [...dots], reply: port2 }, [port2]);
    waitUntil(() => Atomics.load(current.state, 0) >= seq);
    const reply = receiveMessageOnPort(port1)?.message as { svgs?: [string, string][]; graphviz?: string } | undefined;
    if (!reply?.svgs) {
      throw new Error(`Graphviz failed: ${reply?.graphviz ?? 'no answer'}`);
    }
    return reply.svgs;
  } finally {
    port1.close();
  }
}

/** The error the synchronous path throws for the same failure. */
function asError(message: { graphviz?: string; fs?: { message: string; code?: string; path?: string; stack?: string } }, what: string): Error {
  if (message.graphviz !== undefined) {
    return new Error(`Graphviz failed: ${message.graphviz}`);
  }
  const failure = Object.assign(new Error(message.fs!.message), { code: message.fs!.code, path: message.fs!.path });
  if (message.fs!.stack) failure.stack = message.fs!.stack;
  try {
    guard(what, () => {
      throw failure;
    });
  } catch (error) {
    return error as Error;
  }
  return failure;
}
