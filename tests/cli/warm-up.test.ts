import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as packageFiles from '../../src/assets/package-files';
import { main } from '../../src/cli/hanok';
import { warmUp } from '../../src/cli/warm-up';
import { schemaFindingsCached } from '../../src/checks/schema-check';
import { crdBoundsCached } from '../../src/checks/crd-bounds';
import { renderedYamlCached } from '../../src/kube/yaml';
import { convertedKindsCached } from '../../src/pipeline/converted-kinds';
import { EXAMPLE_CLUSTERS_DIR } from '../helpers';

/** The start-up snapshot's warm-up (scripts/build-fast.ts): a silent validate that leaves no file it read behind. */
describe('warmUp', () => {
  afterEach(() => jest.restoreAllMocks());

  test('validates the examples silently, then a run reads the CRD files and API schemas again', async () => {
    const log = jest.spyOn(console, 'log');
    const error = jest.spyOn(console, 'error');
    expect(await warmUp(EXAMPLE_CLUSTERS_DIR)).toBe(0);
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    // Nothing of the examples stays kept by content for the snapshot to carry.
    expect(schemaFindingsCached().entries).toBe(0);
    expect(crdBoundsCached()).toBe(0);
    expect(convertedKindsCached().entries).toBe(0);
    expect(renderedYamlCached()).toBe(0);
    const read = jest.spyOn(packageFiles, 'readPackageFile');
    expect(await main(['validate', '--clusters', EXAMPLE_CLUSTERS_DIR], () => undefined, () => undefined)).toBe(0);
    const files = read.mock.calls.map(([file]) => String(file));
    expect(files.some((file) => file.startsWith('crds/'))).toBe(true);
    expect(files.some((file) => file.startsWith('crds/gitops/'))).toBe(true);
    expect(files.some((file) => file.startsWith('schema/kubernetes/'))).toBe(true);
  });

  test('fails when the clusters do not validate (the snapshot build then stops)', async () => {
    const clusters = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-warm-'));
    fs.writeFileSync(path.join(clusters, 'lab.yaml'), 'apiVersion: hanok/v1\nkind: Cluster\nmetadata: {}\n');
    expect(await warmUp(clusters)).toBe(1);
  });
});
