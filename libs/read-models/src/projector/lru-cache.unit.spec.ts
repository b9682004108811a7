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
});
