import * as platformModule from '../../src/charts/platform';
import { HanokChart } from '../../src/charts/hanok-chart';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster } from '../helpers';

describe('synthesizeCluster', () => {
  test('a chart without API objects gets no manifest file, and the numbering has no gap', () => {
    // GIVEN a platform with an empty chart between its first and second layer
    const original = platformModule.buildPlatform;
    const spy = jest.spyOn(platformModule, 'buildPlatform').mockImplementation((scope, cluster) => {
      const platform = original(scope, cluster);
      const empty = new HanokChart(scope, 'empty', { layer: 'empty' });
      return { ...platform, charts: [platform.charts[0], empty, ...platform.charts.slice(1)] };
    });
    try {
      // WHEN
      const output = synthesizeCluster(exampleCluster('lab'));
      // THEN
      const names = output.manifests.map((manifest) => manifest.name);
      expect(names.some((name) => name.includes('empty'))).toBe(false);
      expect(names.map((name) => name.slice(0, 2))).toEqual(names.map((_, index) => String(index + 1).padStart(2, '0')));
      expect([...output.files.keys()].some((file) => file.includes('empty'))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  test('writes images.txt, image-sources.txt, secrets.example and the node files beside the manifests', () => {
    const files = [...synthesizeCluster(exampleCluster('lab')).files.keys()];
    expect(files).toEqual(expect.arrayContaining(['images.txt', 'image-sources.txt', 'secrets.example', 'nodes/kubeadm/test-master.yaml', 'nodes/nfs/exports', 'nodes/haproxy/haproxy.cfg']));
  });
});
