import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, Chart } from 'cdk8s';
import { HanokChart } from '../../src/charts/hanok-chart';
import { clusterJsonSchema } from '../../src/config/reference';
import { defineExtension } from '../../src/extensions/extension';
import { synthesizeClusters } from '../../src/pipeline/synth';
import { z } from 'zod';
import { exampleDocument } from '../helpers';

/** A cluster folder holding the lab example, with `extensions` as its spec.extensions, after `mutate`. */
function labFolder(extensions: Record<string, unknown>, mutate: (document: any) => void = () => undefined): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-extensions-'));
  const document = exampleDocument('lab');
  document.spec.extensions = extensions;
  mutate(document);
  fs.writeFileSync(path.join(directory, 'lab.yaml'), yaml.dump(document));
  return directory;
}

/** A chart of one raw object: what a user may write with cdk8s alone. */
class RawChart extends HanokChart {
  constructor(scope: ConstructLike, id: string, objects: ReadonlyArray<Record<string, any>>) {
    super(scope, id, { layer: id });
    objects.forEach((object, index) => new ApiObject(this, `Object${index}`, object as any));
  }
}
type ConstructLike = ConstructorParameters<typeof HanokChart>[0];

const raw = (name: string, objects: ReadonlyArray<Record<string, any>>, after: string[] = []) =>
  defineExtension({ name, after, charts: (scope) => new RawChart(scope, name, objects) });

const LABELS = { 'app.kubernetes.io/name': 'raw', 'app.kubernetes.io/component': 'test' };
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: LABELS }, data: { a: 'b' } });

describe('extensions', () => {
  test('an extension builds charts only for clusters that have its section, ordered after the layers it names', () => {
    // GIVEN an extension after the registry, and one after it
    const first = raw('first', [configMap('first')], ['registry']);
    const second = raw('second', [configMap('second')], ['first']);
    // WHEN
    const [output] = synthesizeClusters(labFolder({ second: {}, first: {} }), ['lab'], { extensions: [second, first] });
    const names = output.manifests.map((manifest) => manifest.name);
    // THEN
    expect(names).toEqual(['01-networking.yaml', '02-storage.yaml', '03-ingress.yaml', '04-registry.yaml', '05-metrics.yaml', '06-openfx.yaml', '07-first.yaml', '08-second.yaml']);
    expect(output.files.get('kustomization.yaml')).toContain('- 07-first.yaml');
    // Labelled like every layer.
    expect(output.manifests.find((manifest) => manifest.chart === 'first')!.objects[0].metadata.labels).toEqual({
      ...LABELS,
      'app.kubernetes.io/part-of': 'first',
      'app.kubernetes.io/managed-by': 'hanok',
    });
    const [without] = synthesizeClusters(labFolder({}), ['lab'], { extensions: [second, first] });
    expect(without.manifests.map((manifest) => manifest.chart)).not.toContain('first');
  });

  test('settings are parsed with the extension\'s schema and its defaults', () => {
    const seen: unknown[] = [];
    const extension = defineExtension({
      name: 'tuned',
      settings: z.strictObject({ size: z.number().int().default(3), label: z.string() }),
      charts: (scope, { settings, cluster }) => {
        seen.push(settings, cluster.spec.extensions.tuned);
        return new HanokChart(scope, 'tuned', { layer: 'tuned' });
      },
    });
    synthesizeClusters(labFolder({ tuned: { label: 'x' } }), ['lab'], { extensions: [extension] });
    expect(seen).toEqual([{ size: 3, label: 'x' }, { size: 3, label: 'x' }]);
  });

  test('fails when a section has an unknown key, a wrong value, or names no extension, reporting file:line: field', () => {
    const extension = defineExtension({
      name: 'tuned',
      settings: z.strictObject({ size: z.number().int().default(3), nested: z.strictObject({ on: z.boolean() }).optional() }),
      charts: (scope) => new HanokChart(scope, 'tuned', { layer: 'tuned' }),
    });
    const folder = labFolder({ tuned: { size: 'big', colour: 'red', nested: { on: true, off: false } }, other: {} });
    let message = '';
    try {
      synthesizeClusters(folder, ['lab'], { extensions: [extension] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^4 problems in the cluster configuration:/);
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.tuned\.size: wrong type \(got "big", expected a number\)/);
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.tuned\.colour: unknown field \(expected one of size, nested\)/);
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.tuned\.nested\.off: unknown field \(expected one of on\)/);
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.other: unknown field \(expected one of tuned\)/);
    // Without extensions, any section is unknown.
    expect(() => synthesizeClusters(labFolder({ tuned: {} }), ['lab'])).toThrow(/lab\.yaml:\d+: spec\.extensions\.tuned: unknown field \(expected no such field\)/);
  });

  test('extension charts go through the policy, link and schema checks', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bare', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'bare' } }, template: { metadata: { labels: { app: 'bare' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.28.0' }] } } },
    };
    const route = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nothing', namespace: 'default' },
      spec: { selector: { app: 'missing' }, ports: [{ port: 80 }] },
    };
    const invalid = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wrong', namespace: 'default' }, data: { a: 1 } };
    const extension = raw('bad', [deployment, route, invalid]);
    let message = '';
    try {
      synthesizeClusters(labFolder({ bad: {} }), ['lab'], { extensions: [extension] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/07-bad\.yaml: Deployment default\/bare: .*\[policy\]/);
    expect(message).toMatch(/07-bad\.yaml: Service default\/nothing: .*\[links\]/);
    expect(message).toMatch(/07-bad\.yaml: ConfigMap default\/wrong: .*\[schema\]/);
  });

  test('fails when a chart does not extend HanokChart, an after names nothing, or two extensions share a name', () => {
    const plain = defineExtension({ name: 'plain', charts: (scope) => new Chart(scope, 'plain') });
    expect(() => synthesizeClusters(labFolder({ plain: {} }), ['lab'], { extensions: [plain] })).toThrow(
      'extension plain: chart plain must extend HanokChart, so its labels and namespaces are those of every layer',
    );
    const lost = raw('lost', [], ['ingres']);
    expect(() => synthesizeClusters(labFolder({}), ['lab'], { extensions: [lost] })).toThrow(
      'extension lost: after names "ingres" (expected a layer: networking, storage, ingress, registry, metrics, openfx, openmcp, smoke-tests, or another extension: none)',
    );
    expect(() => synthesizeClusters(labFolder({}), ['lab'], { extensions: [lost, lost] })).toThrow('two extensions are named "lost"');
  });

  test('fails when defined with a layer\'s name, a name that is no DNS label, or loose settings', () => {
    const charts = (scope: ConstructLike) => new HanokChart(scope, 'x', { layer: 'x' });
    expect(() => defineExtension({ name: 'ingress', charts })).toThrow('defineExtension: \'name\' "ingress" is the name of a hanok layer');
    expect(() => defineExtension({ name: 'My_App', charts })).toThrow('defineExtension: \'name\' must be a DNS label (got "My_App"');
    expect(() => defineExtension({ name: 'loose', settings: z.object({ inner: z.object({ a: z.string() }) }), charts })).toThrow(
      "defineExtension(loose): 'settings' inner must be z.strictObject, so unknown keys are errors (got z.object)",
    );
  });

  test('the JSON Schema for editors holds each extension\'s section, strict', () => {
    const extension = defineExtension({
      name: 'tuned',
      description: 'Tuning.',
      settings: z.strictObject({ size: z.number().int().default(3).describe('How many.') }),
      charts: (scope) => new HanokChart(scope, 'tuned', { layer: 'tuned' }),
    });
    const schema = JSON.parse(clusterJsonSchema([extension]));
    const section = schema.properties.spec.properties.extensions;
    expect(section.additionalProperties).toBe(false);
    expect(section.properties.tuned).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { size: { type: 'integer', default: 3, description: 'How many.' } },
    });
    expect(section.properties.tuned.description).toContain('Tuning.');
    expect(JSON.parse(clusterJsonSchema()).properties.spec.properties.extensions.properties).toEqual({});
  });
});
