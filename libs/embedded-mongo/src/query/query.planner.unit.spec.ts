import { CollectionStore } from '../storage/collection.store';
import { equalities, indexCandidates, selectDocs } from './query.planner';

describe('query planner', () => {
  const coll = new CollectionStore('db', 'c');
  coll.createIndex({ v: 2, key: { code: 1 }, name: 'code_1', unique: true });
  coll.createIndex({ v: 2, key: { tag: 1 }, name: 'tag_1', sparse: true });
  for (let i = 0; i < 100; i++) coll.insert({ _id: i, code: `c${i}`, tag: i % 2 ? 'odd' : 'even' });

  it('extracts top-level equalities including $eq, $in and $and', () => {
    const eq = equalities({ a: 1, b: { $eq: 2 }, c: { $in: [3, 4] }, d: { $gt: 1 }, $and: [{ e: 5 }], f: /x/ });
    expect([...eq.keys()]).toEqual(['a', 'b', 'c', 'e']);
  });

  it('answers equality on _id and unique keys from the hash maps', () => {
    expect(indexCandidates(coll, { _id: 7 })).toEqual([{ _id: 7, code: 'c7', tag: 'odd' }]);
    expect(indexCandidates(coll, { code: { $in: ['c1', 'c2', 'zz'] } })?.map((d) => d._id)).toEqual([1, 2]);
    expect(indexCandidates(coll, { tag: 'odd' })).toBeUndefined(); // sparse: a scan keeps null semantics right
    expect(selectDocs(coll, { code: 'c3', tag: 'even' })).toEqual([]);
  });

  it('looks up an $in of more values than the default limit when the collection has more documents', () => {
    const big = new CollectionStore('db', 'big');
    big.createIndex({ v: 2, key: { code: 1 }, name: 'code_1' });
    for (let i = 0; i < 3000; i++) big.insert({ _id: `o${i}`, code: i });
    const ids = Array.from({ length: 2500 }, (_, i) => `o${i * 2}`);
    expect(indexCandidates(big, { _id: { $in: ids } })?.map((d) => d._id)).toEqual(ids.filter((id) => Number(id.slice(1)) < 3000));
    expect(indexCandidates(big, { code: { $in: Array.from({ length: 1500 }, (_, i) => i) } })).toHaveLength(1500);
    // More lookups than documents: a scan is no dearer.
    expect(indexCandidates(coll, { _id: { $in: Array.from({ length: 1001 }, (_, i) => i) } })).toBeUndefined();
  });
});
