import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/config/errors';
import { OUTPUT_MARKER, OutputStaging } from '../../src/pipeline/output-folder';
import { drawSvgs, OutputWrites } from '../../src/pipeline/output-worker';
import { synth, writeClusters } from '../../src/pipeline/synth';
import * as synthesizeClusterModule from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTERS_DIR, readTree, REPO_ROOT } from '../helpers';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function stagingLeftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.hanok-tmp-${path.basename(out)}`));
}

/** The staging folder's name differs from run to run; messages are compared without it. */
function withoutStagingName(message: string): string {
  return message.replace(/\.hanok-tmp-(\S+?)-\d+-[0-9a-f]+/g, '.hanok-tmp-$1-PID-HEX');
}

function errorOf(step: () => unknown): Error {
  try {
    step();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** Files whose second one needs a folder where the first is a file: the file system refuses it. */
const CONFLICTING = new Map([
  ['x.yaml', 'a: 1\n'],
  ['x.yaml/y.yaml', 'b: 2\n'],
]);
const BAD_DOT = 'digraph { a -> }';
const GOOD_DOT = 'digraph { a -> b }';

function files(count: number, tag: string): Map<string, string> {
  return new Map(Array.from({ length: count }, (_, index) => [`sub${index % 5}/f${index}.yaml`, `${tag} ${index}\n`.repeat(20)]));
}

/** An output folder written once before, holding `a/x.yaml`. */
function previousOutput(): string {
  const out = path.join(tempDir('hanok-worker-'), 'dist');
  const previous = OutputStaging.open(out);
  try {
    previous.write('a', new Map([['x.yaml', 'previous\n']]));
    previous.commit();
  } finally {
    previous.discard();
  }
  return out;
}

describe('the output worker', () => {
  test('after the wait the folder holds every file and drawing, the drawing byte for byte what drawSvgs draws on request', () => {
    // GIVEN
    const folder = path.join(tempDir('hanok-worker-'), 'a');
    const writes = new OutputWrites();
    const expected = files(60, 'one');
    // WHEN
    writes.post({ folder, files: expected, dots: new Map([['topology.svg', GOOD_DOT]]), what: 'write the output to here' });
    writes.finish();
    // THEN
    expect(writes.inFlight).toBe(0);
    expect(readTree(folder)).toEqual({ ...Object.fromEntries(expected), 'topology.svg': drawSvgs([['topology.svg', GOOD_DOT]])[0][1] });
  });

  test('waits when the worker is the given number of jobs behind (back-pressure)', () => {
    // GIVEN a bound of 2 and jobs that take the worker far longer to write than this thread to post
    const out = tempDir('hanok-worker-');
    const writes = new OutputWrites(2);
    const seen: number[] = [];
    // WHEN
    for (let job = 0; job < 12; job++) {
      writes.post({ folder: path.join(out, `c${job}`), files: files(150, `job ${job}`), what: 'write the output to here' });
      seen.push(writes.inFlight);
    }
    writes.finish();
    // THEN never more than 2 jobs were waiting, and the worker did lag behind (so the bound was what held them)
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(fs.readdirSync(out).length).toBe(12);
    expect(readTree(path.join(out, 'c11'))).toEqual(Object.fromEntries(files(150, 'job 11')));
  });

  test('a drawing on request between a run\'s jobs gets its own pictures, and the run keeps its own failure', () => {
    // GIVEN a run whose first job has a picture Graphviz rejects
    const folder = path.join(tempDir('hanok-worker-'), 'c');
    const writes = new OutputWrites();
    writes.post({ folder, files: new Map([['a.yaml', 'a: 1\n']]), dots: new Map([['topology.svg', BAD_DOT]]), what: 'write c' });
    // WHEN pictures are drawn on request before the run waits
    const drawn = drawSvgs([
      ['one.svg', GOOD_DOT],
      ['two.svg', 'digraph { b -> c }'],
    ]);
    // THEN the request gets both of its pictures in order, and the run still fails with its job's Graphviz message
    expect(drawn.map(([file, svg]) => [file, svg.startsWith('<?xml')])).toEqual([
      ['one.svg', true],
      ['two.svg', true],
    ]);
    expect(drawn[0][1]).not.toBe(drawn[1][1]);
    expect(errorOf(() => writes.finish()).message).toMatch(/^Graphviz failed: /);
  });

  test('fails when the bound is not a positive whole number', () => {
    expect(() => new OutputWrites(0)).toThrow('maxInFlight must be a positive whole number (got 0)');
  });

  test('fails with the same UserError as the synchronous write when a file cannot be written, and leaves the previous output as it was', () => {
    // GIVEN a previous output
    const out = previousOutput();
    const before = readTree(out);
    // WHEN the same files are written synchronously and by the worker
    const synchronous = OutputStaging.open(out);
    const expected = errorOf(() => {
      try {
        synchronous.write('a', CONFLICTING);
      } finally {
        synchronous.discard();
      }
    });
    const staging = OutputStaging.open(out);
    const writes = new OutputWrites();
    const failure = errorOf(() => {
      try {
        staging.writeInBackground('a', CONFLICTING, undefined, writes);
        staging.commit();
      } finally {
        staging.discard();
      }
    });
    // THEN
    expect(failure).toBeInstanceOf(UserError);
    expect(expected.message).toMatch(/^cannot write the output to .*\(E\w+ on .*x\.yaml\); the previous output is unchanged$/);
    expect(withoutStagingName(failure.message)).toBe(withoutStagingName(expected.message));
    expect(readTree(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);
  });

  test('fails with the message drawSvgs gives when Graphviz rejects a drawing, and leaves the previous output as it was', () => {
    // GIVEN a previous output
    const out = previousOutput();
    const before = readTree(out);
    const expected = errorOf(() => drawSvgs([['topology.svg', BAD_DOT]]));
    // WHEN
    const staging = OutputStaging.open(out);
    const writes = new OutputWrites();
    const failure = errorOf(() => {
      try {
        staging.writeInBackground('a', files(3, 'new'), new Map([['topology.svg', BAD_DOT]]), writes);
        staging.writeInBackground('b', files(3, 'new'), undefined, writes);
        staging.commit();
      } finally {
        staging.discard();
      }
    });
    // THEN
    expect(expected.message).toMatch(/^Graphviz failed: /);
    expect(failure.message).toBe(expected.message);
    expect(readTree(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);
  });

  test('a run that fails while the worker still writes leaves no staging folder behind', () => {
    // GIVEN many folders handed to the worker
    const out = path.join(tempDir('hanok-worker-'), 'dist');
    const staging = OutputStaging.open(out);
    const writes = new OutputWrites(50);
    try {
      for (let job = 0; job < 20; job++) staging.writeInBackground(`c${job}`, files(100, `job ${job}`), undefined, writes);
      // WHEN the run fails before the commit: discard must stop the worker before it removes the folder
    } finally {
      staging.discard();
    }
    // THEN
    expect(writes.inFlight).toBe(0);
    expect(stagingLeftovers(out)).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('does not keep the process alive', () => {
    // GIVEN a process that writes through the worker and then has nothing left to do
    const folder = tempDir('hanok-worker-');
    const script = `
      const { OutputWrites } = require(${JSON.stringify(path.join(REPO_ROOT, 'src', 'pipeline', 'output-worker.ts'))});
      const writes = new OutputWrites();
      writes.post({ folder: ${JSON.stringify(folder)}, files: new Map([['x.yaml', 'x\\n']]), dots: new Map([['t.svg', 'digraph { a }']]), what: 'write' });
      writes.finish();
      // A second job left running: the process must end anyway.
      writes.post({ folder: ${JSON.stringify(path.join(folder, 'more'))}, files: new Map([['y.yaml', 'y\\n']]), what: 'write' });
    `;
    // WHEN
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 45_000 });
    // THEN it ends on its own (spawnSync's timeout would kill it and report the signal)
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(folder, 't.svg'), 'utf8')).toMatch(/^<\?xml/);
  }, 60_000);
});

describe('writeClusters with the output worker', () => {
  afterEach(() => jest.restoreAllMocks());

  /** A previous output of the examples, marked so that a change would show. */
  function previousOutput(): { out: string; before: Record<string, string> } {
    const out = path.join(tempDir('hanok-out-'), 'dist');
    writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    fs.writeFileSync(path.join(out, 'lab', 'images.txt'), 'the previous run\n');
    return { out, before: readTree(out) };
  }

  /** Makes the output of lab, the third of the four example clusters, `change`d as the synthesis hands it over. */
  function changeThirdCluster(change: (output: synthesizeClusterModule.ClusterOutput) => synthesizeClusterModule.ClusterOutput): void {
    const original = synthesizeClusterModule.synthesizeCluster;
    jest.spyOn(synthesizeClusterModule, 'synthesizeCluster').mockImplementation((cluster, options) => {
      const output = original(cluster, options);
      return cluster.name === 'lab' ? change(output) : output;
    });
  }

  test('stages every cluster, drawings included, before the swap', () => {
    // GIVEN the moment of the swap: the first rename of the staging folder into place
    const out = path.join(tempDir('hanok-out-'), 'dist');
    const staged: Record<string, string>[] = [];
    // The fs module itself, which output-folder.ts calls through.
    const realFs = jest.requireActual('fs') as typeof fs;
    const rename = realFs.renameSync;
    jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).includes('.hanok-tmp-') && staged.length === 0) staged.push(readTree(String(from)));
      return rename(from, to);
    });
    // WHEN
    writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    // THEN the staging folder held the whole of dist/ when it was swapped in
    expect(staged).toEqual([readTree(path.join(REPO_ROOT, 'dist'))]);
  });

  test('fails when the worker cannot write a cluster\'s file, with the UserError of synth\'s synchronous write, changing nothing', () => {
    // GIVEN
    const { out, before } = previousOutput();
    changeThirdCluster((output) => ({ ...output, files: new Map([...output.files, ['images.txt/extra', 'x\n']]) }));
    // WHEN
    const expected = errorOf(() => synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out }));
    const failure = errorOf(() => writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out }));
    // THEN
    expect(failure).toBeInstanceOf(UserError);
    expect(expected.message).toMatch(/^cannot write the output to .*images\.txt.*; the previous output is unchanged$/);
    expect(withoutStagingName(failure.message)).toBe(withoutStagingName(expected.message));
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toContain(OUTPUT_MARKER);
    expect(stagingLeftovers(out)).toEqual([]);
  });

  test('fails when Graphviz rejects a cluster\'s drawing, with the message of the synchronous drawing, changing nothing', () => {
    // GIVEN
    const { out, before } = previousOutput();
    changeThirdCluster((output) => ({ ...output, dots: output.dots && new Map([...output.dots].map(([file]) => [file, BAD_DOT])) }));
    // WHEN
    const failure = errorOf(() => writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out }));
    // THEN
    expect(failure.message).toBe(errorOf(() => drawSvgs([['topology.svg', BAD_DOT]])).message);
    expect(readTree(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);
  });
});
