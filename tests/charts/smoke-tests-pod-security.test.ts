import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, findObject, ownWarnings } from '../helpers';

describe('SmokeTestChart in a namespace of its own', () => {
  test('the namespace enforces baseline, which php-apache needs, and both test applications pass it', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.metrics = { smokeTests: { enabled: true, namespace: 'smoke-tests', tomcatHost: 'share-storage.localtest.com' } };
    });
    const output = synthesizeCluster(cluster);
    expect(output.check.failures).toEqual([]);
    const objects = output.manifests.find((manifest) => manifest.chart === 'smoke-tests')!.objects;
    expect(findObject(objects, 'Namespace', 'smoke-tests').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ownWarnings(output.check.warnings)).toEqual([]);
  });
});
