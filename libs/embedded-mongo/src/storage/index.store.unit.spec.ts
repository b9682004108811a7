import { Long, ObjectId, serialize } from 'bson';
import { indexCandidates } from '../query/query.planner';
import { valueKey } from '../bson/bson-value';
import { rawForInsert } from '../bson/raw-doc';
import { CollectionStore } from './collection.store';
import { IndexStore, type IndexSpec } from './index.store';

const spec = (key: Record<string, unknown>, options: Partial<IndexSpec> = {}): IndexSpec => ({ v: 2, key, name: 'ix', ...options });

const docs: Record<string, unknown>[] = [
  {},
  { a: 1 },
  { a: null },
  { a: undefined },
  { a: 'x', b: 2 },
  { a: Long.fromNumber(1), b: 2.0 },
  { a: [], b: 1 },
  { a: [1, 2, 1], b: ['x', 'y'] },
  { a: { b: 1, c: 'd' } },
  { a: { b: [{ c: 1 }, { c: 2 }] } },
  { a: [{ b: 1 }, { b: 2 }] },
  { a: { b: null } },
  { a: { b: undefined } },
  { a: new Date(0), b: new ObjectId('0123456789abcdef01234567') },
  { a: 'x', b: { c: 'y' } },
  { a: { b: { c: 'deep' } } },
  { a: 5, b: { c: [] } },
];

const specs: IndexSpec[] = [
  spec({ a: 1 }),
  spec({ a: 1 }, { sparse: true }),
  spec({ 'a.b': 1 }),
  spec({ 'a.b': 1 }, { sparse: true }),
  spec({ 'a.b.c': 1 }),
  spec({ a: 1, b: -1 }),
  spec({ a: 1, 'b.c': 1 }, { sparse: true }),
  spec({ b: 1, a: 1 }, { unique: true }),
  spec({ a: 1 }, { partialFilterExpression: { b: { $exists: true } } }),
];

describe('IndexStore.keysFor', () => {
  it.each(specs.map((s) => [JSON.stringify(s), s]))('has the keys of entriesFor for every document shape: %s', (_name, s) => {
    const ix = new IndexStore(s);
    for (const doc of docs) expect(ix.keysFor(doc)).toEqual(ix.entriesFor(doc).map((e) => e.key));
  });
});

describe('deferred (non-unique) index', () => {
  /** Ids the index holds for `a: value`, next to what a scan of the collection finds. */
  const lookups = (coll: CollectionStore, values: number[]) =>
    values.map((value) => [
      [...new Set(indexCandidates(coll, { a: value })!.map((d) => d._id as number))].sort((x, y) => x - y),
      [...coll.docs.values()].filter((d) => d.a === value || (Array.isArray(d.a) && d.a.includes(value))).map((d) => d._id as number).sort((x, y) => x - y),
    ]);

  it('answers lookups as an index kept in step would, across inserts, updates, deletes and rebuilds', () => {
    const coll = new CollectionStore('db', 'c');
    coll.createIndex({ v: 2, key: { a: 1 }, name: 'a_1' });
    expect(coll.indexes[0].deferred).toBe(true);
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    // Few lookups between many writes (the index falls more than half the collection behind and is
    // rebuilt) and lookups after nearly every write (it catches up document by document).
    for (const lookupEvery of [5000, 7, 1]) {
      for (let i = 0; i < (lookupEvery === 1 ? 500 : 6000); i++) {
        const id = random(3000);
        const stored = coll.docs.get(valueKey(id));
        const op = random(4);
        if (!stored) coll.insert({ _id: id, a: random(20) });
        else if (op === 0) coll.remove(stored);
        else if (op === 1) coll.replace(stored, { _id: id, a: [random(20), random(20)] }, ['a']);
        else if (op === 2) coll.replace(stored, { _id: id, a: stored.a, b: 1 }, ['b']);
        else coll.replace(stored, { _id: id, a: random(20) });
        if (i % lookupEvery === 0) for (const [held, scanned] of lookups(coll, [random(20)])) expect(held).toEqual(scanned);
      }
      for (const [held, scanned] of lookups(coll, Array.from({ length: 20 }, (_, v) => v))) expect(held).toEqual(scanned);
    }
  });

  it('is built from the documents already there when created, and emptied with the collection', () => {
    const coll = new CollectionStore('db', 'c');
    for (let i = 0; i < 10; i++) coll.insert({ _id: i, a: i % 3 });
    coll.createIndex({ v: 2, key: { a: 1 }, name: 'a_1' });
    expect(indexCandidates(coll, { a: 1 })!.map((d) => d._id)).toEqual([1, 4, 7]);
    coll.insert({ _id: 10, a: 1 });
    coll.clear();
    expect(indexCandidates(coll, { a: 1 })).toEqual([]);
  });
});

describe('deferred index over documents held as BSON', () => {
  const raw = (doc: Record<string, unknown>) => rawForInsert(Buffer.from(serialize(doc)))!;

  it.each(specs.filter((s) => !s.unique).map((s) => [JSON.stringify(s), s]))('holds the keys it would hold for the decoded documents: %s', (_name, s) => {
    const held = new CollectionStore('db', 'held');
    const decoded = new CollectionStore('db', 'decoded');
    held.createIndex(s);
    decoded.createIndex(s);
    docs.forEach((doc, i) => {
      const r = raw({ _id: i, ...doc });
      held.insertRaw(r);
      decoded.insert(r.decode());
    });
    const keys = [...decoded.docs.values()].flatMap((d) => decoded.indexes[0].keysFor(d));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(held.indexes[0].lookup(key).sort()).toEqual(decoded.indexes[0].lookup(key).sort());
  });

  it('reads scalar keys from the bytes, decoding only documents they cannot tell', () => {
    const coll = new CollectionStore('db', 'c');
    coll.createIndex({ v: 2, key: { 'a.b': 1, c: 1 }, name: 'ab_c' });
    for (let i = 0; i < 30; i++) coll.insertRaw(raw({ _id: i, a: { x: 'ä', b: i % 3 }, c: i % 2 === 0 ? 'even' : null, d: [i] }));
    coll.insertRaw(raw({ _id: 'multi', a: { b: [1, 2] }, c: 'even' }));
    expect(indexCandidates(coll, { 'a.b': 1, c: 'even' })!.map((d) => d._id)).toEqual([4, 10, 16, 22, 28, 'multi']);
    expect([...coll.docs.stored()].filter((d) => !(d instanceof Uint8Array))).toEqual([{ _id: 4, a: { x: 'ä', b: 1 }, c: 'even', d: [4] }, ...[10, 16, 22, 28].map((i) => expect.objectContaining({ _id: i })), { _id: 'multi', a: { b: [1, 2] }, c: 'even' }]);
  });
});
