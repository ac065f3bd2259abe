import { BoundedCache } from '../../src/kube/bounded-cache';

describe('BoundedCache', () => {
  test('keeps values by group and key, and a hit becomes the most recently used', () => {
    const cache = new BoundedCache<string>(30);
    cache.set('a', 'k1', 'one', 10);
    cache.set('a', 'k2', 'two', 10);
    expect(cache.get('a', 'k1')?.value).toBe('one');
    expect(cache.get('b', 'k1')).toBeUndefined();
    // WHEN a third entry passes the limit THEN the least recently used (k2, since k1 was just read) goes
    cache.set('a', 'k3', 'three', 15);
    expect(cache.get('a', 'k2')).toBeUndefined();
    expect(cache.get('a', 'k1')?.value).toBe('one');
    expect(cache.held()).toEqual({ entries: 2, characters: 25 });
  });

  test('pushes out the groups used first, and never keeps an entry larger than the limit', () => {
    const cache = new BoundedCache<number>(20);
    cache.set('old', 'x', 1, 10);
    cache.set('new', 'y', 2, 10);
    cache.set('new', 'z', 3, 10);
    expect(cache.get('old', 'x')).toBeUndefined();
    expect(cache.held()).toEqual({ entries: 2, characters: 20 });
    cache.set('new', 'huge', 4, 21);
    expect(cache.get('new', 'huge')).toBeUndefined();
    expect(cache.held()).toEqual({ entries: 2, characters: 20 });
    cache.clear();
    expect(cache.held()).toEqual({ entries: 0, characters: 0 });
  });
});
