import { contentKey, ContentKeys, exactJson, isSealed, seal } from '../../src/kube/exact-json';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster } from '../helpers';

/** exactJson as first written: JSON.stringify with a replacer that looks at every value before any toJSON. */
function reference(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    const original = this[key];
    if (original === null || typeof original === 'string' || typeof original === 'boolean') return converted;
    if (typeof original === 'number') {
      if (!Number.isFinite(original) || Object.is(original, -0)) exact = false;
      return converted;
    }
    if (typeof original === 'object') {
      const prototype = Object.getPrototypeOf(original);
      if (!Array.isArray(original) && prototype !== Object.prototype && prototype !== null) exact = false;
      return converted;
    }
    exact = false;
    return converted;
  });
  return exact ? text : undefined;
}

describe('exactJson', () => {
  test('writes what the reference writes for every object of an example cluster', () => {
    const output = synthesizeCluster(exampleCluster('openmcp'), { draw: false });
    const objects = output.manifests.flatMap((manifest) => manifest.objects);
    expect(objects.length).toBeGreaterThan(50);
    for (const object of objects) {
      const text = exactJson(object);
      expect(text).toBeDefined();
      expect(text).toBe(reference(object));
    }
  });

  test('gives the same text as the reference for plain values, and undefined for values JSON cannot tell apart', () => {
    const nullPrototype = Object.assign(Object.create(null), { a: 1 });
    const plain: unknown[] = [null, 'x', 0, 1.5, -3, true, false, [], {}, [1, 'a', null, { b: [true] }], { z: 1, a: { '': 'e' }, 10: 'n', 2: 'm' }, nullPrototype, 'unicode \u2028 é 😀'];
    for (const value of plain) {
      expect(exactJson(value)).toBe(reference(value));
      expect(exactJson(value)).toBeDefined();
    }
    // eslint-disable-next-line no-sparse-arrays
    const inexact: unknown[] = [undefined, Number.NaN, Infinity, -0, new Date(0), new String('s'), () => 1, Symbol('s'), [undefined], [1, , 3], { a: undefined }, { a: { b: Number.NaN } }, { toJSON: () => 'x' }, new Map(), [new Number(1)]];
    for (const value of inexact) {
      expect(exactJson(value)).toBeUndefined();
    }
  });
});

describe('ContentKeys', () => {
  test('writes each object\'s key once and gives the same string to every reader', () => {
    const keys = new ContentKeys();
    const object = { kind: 'ConfigMap', data: { a: '1' } };
    const inexact = { a: undefined };
    const first = keys.of(object);
    expect(first).toBe(exactJson(object));
    // Kept by identity: a later change is not seen (the objects must be final), and an equal object is written anew.
    object.data.a = '2';
    expect(keys.of(object)).toBe(first);
    expect(keys.of({ kind: 'ConfigMap', data: { a: '2' } })).toBe('{"kind":"ConfigMap","data":{"a":"2"}}');
    expect(keys.of(inexact)).toBeUndefined();
    expect(keys.of(inexact)).toBeUndefined();
  });
});

describe('seal and contentKey', () => {
  test('seal freezes exact data all the way down, and leaves anything inexact alone', () => {
    const value = { spec: { versions: [{ name: 'v1', served: true }], group: 'example.org' } };
    expect(seal(value)).toBe(true);
    expect(isSealed(value)).toBe(true);
    expect(Object.isFrozen(value.spec.versions[0])).toBe(true);
    expect(() => {
      'use strict';
      (value.spec.versions[0] as { name: string }).name = 'v2';
    }).toThrow(TypeError);
    const inexact = { a: { b: Number.NaN } };
    expect(seal(inexact)).toBe(false);
    expect(isSealed(inexact)).toBe(false);
    expect(Object.isFrozen(inexact.a)).toBe(false);
    expect(seal('text')).toBe(false);
    expect(seal(null)).toBe(false);
  });

  test('a content key names each sealed value by its number and is JSON elsewhere', () => {
    const schema = { type: 'object', properties: { size: { type: 'integer' } } };
    const equalSchema = JSON.parse(JSON.stringify(schema));
    seal(schema);
    seal(equalSchema);
    const object = (spec: unknown) => ({ kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.org' }, spec });
    const key = contentKey(object(schema))!;
    expect(key).toMatch(/^\{"kind":"CustomResourceDefinition","metadata":\{"name":"widgets.example.org"\},"spec":\u0001\d+\u0001\}$/);
    // Equal content with the same sealed value: equal keys; another sealed value of equal content: another key.
    expect(contentKey(object(schema))).toBe(key);
    expect(contentKey(object(equalSchema))).not.toBe(key);
    // Nothing unsealed can have that key: JSON escapes U+0001 in a string.
    const id = /\u0001(\d+)\u0001/.exec(key)![1];
    expect(contentKey(object(`\u0001${id}\u0001`))).not.toBe(key);
    expect(contentKey([schema, 1])).toBe(`[\u0001${id}\u0001,1]`);
    // exactJson still writes the whole text.
    expect(exactJson(object(schema))).toBe(JSON.stringify(object(schema)));
    expect(contentKey({ a: schema, b: undefined })).toBeUndefined();
  });

  test('every cluster\'s CRDs share one sealed spec, serialized and keyed once per process', () => {
    const crdsOf = (name: string) =>
      synthesizeCluster(exampleCluster(name), { draw: false })
        .manifests.flatMap((manifest) => manifest.objects)
        .filter((object) => object.kind === 'CustomResourceDefinition');
    const lab = crdsOf('lab');
    const cluster1 = crdsOf('cluster1');
    expect(lab.length).toBeGreaterThan(0);
    const byName = new Map(cluster1.map((object) => [object.metadata.name, object]));
    let shared = 0;
    for (const crd of lab) {
      expect(isSealed(crd.spec as object)).toBe(true);
      const other = byName.get(crd.metadata.name);
      if (other) {
        expect(other.spec).toBe(crd.spec);
        expect(other).not.toBe(crd);
        shared++;
      }
      const key = contentKey(crd)!;
      expect(key.length).toBeLessThan(JSON.stringify(crd).length / 4);
    }
    expect(shared).toBeGreaterThan(0);
  });
});
