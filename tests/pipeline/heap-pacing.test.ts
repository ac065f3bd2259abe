import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import v8 = require('v8');
import { UserError } from '../../src/config/errors';
import { HEAP_GROWING_PERCENT, heapGrowingSetByUser, HeapPacing, PACE_AFTER_CLUSTERS } from '../../src/pipeline/heap-pacing';
import { writeClusters } from '../../src/pipeline/synth';
import * as synthesizeClusterModule from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTERS_DIR } from '../helpers';

const PACED = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
const V8_OWN_CHOICE = '--heap-growing-percent=0';

/** `count` variants of the lab example, each with its own name and host network, as `npm run bench` makes them. */
function labVariants(count: number): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-pacing-'));
  const lab = fs.readFileSync(path.join(EXAMPLE_CLUSTERS_DIR, 'lab.yaml'), 'utf8');
  for (let i = 0; i < count; i++) {
    const name = `pace-${i}`;
    fs.writeFileSync(path.join(directory, `${name}.yaml`), lab.replace(/^( {2}name:) lab$/m, `$1 ${name}`).replace(/192\.168\.111\./g, `172.16.${i}.`));
  }
  fs.cpSync(path.join(EXAMPLE_CLUSTERS_DIR, 'certs'), path.join(directory, 'certs'), { recursive: true });
  return directory;
}

describe('HeapPacing (peak memory of a many-cluster synth)', () => {
  let flags: jest.SpyInstance;
  beforeEach(() => {
    // The flags are recorded, not set: V8's heap sizing of the test process stays its own.
    flags = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
  });
  afterEach(() => flags.mockRestore());

  test('sets the growing factor once the run is past a few clusters, and gives V8 its choice back at the end', () => {
    // GIVEN
    const pacing = new HeapPacing(true);
    // WHEN fewer clusters than the threshold are written THEN nothing changes
    for (let i = 1; i < PACE_AFTER_CLUSTERS; i++) pacing.clusterWritten();
    expect(flags).not.toHaveBeenCalled();
    expect(pacing.active).toBe(false);
    // WHEN the threshold is reached and passed THEN the factor is set, once
    pacing.clusterWritten();
    pacing.clusterWritten();
    expect(flags.mock.calls).toEqual([[PACED]]);
    expect(pacing.active).toBe(true);
    // WHEN the run ends THEN V8 decides again
    pacing.end();
    pacing.end();
    expect(flags.mock.calls).toEqual([[PACED], [V8_OWN_CHOICE]]);
    expect(pacing.active).toBe(false);
  });

  test('leaves a short run and a Node given its own setting alone', () => {
    const short = new HeapPacing(true);
    short.clusterWritten();
    short.end();
    const own = new HeapPacing(false);
    for (let i = 0; i < 2 * PACE_AFTER_CLUSTERS; i++) own.clusterWritten();
    own.end();
    expect(flags).not.toHaveBeenCalled();
  });

  test('recognizes a heap-growing setting on the command line or in NODE_OPTIONS, in either spelling', () => {
    expect(heapGrowingSetByUser(['--heap-growing-percent=100'], '')).toBe(true);
    expect(heapGrowingSetByUser([], '--max-old-space-size=512 --heap_growing_percent=20')).toBe(true);
    expect(heapGrowingSetByUser(['--max-old-space-size=512', '--expose-gc'], '--enable-source-maps')).toBe(false);
  });

  test('writeClusters paces a long run and restores V8\'s choice when it ends, also when a cluster fails', () => {
    // GIVEN more clusters than the threshold
    const clusters = labVariants(PACE_AFTER_CLUSTERS + 1);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-pacing-out-'));
    try {
      // WHEN they are written THEN the factor was set during the run and given back after it
      writeClusters({ clustersDir: clusters, outDir: out });
      expect(flags.mock.calls).toEqual([[PACED], [V8_OWN_CHOICE]]);
      // WHEN the last cluster fails after the pacing started THEN it is given back too
      flags.mockClear();
      const original = synthesizeClusterModule.synthesizeCluster;
      let count = 0;
      const failing = jest.spyOn(synthesizeClusterModule, 'synthesizeCluster').mockImplementation((cluster, options) => {
        count += 1;
        if (count === PACE_AFTER_CLUSTERS + 1) throw new UserError(`${cluster.name}: simulated check failure`);
        return original(cluster, options);
      });
      try {
        expect(() => writeClusters({ clustersDir: clusters, outDir: out })).toThrow('simulated check failure');
      } finally {
        failing.mockRestore();
      }
      expect(flags.mock.calls).toEqual([[PACED], [V8_OWN_CHOICE]]);
    } finally {
      fs.rmSync(clusters, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
