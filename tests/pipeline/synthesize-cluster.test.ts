import { HanokChart } from '../../src/charts/hanok-chart';
import { defineExtension } from '../../src/extensions/extension';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster } from '../helpers';

describe('synthesizeCluster', () => {
  test('a chart without API objects gets no manifest file, and the numbering has no gap', () => {
    // GIVEN an extension whose chart, after the first layer, is empty
    const empty = defineExtension({ name: 'empty', after: ['networking'], charts: (scope) => new HanokChart(scope, 'empty', { layer: 'empty' }) });
    const cluster = exampleCluster('lab');
    // WHEN
    const output = synthesizeCluster({ ...cluster, spec: { ...cluster.spec, extensions: { empty: {} } } }, { extensions: [empty] });
    // THEN
    const names = output.manifests.map((manifest) => manifest.name);
    expect(names.some((name) => name.includes('empty'))).toBe(false);
    expect(names.map((name) => name.slice(0, 2))).toEqual(names.map((_, index) => String(index + 1).padStart(2, '0')));
    expect([...output.files.keys()].some((file) => file.includes('empty'))).toBe(false);
  });

  test('writes images.txt, image-sources.txt, secrets.example and the node files beside the manifests', () => {
    const files = [...synthesizeCluster(exampleCluster('lab')).files.keys()];
    expect(files).toEqual(expect.arrayContaining(['images.txt', 'image-sources.txt', 'secrets.example', 'nodes/kubeadm/test-master.yaml', 'nodes/nfs/exports', 'nodes/haproxy/haproxy.cfg']));
  });
});
