import { emitYaml } from '../../src/kube/yaml-emitter';
import { toYaml, toYamlDocuments } from '../../src/kube/yaml';

jest.mock('../../src/kube/yaml-emitter', () => {
  const actual = jest.requireActual('../../src/kube/yaml-emitter');
  return { ...actual, emitYaml: jest.fn(actual.emitYaml) };
});

function crd(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${name}.example.com`, labels: { 'app.kubernetes.io/managed-by': 'hanok' } },
    spec: { group: 'example.com', names: { kind: 'Thing', plural: name }, versions: [{ name: 'v1', served: true, storage: true }], ...extra },
  };
}

describe('toYamlDocuments', () => {
  beforeEach(() => (emitYaml as jest.Mock).mockClear());

  test('renders an object equal to one rendered before (a CRD of every cluster) once, with the same text', () => {
    // GIVEN two equal CRDs that are different objects, as two clusters' charts make them
    const emit = emitYaml as jest.Mock;
    const first = crd('renderedonce');
    const second = crd('renderedonce');
    // WHEN
    const a = toYamlDocuments([first]);
    const b = toYamlDocuments([second, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }]);
    // THEN
    expect(a).toBe(toYaml(first));
    expect(b).toBe(`${toYaml(second)}---\n${toYaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } })}`);
    // one rendering for both CRDs and one for the Namespace inside toYamlDocuments; the rest are this test's own toYaml calls
    expect(emit.mock.calls.filter((call) => (call[0] as { kind: string }).kind === 'CustomResourceDefinition')).toHaveLength(1 + 2);
  });

  test('renders objects that differ in any value on their own', () => {
    const a = toYamlDocuments([crd('differs', { preserveUnknownFields: false })]);
    const b = toYamlDocuments([crd('differs', { preserveUnknownFields: true })]);
    expect(a).toContain('preserveUnknownFields: false');
    expect(b).toContain('preserveUnknownFields: true');
  });

  test('does not reuse text for values JSON cannot tell apart (a Date, -0, NaN, undefined in a list)', () => {
    // GIVEN pairs of objects whose JSON is equal but whose YAML is not
    const pairs: Array<[unknown, unknown]> = [
      [new Date(Date.UTC(2026, 0, 2)), '2026-01-02T00:00:00.000Z'],
      [-0, 0],
      [Number.NaN, null],
    ];
    for (const [unusual, plain] of pairs) {
      // WHEN the plain one is rendered first, then the unusual one
      const rendered = toYamlDocuments([crd('exact', { value: plain })]);
      const unusualText = toYamlDocuments([crd('exact', { value: unusual })]);
      // THEN each is js-yaml's own rendering
      expect(rendered).toBe(toYaml(crd('exact', { value: plain })));
      expect(unusualText).toBe(toYaml(crd('exact', { value: unusual })));
    }
    toYamlDocuments([crd('undefined', { items: [null] })]);
    expect(toYamlDocuments([crd('undefined', { items: [undefined] })])).toBe(toYaml(crd('undefined', { items: [undefined] })));
  });
});
