import { LruCache } from './apply-events';

describe('LruCache', () => {
  it('reads back nothing until it evicts when it starts empty', () => {
    const cache = new LruCache<string>(2, true);
    expect(cache.lookup('a')).toBeNull();
    cache.set('a', 'A');
    expect(cache.lookup('a')).toBe('A');
  });

  it('after evicting without remembered ids, reads every miss back', () => {
    const cache = new LruCache<string>(2, true);
    ['a', 'b', 'c'].forEach((id) => cache.set(id, id.toUpperCase()));
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.lookup('never-seen')).toBeUndefined();
  });

  it('remembers evicted ids: only those are read back, other misses stay known absent', () => {
    const cache = new LruCache<string>(2, true, 10);
    ['a', 'b', 'c'].forEach((id) => cache.set(id, id.toUpperCase()));
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.lookup('never-seen')).toBeNull();
    expect(cache.lookup('c')).toBe('C');
  });

  it('reads every miss back once more ids were evicted than it remembers, and after clear()', () => {
    const cache = new LruCache<string>(1, true, 1);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.lookup('x')).toBeNull();
    cache.set('c', 'C');
    expect(cache.lookup('x')).toBeUndefined();

    const cleared = new LruCache<string>(1, true, 5);
    cleared.clear();
    expect(cleared.lookup('x')).toBeUndefined();
  });

  it('evicts the least recently set id, over many touches, evictions and a clear', () => {
    // Reference: ids in order of their last set, oldest first.
    let order: string[] = [];
    const cache = new LruCache<number>(50, true, 1_000_000);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 20_000; step++) {
      if (step === 12_000) {
        cache.clear();
        order = [];
      }
      const id = `id-${Math.floor(random() * 120)}`;
      cache.set(id, step);
      order = [...order.filter((k) => k !== id), id];
      if (order.length > 50) order.shift();
      if (step % 97 === 0) {
        // Exactly the reference's ids are held, each with its last value.
        for (let k = 0; k < 120; k++) expect(cache.lookup(`id-${k}`) !== undefined && cache.lookup(`id-${k}`) !== null).toBe(order.includes(`id-${k}`));
        expect(cache.size).toBe(order.length);
      }
    }
    expect(cache.lookup(order[0])).not.toBeUndefined();
  });
});
