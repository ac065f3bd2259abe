import { ApiObject, App, Chart } from 'cdk8s';
import { isSealed } from '../../src/kube/exact-json';
import { KubeConfigMap, KubeDeployment, KubeService, IntOrString } from 'cdk8s-plus-34/lib/imports/k8s';
import {
  CONVERTED_LIMIT,
  convertedKindsCacheApplies,
  convertedKindsCached,
  forgetConvertedKinds,
  installConvertedKinds,
  INSTALLED_CDK8S_PLUS_VERSION,
  REVIEWED_CDK8S_PLUS_VERSIONS,
} from '../../src/pipeline/converted-kinds';
import { withFastSerialization } from '../../src/pipeline/fast-serialize';

/** cdk8s' own result, without the fast path or the cache: the kind's generated toJson() on cdk8s' ApiObject.toJson(). */
function cdk8sJson(object: ApiObject): string {
  return JSON.stringify(object.toJson());
}

function deployment(chart: Chart, id: string, replicas: number): KubeDeployment {
  return new KubeDeployment(chart, id, {
    metadata: { name: 'web', namespace: 'demo', labels: { app: 'web', 'a.b/c': 'x' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], env: [{ name: 'A', value: '1' }] }] },
      },
    },
  });
}

describe('cached conversions of cdk8s-plus kinds', () => {
  beforeEach(() => forgetConvertedKinds());

  test('apply to the installed cdk8s-plus-34, whose kinds all have the generated toJson()', () => {
    // Fails after a cdk8s-plus-34 upgrade: review lib/imports/k8s.js (each kind's toJson() and the toJson_* converters
    // read only their argument), then add the version to REVIEWED_CDK8S_PLUS_VERSIONS.
    expect(REVIEWED_CDK8S_PLUS_VERSIONS).toContain(INSTALLED_CDK8S_PLUS_VERSION);
    expect(convertedKindsCacheApplies()).toBe(true);
    expect(installConvertedKinds()).toEqual(expect.arrayContaining(['KubeDeployment', 'KubeService', 'KubeConfigMap', 'KubeDaemonSet', 'KubeClusterRole']));
    expect(installConvertedKinds().length).toBeGreaterThan(100);
  });

  test('give what the kind gives, one sealed object for equal objects of other charts; and convert a changed one afresh', () => {
    // GIVEN equal Deployments in two apps (two clusters), and one that differs in a value
    const charts = [0, 1, 2].map(() => new Chart(new App({ outdir: 'unused' }), 'c'));
    const [first, second, changed] = [deployment(charts[0], 'd', 2), deployment(charts[1], 'd', 2), deployment(charts[2], 'd', 3)];
    const expected = [first, second, changed].map(cdk8sJson);
    // WHEN each is serialized with the cache on
    const [a, b, c] = withFastSerialization(() => [first.toJson(), second.toJson(), changed.toJson()]);
    // THEN each is exactly cdk8s' own, key order included; the second is the first, sealed (frozen: src/kube/exact-json.ts)
    expect([a, b, c].map((json) => JSON.stringify(json))).toEqual(expected);
    expect(b).toBe(a);
    expect(isSealed(a as object)).toBe(true);
    expect(Object.isFrozen((a as any).spec.template.spec.containers[0])).toBe(true);
    expect(c).not.toBe(a);
    expect((c as any).spec.replicas).toBe(3);
    expect(convertedKindsCached().entries).toBe(2);
    // and outside withFastSerialization the kind converts on its own, as before
    expect(cdk8sJson(second)).toBe(expected[1]);
  });

  test('unwrap number-or-string unions and keep kinds of other shapes apart', () => {
    const chart = new Chart(new App({ outdir: 'unused' }), 'c');
    const service = new KubeService(chart, 's', { metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: IntOrString.fromString('http') }] } });
    const map = new KubeConfigMap(chart, 'm', { metadata: { name: 'web' }, data: { a: 'b' } });
    const expected = [service, map].map(cdk8sJson);
    for (let round = 0; round < 2; round++) {
      expect(withFastSerialization(() => [service.toJson(), map.toJson()]).map((json) => JSON.stringify(json))).toEqual(expected);
    }
  });

  test('keep their keys and texts within the bound', () => {
    const big = (index: number) =>
      new KubeConfigMap(new Chart(new App({ outdir: 'unused' }), 'c'), 'm', { metadata: { name: `big-${index}` }, data: { blob: 'x'.repeat(CONVERTED_LIMIT / 5) } });
    for (let index = 0; index < 5; index++) {
      const map = big(index);
      expect(JSON.stringify(withFastSerialization(() => map.toJson()))).toBe(cdk8sJson(map));
      expect(convertedKindsCached().characters).toBeLessThanOrEqual(CONVERTED_LIMIT);
    }
    expect(convertedKindsCached().entries).toBe(2);
  });
});
