import { checkSchemas } from '../../src/checks/schema-check';
import { ManifestEntry } from '../../src/checks/manifest';
import { KubeObject } from '../../src/kube/objects';

/** A CRD as every cluster of a fleet emits it: equal content, a new object per cluster. */
function crd(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      ...extra,
    },
  } as KubeObject;
}

describe('checkSchemas of objects equal in every cluster (CRDs, checked once per process)', () => {
  test('reports a CRD\'s failure for every cluster, against that cluster\'s own entry', () => {
    // GIVEN two clusters' equal CRDs with the same mistake
    const first: ManifestEntry = { file: '01-a.yaml', object: crd({ bogus: true }) };
    const second: ManifestEntry = { file: '02-b.yaml', object: crd({ bogus: true }) };
    // WHEN
    const firstFailures = checkSchemas([first], '1.35.0');
    const secondFailures = checkSchemas([second], '1.35.0');
    // THEN
    expect(firstFailures.map((failure) => failure.field)).toContain('spec.bogus');
    expect(secondFailures.map(({ field, message }) => ({ field, message }))).toEqual(firstFailures.map(({ field, message }) => ({ field, message })));
    expect(secondFailures.every((failure) => failure.entry === second)).toBe(true);
  });

  test('checks an equal CRD again for another Kubernetes minor and a differing one on its own', () => {
    const valid = { file: 'crds.yaml', object: crd() };
    expect(checkSchemas([valid], '1.35.0')).toEqual([]);
    expect(checkSchemas([{ file: 'crds.yaml', object: crd() }], '1.34.0')).toEqual([]);
    expect(checkSchemas([{ file: 'crds.yaml', object: crd({ bogus: 1 }) }], '1.35.0').map((failure) => failure.field)).toContain('spec.bogus');
  });
});
