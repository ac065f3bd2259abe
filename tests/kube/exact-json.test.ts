import { exactJson, ExactJsonTexts } from '../../src/kube/exact-json';
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

describe('ExactJsonTexts', () => {
  test('writes each object\'s text once and gives the same string to every reader', () => {
    const texts = new ExactJsonTexts();
    const object = { kind: 'ConfigMap', data: { a: '1' } };
    const inexact = { a: undefined };
    const first = texts.of(object);
    expect(first).toBe(exactJson(object));
    // Kept by identity: a later change is not seen (the objects must be final), and an equal object is written anew.
    object.data.a = '2';
    expect(texts.of(object)).toBe(first);
    expect(texts.of({ kind: 'ConfigMap', data: { a: '2' } })).toBe('{"kind":"ConfigMap","data":{"a":"2"}}');
    expect(texts.of(inexact)).toBeUndefined();
    expect(texts.of(inexact)).toBeUndefined();
  });

  test('the checks and the YAML of a cluster share one text per CRD', () => {
    // exactJson writes with JSON.stringify: every CRD must be stringified once, though both the schema check and the
    // YAML key it by its text.
    const written: unknown[] = [];
    const stringify = JSON.stringify;
    const spy = jest.spyOn(JSON, 'stringify').mockImplementation((value: unknown, ...rest: unknown[]) => {
      written.push(value);
      return (stringify as (...args: unknown[]) => string)(value, ...rest);
    });
    try {
      synthesizeCluster(exampleCluster('lab'), { draw: false });
    } finally {
      spy.mockRestore();
    }
    const crds = written.filter((value) => (value as { kind?: string }).kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(0);
    expect(new Set(crds).size).toBe(crds.length);
  });
});
