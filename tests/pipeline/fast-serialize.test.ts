import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { IntOrString, KubeConfigMap, KubeDeployment, KubeService, Quantity } from 'cdk8s-plus-34/lib/imports/k8s';
import { buildPlatform } from '../../src/charts/platform';
import { Cluster } from '../../src/config/cluster';
import { synthesizeCharts } from '../../src/pipeline/chart-objects';
import {
  fastSerializationApplies,
  INSTALLED_CDK8S_VERSION,
  REVIEWED_CDK8S_VERSIONS,
  serializeApiObject,
  withFastSerialization,
} from '../../src/pipeline/fast-serialize';
import { clusterWith, exampleClusters } from '../helpers';

/** The first difference between two JSON values, key order included (YAML output follows it), or undefined. */
function difference(actual: unknown, expected: unknown, at = '$'): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `${at}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${at}: a different kind of value`;
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.join('\n') !== expectedKeys.join('\n') || (Array.isArray(actual) && actual.length !== (expected as unknown[]).length)) {
    return `${at}: keys [${actualKeys.join(', ')}], expected [${expectedKeys.join(', ')}]`;
  }
  for (const key of actualKeys) {
    const found = difference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function charts(cluster: Cluster): readonly Chart[] {
  return buildPlatform(new App({ outdir: 'unused' }), cluster).charts;
}

/** Settings away from their defaults (paths under `spec`), for {@link variedClusters}. */
const SETTINGS: Array<[string, unknown]> = [
  ['networking.flannel.enabled', false],
  ['networking.metallb.enabled', false],
  ['storage.enabled', false],
  ['storage.storageClass.isDefault', false],
  ['storage.storageClass.reclaimPolicy', 'Retain'],
  ['storage.storageClass.archiveOnDelete', true],
  ['registry.enabled', false],
  ['registry.insecure', true],
  ['ingress.enabled', false],
  ['ingress.controller', 'ingress-nginx'],
  ['ingress.serviceType', 'LoadBalancer'],
  ['ingress.loadBalancer.enabled', true],
  ['metrics.metricsServer.enabled', false],
  ['metrics.metricsServer.kubeletInsecureTls', true],
  ['metrics.prometheus.enabled', false],
  ['metrics.grafana.enabled', false],
  ['metrics.nodeExporter.enabled', false],
  ['metrics.dashboard.enabled', false],
  ['metrics.smokeTests.enabled', false],
  ['openfx.enabled', true],
  ['openfx.enabled', false],
  ['openfx.imagePullPolicy', 'Always'],
  ['openmcp.clusterAdmin', true],
  ['openmcp.exampleApp', true],
  ['openmcp.vpa.enabled', true],
  ['openmcp.installType', 'debug'],
  ['images.mirror', 'mirror.example.com/hub'],
  ['images.platforms', ['linux/amd64']],
  ['network.clusterDomain', 'example.internal'],
];

/**
 * Cluster files beyond the examples: each setting of {@link SETTINGS} on the first example, in turn from the
 * setting's position, where the cluster still validates with it; and the bench's variant on another host network.
 */
function variedClusters(): Array<[string, Cluster]> {
  const names = exampleClusters().map((cluster) => cluster.name);
  const variants: Array<[string, Cluster]> = [];
  SETTINGS.forEach(([at, value], position) => {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(position + offset) % names.length];
      try {
        const cluster = clusterWith(name, (document) => {
          const keys = at.split('.');
          const parent = keys.slice(0, -1).reduce((object, key) => (object[key] ??= {}), document.spec);
          parent[keys[keys.length - 1]] = value;
        });
        variants.push([`${name} with ${at}: ${JSON.stringify(value)}`, cluster]);
        return;
      } catch {
        // The setting alone makes this example invalid (another field depends on it): try the next example.
      }
    }
  });
  variants.push([
    'lab on another host network',
    clusterWith('lab', (document) => {
      document.spec = JSON.parse(JSON.stringify(document.spec).replace(/192\.168\.111\./g, '172.16.7.'));
    }),
  ]);
  return variants;
}

describe('fast serialization', () => {
  test('applies to the installed cdk8s', () => {
    // Fails after a cdk8s upgrade: review the new version's ApiObject.toJson, metadata, resolve and sanitizeValue
    // against src/pipeline/fast-serialize.ts, then add the version to REVIEWED_CDK8S_VERSIONS.
    expect(REVIEWED_CDK8S_VERSIONS).toContain(INSTALLED_CDK8S_VERSION);
    expect(fastSerializationApplies()).toBe(true);
  });

  const clusters: Array<[string, Cluster]> = [...exampleClusters().map((cluster): [string, Cluster] => [cluster.name, cluster]), ...variedClusters()];

  test('covers the examples and at least twenty varied clusters', () => {
    expect(clusters.length).toBeGreaterThanOrEqual(exampleClusters().length + 20);
  });

  test.each(clusters)('gives exactly what cdk8s gives, object by object and key order included: %s', (_name, cluster) => {
    const fast = charts(cluster);
    const slow = charts(cluster);
    const actual = synthesizeCharts(fast);
    const expected = slow.map((chart) => chart.toJson());
    expect(actual.map((objects) => objects.length)).toEqual(expected.map((objects) => objects.length));
    actual.forEach((objects, chart) => objects.forEach((object, index) => {
      const found = difference(object, expected[chart][index]);
      if (found) throw new Error(`${slow[chart].node.id} object ${index} (${object.kind} ${object.metadata?.name}): ${found}`);
    }));
    // Every object took the fast path (none fell back), and it gives cdk8s' own ApiObject.toJson() before the kinds convert it.
    const apiObjects = fast.flatMap((chart) => chart.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject));
    for (const apiObject of apiObjects) {
      const own = serializeApiObject(apiObject);
      expect(own).toBeDefined();
      const found = difference(own, ApiObject.prototype.toJson.call(apiObject));
      if (found) throw new Error(`${apiObject.node.path}: ${found}`);
    }
  });
});

describe('fast serialization of single objects', () => {
  function both(define: (chart: Chart) => ApiObject, app = new App({ outdir: 'unused' }), appToo = new App({ outdir: 'unused' })) {
    const fast = define(new Chart(app, 'c', { labels: { team: 'a' }, namespace: 'ns' }));
    const slow = define(new Chart(appToo, 'c', { labels: { team: 'a' }, namespace: 'ns' }));
    return { fast, actual: withFastSerialization(() => fast.toJson()), expected: slow.toJson() };
  }

  test('resolves Lazy values, tokens and number-or-string unions, sorts keys and drops null like cdk8s', () => {
    const { fast, actual, expected } = both((chart) => new KubeDeployment(chart, 'd', {
      metadata: { annotations: { z: 'last', a: 'first', 10: 'ten', 2: 'two', Ä: 'umlaut', B: 'upper', 'b-': 'dash' }, finalizers: [], ownerReferences: [] },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        replicas: Lazy.any({ produce: () => Lazy.any({ produce: () => 3 }) }),
        strategy: { rollingUpdate: { maxSurge: IntOrString.fromString('25%'), maxUnavailable: IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: {
            containers: [{
              name: 'c',
              args: ['b', 'a', null as unknown as string, undefined as unknown as string],
              env: [{ name: 'K', value: { resolve: () => 'from a token' } as unknown as string }],
              resources: { limits: { cpu: Quantity.fromString('100m'), memory: Quantity.fromNumber(5) } },
            }],
            nodeSelector: {},
          },
        },
      },
    }));
    expect(serializeApiObject(fast)).toBeDefined();
    expect(difference(actual, expected)).toBeUndefined();
    expect(Object.keys((actual as { spec: object }).spec)).toEqual(['replicas', 'selector', 'strategy', 'template']);
  });

  test('applies JSON patches after serializing, like cdk8s', () => {
    const { actual, expected } = both((chart) => {
      const object = new KubeConfigMap(chart, 'm', { data: { b: '2', a: '1' } });
      object.addJsonPatch(JsonPatch.add('/data/c', '3'), JsonPatch.remove('/data/a'), JsonPatch.add('/metadata/annotations', { y: '1', x: '2' }));
      return object;
    });
    expect(difference(actual, expected)).toBeUndefined();
    expect(actual).toMatchObject({ data: { b: '2', c: '3' }, metadata: { annotations: { y: '1', x: '2' } } });
  });

  test('keeps the metadata filtering of empty arrays and objects, and plain ApiObjects', () => {
    const { actual, expected } = both((chart) => new ApiObject(chart, 'o', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { labels: { empty: '' }, annotations: {} },
      spec: { list: [], object: {}, nested: { list: [{}] } },
      data: Lazy.any({ produce: () => ({ z: Lazy.any({ produce: () => [1, 'two', true] }), a: null }) }),
    }));
    expect(difference(actual, expected)).toBeUndefined();
    expect(Object.keys(actual as object)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'spec']);
  });

  test('falls back to cdk8s when the App has resolvers of its own', () => {
    const resolvers = () => [{ resolve: () => undefined }];
    const { fast, actual, expected } = both(
      (chart) => new KubeService(chart, 's', { spec: { ports: [{ port: 80, targetPort: IntOrString.fromNumber(8080) }] } }),
      new App({ outdir: 'unused', resolvers: resolvers() }),
      new App({ outdir: 'unused', resolvers: resolvers() }),
    );
    expect(serializeApiObject(fast)).toBeUndefined();
    expect(difference(actual, expected)).toBeUndefined();
  });

  test('falls back to cdk8s for a value it does not reproduce, which then fails as cdk8s fails', () => {
    class Opaque {
      readonly field = 1;
    }
    const app = new App({ outdir: 'unused' });
    const object = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', spec: { value: new Opaque() } });
    expect(serializeApiObject(object)).toBeUndefined();
    expect(() => withFastSerialization(() => object.toJson())).toThrow(/Failed serializing construct at path 'c\/o'.*can't render non-simple object of type 'Opaque'/);
  });

  test('does not apply when CDK8S_DISABLE_SORT is set, and puts cdk8s back even when the work throws', () => {
    const original = ApiObject.prototype.toJson;
    expect(() => withFastSerialization(() => {
      expect(ApiObject.prototype.toJson).not.toBe(original);
      throw new Error('work failed');
    })).toThrow('work failed');
    expect(ApiObject.prototype.toJson).toBe(original);
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(fastSerializationApplies()).toBe(false);
      withFastSerialization(() => expect(ApiObject.prototype.toJson).toBe(original));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });
});
