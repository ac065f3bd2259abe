// The module object itself (not a namespace copy of it), so that a test can watch its flags being set.
import v8 = require('v8');

/**
 * How far V8 lets the old generation grow past what the last full collection kept, while a long synth runs:
 * 1.5 times. By default V8 chooses up to 4 times when collecting is cheap against allocating, which it is here:
 * a fleet's run keeps about 40 MiB (mostly compiled code), but every cluster leaves about 1 MiB of objects that
 * live through its synthesis, are promoted, and are garbage once the cluster is written. With a factor of 4 the
 * heap grew to about 190 MiB before each full collection (315 MiB peak memory at 300 clusters, 346 at 600); at 1.5
 * a full collection (about 10 ms) comes every few dozen clusters, about 2 % of their CPU time.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Clusters written before the pacing starts: a run of a few clusters never comes near a full collection's cost. */
export const PACE_AFTER_CLUSTERS = 8;

/**
 * Whether the Node running hanok was given its own heap-growing setting (on its command line or in NODE_OPTIONS),
 * which then stays as it is.
 */
export function heapGrowingSetByUser(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ''): boolean {
  return [...execArgv, nodeOptions].some((option) => /heap[-_]growing[-_]percent/.test(option));
}

/**
 * Keeps the peak memory of a many-cluster synth near what it really holds: after `PACE_AFTER_CLUSTERS` clusters
 * are written it sets V8's heap growing factor (`--heap-growing-percent`, read at each full collection) to
 * `HEAP_GROWING_PERCENT`, and `end()` gives V8 back its own choice (the flag's default, 0). V8's flags are per
 * process: a program that synthesizes from code shares it for the run's duration, and gets it back afterwards.
 * Nothing changes for a Node started with its own `--heap-growing-percent`.
 */
export class HeapPacing {
  private clusters = 0;
  private paced = false;

  constructor(private readonly enabled: boolean = !heapGrowingSetByUser()) {}

  /** Call after each cluster is written and its objects are dropped. */
  clusterWritten(): void {
    this.clusters += 1;
    if (this.enabled && !this.paced && this.clusters >= PACE_AFTER_CLUSTERS) {
      v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      this.paced = true;
    }
  }

  /** Whether the factor is set now (for tests). */
  get active(): boolean {
    return this.paced;
  }

  end(): void {
    if (this.paced) {
      v8.setFlagsFromString('--heap-growing-percent=0');
      this.paced = false;
    }
  }
}
