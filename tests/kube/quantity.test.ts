import { isQuantity, parseQuantity } from '../../src/kube/quantity';

describe('quantities', () => {
  test('accept plain numbers and decimal or binary suffixes, and count bytes', () => {
    expect(parseQuantity('10Gi')).toBe(10 * 2 ** 30);
    expect(parseQuantity('500Mi')).toBe(500 * 2 ** 20);
    expect(parseQuantity('1.5k')).toBe(1500);
    expect(parseQuantity('2')).toBe(2);
    expect(isQuantity('20Gi')).toBe(true);
  });

  test.each(['10GB', '10 Gi', '-1Gi', '1e3', '.5Gi', 'Gi', ''])('refuse %j', (text) => {
    expect(isQuantity(text)).toBe(false);
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('read only strings', () => {
    expect(parseQuantity(10)).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });
});
