import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { main } from '../../src/cli/hanok';
import { UserError } from '../../src/config/errors';
import { OUTPUT_MARKER, OUTPUT_MARKER_CONTENT } from '../../src/pipeline/output-folder';
import { synth } from '../../src/pipeline/synth';
import * as synthesizeClusterModule from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTERS_DIR, exampleDocument, readTree, REPO_ROOT } from '../helpers';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}


function clustersFolder(documents: Record<string, unknown>): string {
  const directory = tempDir('hanok-clusters-');
  for (const [name, document] of Object.entries(documents)) {
    fs.writeFileSync(path.join(directory, `${name}.yaml`), yaml.dump(document));
  }
  return directory;
}

describe('synth', () => {
  test('is deterministic: two runs write byte-identical trees', async () => {
    const first = tempDir('hanok-out-');
    const second = tempDir('hanok-out-');
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: first });
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: second });
    expect(readTree(second)).toEqual(readTree(first));
  });

  test('the committed dist/ is fresh: a synth of the examples reproduces it exactly', async () => {
    const out = tempDir('hanok-out-');
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    // Paths are relative to the repository in generated headers, so synthesize from there.
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  });

  test('writes one folder per cluster and removes folders of clusters that no longer exist', async () => {
    const out = tempDir('hanok-out-');
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    fs.mkdirSync(path.join(out, 'retired-cluster'));
    synth({ clustersDir: clustersFolder({ lab: exampleDocument('lab') }), outDir: out });
    expect(fs.readdirSync(out)).toEqual([OUTPUT_MARKER, 'lab']);
  });

  test('--only rewrites just the named clusters and keeps the others', async () => {
    const out = tempDir('hanok-out-');
    fs.writeFileSync(path.join(out, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT);
    fs.mkdirSync(path.join(out, 'openmcp'));
    fs.writeFileSync(path.join(out, 'openmcp', 'marker'), 'kept');
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out, only: ['lab'] });
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'lab', 'openmcp']);
    expect(fs.readFileSync(path.join(out, 'openmcp', 'marker'), 'utf8')).toBe('kept');
  });

  test('is atomic: an invalid cluster leaves the output folder exactly as it was', async () => {
    const out = tempDir('hanok-out-');
    synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    const before = readTree(out);
    const broken = exampleDocument('lab');
    broken.spec.nodes[1].ip = '10.9.9.9';
    const clusters = clustersFolder({ lab: broken, openmcp: exampleDocument('openmcp') });
    expect(() => synth({ clustersDir: clusters, outDir: out })).toThrow(UserError);
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.hanok-tmp-${path.basename(out)}`))).toEqual([]);
  });

  test('is atomic: a cluster that fails late writes nothing, not even the clusters before it', async () => {
    // GIVEN a valid configuration whose second cluster fails after the first has been synthesized
    const out = tempDir('hanok-out-');
    const original = synthesizeClusterModule.synthesizeCluster;
    const spy = jest.spyOn(synthesizeClusterModule, 'synthesizeCluster').mockImplementation((cluster) => {
      if (cluster.name === 'openmcp') throw new UserError('openmcp: simulated check failure');
      return original(cluster);
    });
    try {
      // WHEN / THEN
      expect(() => synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out })).toThrow('simulated check failure');
      expect(spy).toHaveBeenCalledTimes(4);
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('hanok command line', () => {
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  test('synth prints a summary per cluster', async () => {
    const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', tempDir('hanok-out-'));
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^lab: \d+ objects in \d+ files, \d+ images, \d+ supplied secrets, \d+ waivers?, \d+ warnings?$/m);
    expect(result.out).toContain('waiver  DaemonSet csi-driver-nfs/csi-nfs-node: privileged:');
  });

  test('validate checks everything and writes nothing', async () => {
    const cwdBefore = readTree(path.join(REPO_ROOT, 'dist'));
    const result = await run('validate', '--clusters', EXAMPLE_CLUSTERS_DIR);
    expect(result.code).toBe(0);
    expect(result.out).toContain('clusters valid; nothing written');
    expect(readTree(path.join(REPO_ROOT, 'dist'))).toEqual(cwdBefore);
  });

  test('fails with a readable message and no stack trace on a user error', async () => {
    const broken = exampleDocument('lab');
    broken.spec.registry.hots = 'x';
    const result = await run('validate', '--clusters', clustersFolder({ lab: broken }));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/lab\.yaml:\d+: spec\.registry\.hots: unknown field/);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test.each([
    [['synth', '--only', 'nowhere'], '--only names unknown cluster nowhere'],
    [['deploy'], "unknown command 'deploy'"],
    [['synth', '--out'], '--out needs a value'],
    [['synth', '--verbose'], 'unknown option --verbose'],
  ])('fails on bad arguments %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(message);
  });

  test('--help prints usage and succeeds', async () => {
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('hanok synth') });
  });
});
