import { CHECKED_LIMIT, checkSchemas, forgetSchemaFindings, schemaFindingsCached } from '../../src/checks/schema-check';
import { ManifestEntry } from '../../src/checks/manifest';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { baseline, entriesOf, LABELS, pick, widgetCrd } from './fixtures';
import { exampleCluster } from '../helpers';

/* The findings of every object are kept per process by its exact content (objects repeat across a fleet's clusters). */

const described = (failures: ReturnType<typeof checkSchemas>) => failures.map((failure) => ({ entry: failure.entry, field: failure.field, message: failure.message }));

/** The findings without any cache: forgotten before the call. */
function uncached(entries: readonly ManifestEntry[], version?: string) {
  forgetSchemaFindings();
  return described(checkSchemas(entries, version));
}

/** The widget CRD whose `spec.size` has the given minimum. */
const sizedWidgetCrd = (minimum: number): any => widgetCrd({ type: 'object', properties: { size: { type: 'integer', minimum } } });

const widget = (size: number): any => ({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo', labels: LABELS }, spec: { size } });

describe('checkSchemas findings cache', () => {
  beforeEach(() => forgetSchemaFindings());

  test('gives the same findings with and without the cache, for an example cluster and for broken objects', () => {
    // GIVEN the lab's output and the baseline with a failure of each sort, as entries of two equal "clusters"
    const lab = synthesizeCluster(exampleCluster('lab'), { draw: false });
    const labEntries = () => lab.manifests.flatMap((manifest) => manifest.objects.map((object) => ({ file: manifest.name, object: JSON.parse(JSON.stringify(object)) })));
    const broken = () => {
      const objects = baseline();
      pick(objects, 'Deployment').spec.template.spec.containers[0].imagePullPolicyy = 'IfNotPresent';
      pick(objects, 'Service').spec.ports[0].port = '80';
      return entriesOf([...objects, sizedWidgetCrd(2), widget(1), { apiVersion: 'example.org/v2', kind: 'Gadget', metadata: { name: 'g' } }]);
    };
    for (const [make, version] of [[labEntries, lab.cluster.spec.kubernetesVersion], [broken, '1.35.0'], [broken, undefined]] as const) {
      const expected = uncached(make(), version);
      // WHEN the same content is checked again, as new objects (the next cluster), through the cache
      const first = make();
      const second = make();
      const cachedFirst = described(checkSchemas(first, version));
      const cachedSecond = described(checkSchemas(second, version));
      // THEN the findings are the same, each against its own entry
      const strip = (failures: ReturnType<typeof described>) => failures.map(({ field, message, entry }) => ({ field, message, file: entry.file, kind: entry.object.kind }));
      expect(strip(cachedFirst)).toEqual(strip(expected));
      expect(strip(cachedSecond)).toEqual(strip(expected));
      expect(cachedSecond.every((failure) => second.includes(failure.entry))).toBe(true);
    }
    expect(uncached(broken(), '1.35.0').length).toBeGreaterThanOrEqual(3);
    expect(schemaFindingsCached().entries).toBeGreaterThan(0);
  });

  test('checks an object changed in any value afresh, even the same object changed in place', () => {
    // GIVEN a valid baseline, checked once (its findings cached)
    const objects = baseline();
    const entries = entriesOf(objects);
    expect(checkSchemas(entries, '1.35.0')).toEqual([]);
    // WHEN the same Deployment object is changed in place
    pick(objects, 'Deployment').spec.template.spec.containers[0].imagePullPolicyy = 'IfNotPresent';
    // THEN the change is found
    expect(checkSchemas(entries, '1.35.0').map((failure) => failure.field)).toEqual(['spec.template.spec.containers[0].imagePullPolicyy']);
  });

  test('checks a custom resource afresh when its CRD changes, and an equal object again for another Kubernetes minor', () => {
    // GIVEN a Widget valid against its CRD (minimum 1)
    expect(checkSchemas(entriesOf([sizedWidgetCrd(1), widget(2)]), '1.35.0')).toEqual([]);
    // WHEN the same Widget is checked against a CRD that asks for more, THEN it fails
    expect(checkSchemas(entriesOf([sizedWidgetCrd(3), widget(2)]), '1.35.0').map((failure) => `${failure.entry.object.kind}: ${failure.field}`)).toEqual(['Widget: spec.size']);
    // and against the first CRD again it passes
    expect(checkSchemas(entriesOf([sizedWidgetCrd(1), widget(2)]), '1.35.0')).toEqual([]);
    // an object whose kind the cluster's minor lacks is judged per minor (here: neither 1.27 nor the minor has it)
    const gadget = () => entriesOf([{ apiVersion: 'example.org/v2', kind: 'Gadget', metadata: { name: 'g' } }]);
    const newer = checkSchemas(gadget(), '1.36.0')[0].message;
    const older = checkSchemas(gadget(), '1.33.0')[0].message;
    expect(newer).toContain('Kubernetes 1.36');
    expect(older).toContain('Kubernetes 1.33');
  });

  test('checks objects that JSON cannot tell apart on their own (NaN, -0, undefined, class instances)', () => {
    const withValue = (value: unknown) => {
      const objects = baseline();
      pick(objects, 'ConfigMap').data['app.conf'] = value;
      return entriesOf([pick(objects, 'ConfigMap')]);
    };
    // GIVEN a ConfigMap with a null value checked (and cached)
    const nullFindings = described(checkSchemas(withValue(null), '1.35.0'));
    expect(nullFindings.map((failure) => failure.field)).toContain('data.app.conf');
    // WHEN values whose JSON is the same (null) or that JSON writes as a string are checked, THEN each is checked on its own
    for (const value of [Number.NaN, undefined, new String('x')]) {
      const strip = (failures: ReturnType<typeof described>) => failures.map(({ field, message }) => ({ field, message }));
      const entries = withValue(value);
      expect(strip(described(checkSchemas(entries, '1.35.0')))).toEqual(strip(uncached(entries, '1.35.0')));
      expect(schemaFindingsCached().entries).toBe(0);
    }
  });

  test('keeps its keys and findings within the bound, forgetting the least recently used first', () => {
    // GIVEN ConfigMaps each holding a quarter of the bound, all distinct, and a small one used between them
    const big = (index: number) => entriesOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${index}`, namespace: 'demo', labels: LABELS }, data: { blob: 'x'.repeat(CHECKED_LIMIT / 4) } }]);
    const small = entriesOf([baseline()[0]]);
    for (let index = 0; index < 6; index++) {
      // WHEN each is checked
      expect(checkSchemas(big(index), '1.35.0')).toEqual([]);
      expect(checkSchemas(small, '1.35.0')).toEqual([]);
      // THEN the cache stays within its bound
      expect(schemaFindingsCached().characters).toBeLessThanOrEqual(CHECKED_LIMIT);
    }
    // the small object, used after every big one, is still there: 3 big ones and it
    expect(schemaFindingsCached().entries).toBe(4);
  });
});
