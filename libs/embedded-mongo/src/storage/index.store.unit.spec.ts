import { Long, ObjectId } from 'bson';
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
