import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/config/errors';
import { OUTPUT_MARKER } from '../../src/pipeline/output-folder';
import { synth, writeClusters } from '../../src/pipeline/synth';
import * as synthesizeClusterModule from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTERS_DIR, readTree, REPO_ROOT } from '../helpers';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function stagingLeftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.hanok-tmp-${path.basename(out)}`));
}

describe('writeClusters (what hanok synth runs)', () => {
  test('writes the same tree as synth and keeps only each cluster\'s summary', () => {
    // GIVEN
    const out = tempDir('hanok-out-');
    // WHEN
    const written = writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    // THEN the committed dist/ (which synth reproduces) is written exactly, fleet folder included
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
    const full = synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: tempDir('hanok-out-') });
    expect(written.map((cluster) => cluster.cluster.name)).toEqual(full.map((output) => output.cluster.name));
    written.forEach((cluster, index) => {
      expect(cluster.files).toEqual([...full[index].files.keys()]);
      expect(cluster.manifests).toEqual(full[index].manifests.map((manifest) => ({ name: manifest.name, chart: manifest.chart, objectCount: manifest.objects.length })));
      expect(cluster.check).toEqual(full[index].check);
      expect(cluster.images).toEqual(full[index].images);
    });
    expect(stagingLeftovers(out)).toEqual([]);
  });

  test('fails when a later cluster fails, leaving the previous output untouched and no staging folder', () => {
    // GIVEN a previous output, and a run whose last cluster fails after the others were staged
    const out = tempDir('hanok-out-');
    writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    fs.writeFileSync(path.join(out, 'lab', 'images.txt'), 'the previous run\n');
    const before = readTree(out);
    const original = synthesizeClusterModule.synthesizeCluster;
    const names: string[] = [];
    const spy = jest.spyOn(synthesizeClusterModule, 'synthesizeCluster').mockImplementation((cluster, options) => {
      names.push(cluster.name);
      if (names.length === 4) throw new UserError(`${cluster.name}: simulated check failure`);
      return original(cluster, options);
    });
    try {
      // WHEN / THEN
      expect(() => writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out })).toThrow('simulated check failure');
      expect(names).toHaveLength(4);
      expect(readTree(out)).toEqual(before);
      expect(stagingLeftovers(out)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  test('fails when beforeWrite (--strict) refuses, after every cluster was staged, leaving the previous output untouched', () => {
    // GIVEN
    const out = tempDir('hanok-out-');
    const previous = writeClusters({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out });
    fs.writeFileSync(path.join(out, 'lab', 'images.txt'), 'the previous run\n');
    const before = readTree(out);
    let seen: string[] = [];
    // WHEN / THEN
    expect(() =>
      writeClusters({
        clustersDir: EXAMPLE_CLUSTERS_DIR,
        outDir: out,
        beforeWrite: (outputs) => {
          seen = outputs.map((output) => output.cluster.name);
          // The staging folder holds every cluster at this point; the output folder is still the previous one.
          expect(stagingLeftovers(out)).toHaveLength(1);
          throw new UserError('--strict: simulated warning');
        },
      }),
    ).toThrow('simulated warning');
    expect(seen).toEqual(previous.map((cluster) => cluster.cluster.name));
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toContain(OUTPUT_MARKER);
    expect(stagingLeftovers(out)).toEqual([]);
  });
});
