import { Long } from 'bson';
import { cloneDoc, Doc, valueKey } from '../bson/bson-value';
import { MongoCommandError } from '../mongo.errors';
import { updateKind } from '../query/update.apply';
import { fastOperatorUpdate } from '../query/update.fast-path';
import { CatalogStore } from '../storage/catalog.store';
import { IndexSpec } from '../storage/index.store';
import { CommandContext, NodeState } from './command.context';
import { CursorRegistry } from './cursor.registry';
import { updateById } from './update.statement';
import { generalWriteCommands, writeCommands } from './write.commands';

const DB = 'db';
const COLL = 'c';

interface Setup {
  docs: Doc[];
  indexes?: IndexSpec[];
}

function node({ docs, indexes = [] }: Setup): NodeState {
  const catalog = new CatalogStore();
  const { coll } = catalog.getOrCreate(DB, COLL);
  for (const spec of indexes) coll.createIndex(spec);
  for (const d of docs) coll.insert(cloneDoc(d));
  return { catalog, cursors: new CursorRegistry() };
}

/** Everything observable about the collection: documents with field order, and every index's map. */
function state(n: NodeState): { docs: string[]; plain: Doc[]; indexes: [string, unknown][][] } {
  const coll = n.catalog.get(DB, COLL)!;
  const indexes = coll.indexes.map((ix) => {
    const map = (ix as unknown as { map: Map<string, string | Set<string>> }).map;
    return [...map].map(([k, v]) => [k, typeof v === 'string' ? v : [...v].sort()] as [string, unknown]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  });
  return { docs: [...coll.docs.values()].map(valueKey), plain: [...coll.docs.values()], indexes };
}

/** Runs one update command on two identical nodes, fast paths on and off; both must agree on everything. */
function compare(setup: Setup, updates: Doc[], ordered = true): { reply: Doc; docs: Doc[] } {
  const fast = node(setup);
  const general = node(setup);
  const before = [...fast.catalog.get(DB, COLL)!.docs.values()].map((d) => [d, valueKey(d)] as const);
  const cmd = (): Doc => ({ update: COLL, updates: cloneDoc(updates), ordered, $db: DB });
  const ctx = (n: NodeState): CommandContext => ({ db: DB, cmd: cmd(), node: n, connectionId: 1 });
  const fastReply = writeCommands.update(ctx(fast));
  const generalReply = generalWriteCommands.update(ctx(general));
  expect(fastReply).toEqual(generalReply);
  expect(valueKey(fastReply)).toBe(valueKey(generalReply));
  const s = state(fast);
  expect(s).toEqual(state(general));
  // Copy-on-write: documents replaced by the fast path are never written in place.
  for (const [doc, key] of before) expect(valueKey(doc)).toBe(key);
  // Indexes agree with a rebuild from the stored documents.
  const rebuilt = node({ docs: s.plain, indexes: setup.indexes });
  expect(s.indexes).toEqual(state(rebuilt).indexes);
  return { reply: fastReply, docs: s.plain };
}

/** Whether the fast path answers the statement against `setup` (undefined = the general path answers). */
function takesFastPath(setup: Setup, stmt: Doc): boolean {
  const n = node(setup);
  try {
    return updateById({ catalog: n.catalog, db: DB, name: COLL }, cloneDoc(stmt), updateKind(stmt.u)) !== undefined;
  } catch (err) {
    if (err instanceof MongoCommandError) return true; // a write error raised by the fast path itself (E11000)
    throw err;
  }
}

const base: Setup = {
  docs: [
    { _id: 'a', status: 'open', version: 1, meta: { unit: 'HN', tags: { x: 1 } }, list: [1, 2] },
    { _id: 'b', status: 'closed', version: 3, n: Long.fromNumber(5), s: 'text' },
    { _id: 'c', x: { list: [{ y: 0 }] } },
    { _id: 7, v: 1 },
    { _id: { k: 1, j: 2 }, v: 2 },
    { _id: new Date(1_700_000_000_000), v: 3 },
  ],
};

describe('update statement fast path', () => {
  const fastCases: [string, Doc][] = [
    ['$set new and existing top-level fields', { q: { _id: 'a' }, u: { $set: { status: 'done', extra: { deep: [1] } } } }],
    ['$set the same values (no-op)', { q: { _id: 'a' }, u: { $set: { status: 'open', 'meta.unit': 'HN', 'meta.tags': { x: 1 } } } }],
    ['$set a dotted path into an existing sub-document', { q: { _id: 'a' }, u: { $set: { 'meta.tags.y': 2, 'meta.unit': 'HP' } } }],
    ['$set a dotted path creating sub-documents', { q: { _id: 'b' }, u: { $set: { 'x.y.z': 1 } } }],
    ['$unset top-level, dotted and missing fields', { q: { _id: 'a' }, u: { $unset: { status: '', 'meta.tags.x': 1, nope: 1, 'meta.nope.deeper': 1 } } }],
    ['$unset only missing fields (no-op)', { q: { _id: 'a' }, u: { $unset: { nope: 1, 'meta.nope': 1 } } }],
    ['$inc existing, missing and zero', { q: { _id: 'a' }, u: { $inc: { version: 2, counter: 1.5, 'meta.tags.x': 0 } } }],
    ['$inc by zero only (no-op)', { q: { _id: 'a' }, u: { $inc: { version: 0 } } }],
    ['$setOnInsert is ignored on a match', { q: { _id: 'a' }, u: { $set: { status: 'x' }, $setOnInsert: { created: 1 } }, upsert: true }],
    ['$set with a type change of an equal number', { q: { _id: 'b' }, u: { $set: { n: 5 } } }],
    ['numeric _id matched by a Long filter', { q: { _id: Long.fromNumber(7) }, u: { $set: { v: 9 } } }],
    ['embedded-document _id (field order matters)', { q: { _id: { k: 1, j: 2 } }, u: { $inc: { v: 1 } } }],
    ['embedded-document _id in the other order misses', { q: { _id: { j: 2, k: 1 } }, u: { $inc: { v: 1 } } }],
    ['Date _id', { q: { _id: new Date(1_700_000_000_000) }, u: { $set: { v: 'd' } } }],
    ['no match, no upsert', { q: { _id: 'zz' }, u: { $set: { v: 1 } } }],
    ['upsert seeds _id and applies $set, $inc, $setOnInsert', { q: { _id: 'new' }, u: { $set: { s: 1, 'm.a': 2 }, $inc: { version: 1 }, $setOnInsert: { created: 'now', 'm.b': 3 } }, upsert: true }],
    ['upsert with $setOnInsert before $set', { q: { _id: 'new' }, u: { $setOnInsert: { c: 1 }, $inc: { v: 1 }, $set: { s: 1 } }, upsert: true }],
    ['upsert with only $setOnInsert', { q: { _id: 'new' }, u: { $setOnInsert: { c: 1 } }, upsert: true }],
    ['upsert with $unset only', { q: { _id: 'new' }, u: { $unset: { c: 1 } }, upsert: true }],
    ['upsert with an embedded-document _id', { q: { _id: { p: 'x', q: [1, { r: 2 }] } }, u: { $set: { v: 1 } }, upsert: true }],
    ['replacement of a match', { q: { _id: 'a' }, u: { status: 'replaced', meta: { unit: 'DN' } } }],
    ['replacement naming the same _id', { q: { _id: 'a' }, u: { _id: 'a', status: 'replaced' } }],
    ['identical replacement (no-op)', { q: { _id: 7 }, u: { v: 1 } }],
    ['replacement with an equal number of another type', { q: { _id: 7 }, u: { v: Long.fromNumber(1) } }],
    ['replacement upsert', { q: { _id: 'new' }, u: { body: { x: 1 }, list: [1] }, upsert: true }],
    ['empty replacement upsert', { q: { _id: 'new' }, u: {}, upsert: true }],
    ['multi with an _id filter', { q: { _id: 'a' }, u: { $set: { status: 'm' } }, multi: true }],
    ['a string guard that holds', { q: { _id: 'a', status: 'open' }, u: { $set: { v: 1 } } }],
    ['a string guard that fails', { q: { _id: 'a', status: 'closed' }, u: { $set: { v: 1 } } }],
    ['a guard listed before _id', { q: { status: 'open', _id: 'a' }, u: { $set: { 'meta.tags.z': 1 } } }],
    ['a number guard by $eq', { q: { _id: 'b', version: { $eq: 3 } }, u: { $inc: { version: 1 } } }],
    ['$lt guards either side', { q: { _id: 'b', version: { $lt: 4 }, s: { $lt: 'text' } }, u: { $set: { v: 1 } } }],
    ['$lte, $gt and $gte guards', { q: { _id: 'b', version: { $lte: 3 }, status: { $gt: 'b' }, s: { $gte: 'texu' } }, u: { $set: { v: 1 } } }],
    ['a guard on a missing field', { q: { _id: 'a', nope: 'x' }, u: { $set: { v: 1 } } }],
    ['a guard on a missing document', { q: { _id: 'zz', status: 'open' }, u: { $set: { v: 1 } } }],
    ['a guard equal as a number of another width', { q: { _id: 'a', version: 1.0 }, u: { $unset: { meta: 1 } } }],
    ['a guarded replacement', { q: { _id: 'a', status: 'open' }, u: { status: 'replaced' } }],
    ['a held guard with upsert', { q: { _id: 'a', version: { $lte: 1 } }, u: { $set: { v: 1 } }, upsert: true }],
    ['$push $each onto an existing array', { q: { _id: 'a' }, u: { $push: { list: { $each: [3, { x: [1] }] } } } }],
    ['$push $each onto an array in a sub-document, beside $set', { q: { _id: 'c' }, u: { $set: { s: 't' }, $push: { 'x.list': { $each: [{ y: 1 }] } } } }],
    ['$push $each with a guard, beside $set and $unset', { q: { _id: 'a', version: 1 }, u: { $set: { version: 2 }, $push: { list: { $each: [9] } }, $unset: { status: '' } } }],
  ];

  it.each(fastCases)('%s: same result as the general path, and fast', (_label, stmt) => {
    expect(takesFastPath(base, stmt)).toBe(true);
    compare(base, [stmt]);
  });

  const generalCases: [string, Doc][] = [
    ['$push', { q: { _id: 'a' }, u: { $push: { list: 3 } } }],
    ['$push $each with $slice', { q: { _id: 'a' }, u: { $push: { list: { $each: [3], $slice: -2 } } } }],
    ['$push $each creating the array', { q: { _id: 'b' }, u: { $push: { list: { $each: [1] } } } }],
    ['upsert with $push $each', { q: { _id: 'new' }, u: { $set: { v: 1 }, $push: { list: { $each: [1, 2] } } }, upsert: true }],
    ['$push an empty $each', { q: { _id: 'a' }, u: { $push: { list: { $each: [] } } } }],
    ['$push $each onto a scalar (BadValue)', { q: { _id: 'b' }, u: { $push: { s: { $each: [1] } } } }],
    ['$push $each through an array', { q: { _id: 'a' }, u: { $push: { 'list.0': { $each: [1] } } } }],
    ['$push $each and $set of the same path', { q: { _id: 'a' }, u: { $set: { list: [1] }, $push: { list: { $each: [2] } } } }],
    ['a positional path', { q: { _id: 'a' }, u: { $set: { 'list.$[]': 0 } } }],
    ['an array on the path', { q: { _id: 'a' }, u: { $set: { 'list.0': 9 } } }],
    ['a scalar on the path (PathNotViable)', { q: { _id: 'b' }, u: { $set: { 's.x': 1 } } }],
    ['$inc on a string (TypeMismatch)', { q: { _id: 'b' }, u: { $inc: { s: 1 } } }],
    ['$inc on a Long', { q: { _id: 'b' }, u: { $inc: { n: 1 } } }],
    ['$inc by a Long', { q: { _id: 'a' }, u: { $inc: { version: Long.fromNumber(1) } } }],
    ['overlapping paths', { q: { _id: 'a' }, u: { $set: { meta: { unit: 'X' }, 'meta.unit': 'Y' } } }],
    ['the same path twice', { q: { _id: 'a' }, u: { $set: { version: 1 }, $inc: { version: 1 } } }],
    ['the same path in $set and $setOnInsert on insert', { q: { _id: 'new' }, u: { $set: { v: 1 }, $setOnInsert: { v: 2 } }, upsert: true }],
    ['$set on _id', { q: { _id: 'a' }, u: { $set: { _id: 'a' } } }],
    ['replacement changing _id (ImmutableField)', { q: { _id: 'a' }, u: { _id: 'other', x: 1 } }],
    ['a guard on a dotted path', { q: { _id: 'a', 'meta.unit': 'HN' }, u: { $set: { v: 1 } } }],
    ['a guard across types (string field, number value)', { q: { _id: 'a', status: { $lt: 5 } }, u: { $set: { v: 1 } } }],
    ['a guard on a Long field', { q: { _id: 'b', n: 5 }, u: { $set: { v: 1 } } }],
    ['a guard on an array field', { q: { _id: 'a', list: 2 }, u: { $set: { v: 1 } } }],
    ['a guard with $in', { q: { _id: 'a', status: { $in: ['open'] } }, u: { $set: { v: 1 } } }],
    ['a guard with two operators', { q: { _id: 'b', version: { $gt: 1, $lt: 5 } }, u: { $set: { v: 1 } } }],
    ['a guard with NaN', { q: { _id: 'b', version: { $lt: NaN } }, u: { $set: { v: 1 } } }],
    ['a null guard', { q: { _id: 'a', nope: null }, u: { $set: { v: 1 } } }],
    ['a failing guard with upsert (collides on _id)', { q: { _id: 'a', status: 'closed' }, u: { $set: { v: 1 } }, upsert: true }],
    ['a guard on a missing document with upsert', { q: { _id: 'new', status: 'open' }, u: { $set: { v: 1 } }, upsert: true }],
    ['$and in the filter', { q: { _id: 'a', $and: [{ status: 'open' }] }, u: { $set: { v: 1 } } }],
    ['a filter on another field, upserting', { q: { status: 'nope', 'k.l': 1 }, u: { $set: { v: 1 } }, upsert: true, _ignoreId: true }],
    ['an operator on _id', { q: { _id: { $in: ['a', 'b'] } }, u: { $set: { v: 1 } } }],
    ['a null _id', { q: { _id: null }, u: { $set: { v: 1 } }, upsert: true, _ignoreId: true }],
    ['a pipeline update', { q: { _id: 'a' }, u: [{ $set: { v: 1 } }] }],
    ['arrayFilters', { q: { _id: 'a' }, u: { $set: { 'list.$[e]': 0 } }, arrayFilters: [{ e: 1 }] }],
  ];

  it.each(generalCases)('%s: left to the general path', (_label, stmt) => {
    expect(takesFastPath(base, stmt)).toBe(false);
    if (!stmt._ignoreId) compare(base, [stmt]);
  });

  it('leaves unchanged sub-documents shared and copies the changed path only', () => {
    const doc = { _id: 1, a: { b: { c: 1 } }, other: { big: [1, 2, 3] } };
    const r = fastOperatorUpdate(doc, { $set: { 'a.b.c': 2 } }, false)!;
    expect(r.doc).toEqual({ _id: 1, a: { b: { c: 2 } }, other: { big: [1, 2, 3] } });
    expect(r.doc.other).toBe(doc.other);
    expect(r.doc.a).not.toBe(doc.a);
    expect(doc.a.b.c).toBe(1);
    expect(r.paths).toEqual(['a.b.c']);
  });

  const indexed: Setup = {
    docs: [
      { _id: 'a', code: 'A', meta: { unit: 'HN' } },
      { _id: 'b', code: 'B', meta: { unit: 'HN' } },
    ],
    indexes: [
      { v: 2, key: { code: 1 }, name: 'code_1', unique: true },
      { v: 2, key: { 'meta.unit': 1 }, name: 'unit_1' },
      { v: 2, key: { status: 1 }, name: 'status_1', partialFilterExpression: { kind: 'x' } },
    ],
  };
  const batch: Doc[] = [
    { q: { _id: 'c' }, u: { $set: { code: 'C', 'meta.unit': 'DN', status: 's', kind: 'x' } }, upsert: true },
    { q: { _id: 'b' }, u: { $set: { 'meta.unit': 'HP', kind: 'x', status: 't' } } },
    { q: { _id: 'd' }, u: { $set: { code: 'A' } }, upsert: true }, // duplicate code on insert
    { q: { _id: 'a' }, u: { $set: { code: 'B' } } }, // duplicate code on update
    { q: { _id: 'e' }, u: { code: 'C' }, upsert: true }, // duplicate code by replacement upsert
    { q: { _id: 'a' }, u: { code: 'A2', meta: { unit: 'CT' } } },
    { q: { _id: 'f' }, u: { $set: { other: 1 }, $setOnInsert: { code: 'F' } }, upsert: true },
  ];

  it('keeps secondary indexes in step and stops an ordered batch at a duplicate key', () => {
    expect(batch.every((s) => takesFastPath(indexed, s))).toBe(true);
    const { reply, docs } = compare(indexed, batch, true);
    expect(reply).toMatchObject({ n: 2, nModified: 1, upserted: [{ index: 0, _id: 'c' }] });
    expect((reply.writeErrors as Doc[]).map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
    expect(docs.map((d) => d._id)).toEqual(['a', 'b', 'c']);
  });

  it('lets an unordered batch carry on past duplicate keys', () => {
    const { reply, docs } = compare(indexed, batch, false);
    expect((reply.writeErrors as Doc[]).map((e) => [e.index, e.code])).toEqual([
      [2, 11000],
      [3, 11000],
      [4, 11000],
    ]);
    expect(reply).toMatchObject({ n: 4, nModified: 2, upserted: [{ index: 0, _id: 'c' }, { index: 6, _id: 'f' }] });
    expect(docs.find((d) => d._id === 'a')).toEqual({ _id: 'a', code: 'A2', meta: { unit: 'CT' } });
  });

  it('agrees with the general path over a mixed batch of both paths', () => {
    const mixed = [...fastCases, ...generalCases].filter(([, s]) => !s._ignoreId).map(([, s]) => s);
    compare(base, mixed, true);
    compare(base, mixed, false);
  });
});
