import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { MongoTarget, openTarget } from './mongo-target.helper';

describe('embedded mongo: CRUD through the driver', () => {
  let t: MongoTarget;
  beforeAll(async () => (t = await openTarget('crud')));
  afterAll(() => t.close());

  const fresh = async (name: string) => {
    const c = t.db.collection(name);
    await c.createIndex({ sku: 1 }, { unique: true });
    return c;
  };

  it('inserts, updates with operators, replaces and deletes with honest counts', async () => {
    const c = t.db.collection('basic');
    await c.insertMany([{ _id: 1, n: 1, tags: ['a'] }, { _id: 2, n: 2 }, { _id: 3, n: 3 }] as never[]);
    const many = await c.updateMany({ n: { $gte: 2 } }, { $inc: { n: 10 } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const same = await c.updateOne({ _id: 1 } as never, { $set: { n: 1 } });
    expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
    await c.updateOne({ _id: 1 } as never, { $push: { tags: 'b' } as never, $unset: { missing: '' } });
    const rep = await c.replaceOne({ _id: 2 } as never, { x: 'replaced' });
    expect(rep.modifiedCount).toBe(1);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, n: 1, tags: ['a', 'b'] },
      { _id: 2, x: 'replaced' },
      { _id: 3, n: 13 },
    ]);
    expect((await c.deleteMany({ _id: { $in: [1, 3] } } as never)).deletedCount).toBe(2);
    expect((await c.deleteOne({ nothing: true })).deletedCount).toBe(0);
    expect(await c.countDocuments()).toBe(1);
  });

  it('upserts seed from equality filters and apply $setOnInsert only on insert', async () => {
    const c = t.db.collection('upserts');
    const first = await c.updateOne(
      { key: 'k1', 'meta.unit': 'U1', n: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: 'yes' } },
      { upsert: true },
    );
    expect(first).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    const doc = await c.findOne({ _id: first.upsertedId! });
    expect(doc).toEqual({ _id: first.upsertedId, key: 'k1', meta: { unit: 'U1' }, v: 1, created: 'yes' });
    const second = await c.updateOne({ key: 'k1' }, { $set: { v: 2 }, $setOnInsert: { created: 'again' } }, { upsert: true });
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await c.findOne({ key: 'k1' }, { projection: { _id: 0 } })).toEqual({ key: 'k1', meta: { unit: 'U1' }, v: 2, created: 'yes' });
    const replaced = await c.replaceOne({ _id: 'r1' } as never, { body: 1 }, { upsert: true });
    expect(replaced.upsertedId).toBe('r1');
    expect(await c.findOne({ _id: 'r1' } as never)).toEqual({ _id: 'r1', body: 1 });
  });

  it('reports duplicate keys on insert, update and upsert in the driver error shapes', async () => {
    const c = await fresh('dups');
    await c.insertOne({ sku: 'a' });
    await c.insertOne({ sku: 'b' });
    const insertErr = await c.insertOne({ sku: 'a' }).catch((e: unknown) => e);
    expect(insertErr).toBeInstanceOf(MongoServerError);
    expect(insertErr).toMatchObject({ code: 11000, keyPattern: { sku: 1 }, keyValue: { sku: 'a' } });
    expect((insertErr as Error).message).toMatch(/^E11000 duplicate key error collection: t_crud_\w+\.dups index: sku_1 dup key: \{ sku: "a" \}$/);
    await expect(c.updateOne({ sku: 'b' }, { $set: { sku: 'a' } })).rejects.toMatchObject({ code: 11000, keyValue: { sku: 'a' } });
    await expect(c.updateOne({ sku: 'zz' }, { $set: { other: 1 }, $setOnInsert: { sku: 'a' } }, { upsert: true })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(c.insertOne({ _id: (await c.findOne({ sku: 'a' }))!._id, sku: 'q' })).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 } });
    expect(await c.countDocuments()).toBe(2);
  });

  it('stops an ordered bulkWrite at the first duplicate and lets an unordered one continue', async () => {
    const c = await fresh('bulk');
    const ops = [
      { insertOne: { document: { sku: 'x' } } },
      { insertOne: { document: { sku: 'x' } } },
      { updateOne: { filter: { sku: 'y' }, update: { $set: { n: 1 } }, upsert: true } },
      { insertOne: { document: { sku: 'z' } } },
    ];
    const ordered = (await c.bulkWrite(ops).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect(ordered.writeErrors).toHaveLength(1);
    expect(ordered.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(ordered.result.insertedCount).toBe(1);
    expect(await c.countDocuments()).toBe(1);

    const c2 = await fresh('bulk2');
    const unordered = (await c2.bulkWrite(ops, { ordered: false }).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered).toBeInstanceOf(MongoBulkWriteError);
    expect(unordered.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(unordered.result).toMatchObject({ insertedCount: 2, upsertedCount: 1 });
    expect(Object.keys(unordered.result.upsertedIds)).toEqual(['2']);
    expect((await c2.find({}, { projection: { _id: 0 } }).sort({ sku: 1 }).toArray()).map((d) => d.sku)).toEqual(['x', 'y', 'z']);
  });

  it('bulkWrite mixes upserts, updates, replaces and deletes with per-op results', async () => {
    const c = t.db.collection('bulkmix');
    const res = await c.bulkWrite([
      { updateOne: { filter: { _id: 'a' }, update: { $set: { v: 1 } }, upsert: true } },
      { updateOne: { filter: { _id: 'b' }, update: { $set: { v: 2 } }, upsert: true } },
      { updateMany: { filter: {}, update: { $inc: { v: 10 } } } },
      { replaceOne: { filter: { _id: 'b' }, replacement: { w: 1 } } },
      { deleteOne: { filter: { _id: 'a' } } },
    ] as never);
    expect(res).toMatchObject({ upsertedCount: 2, matchedCount: 3, modifiedCount: 3, deletedCount: 1, upsertedIds: { 0: 'a', 1: 'b' } });
    expect(await c.find().toArray()).toEqual([{ _id: 'b', w: 1 }]);
  });

  it('findOneAndUpdate returns before or after images, upserts, and respects sort', async () => {
    const c = t.db.collection('fam');
    await c.insertMany([{ q: 1, n: 1 }, { q: 1, n: 5 }]);
    const before = await c.findOneAndUpdate({ q: 1 }, { $inc: { n: 1 } }, { sort: { n: -1 }, projection: { _id: 0 } });
    expect(before).toEqual({ q: 1, n: 5 });
    const after = await c.findOneAndUpdate({ q: 1 }, { $inc: { n: 1 } }, { sort: { n: -1 }, returnDocument: 'after', projection: { _id: 0 } });
    expect(after).toEqual({ q: 1, n: 7 });
    expect(await c.findOneAndUpdate({ q: 9 }, { $set: { n: 0 } })).toBeNull();
    const up = await c.findOneAndUpdate({ q: 9 }, { $set: { n: 0 } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    expect(up.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(up.value).toMatchObject({ q: 9, n: 0 });
    expect(await c.findOneAndDelete({ q: 9 }, { projection: { _id: 0 } })).toEqual({ q: 9, n: 0 });
    expect(await c.findOneAndReplace({ n: 1 }, { replaced: true }, { returnDocument: 'after', projection: { _id: 0 } })).toEqual({ replaced: true });
  });

  it('rejects what mongod rejects: immutable _id, type mismatches, unknown operators', async () => {
    const c = t.db.collection('errors');
    await c.insertOne({ _id: 1, s: 'text', arr: [1] } as never);
    await expect(c.updateOne({ _id: 1 } as never, { $set: { _id: 2 } } as never)).rejects.toMatchObject({ code: 66 });
    await expect(c.replaceOne({ _id: 1 } as never, { _id: 3, a: 1 } as never)).rejects.toMatchObject({ code: 66 });
    await expect(c.updateOne({ _id: 1 } as never, { $inc: { s: 1 } } as never)).rejects.toMatchObject({ code: 14 });
    await expect(c.updateOne({ _id: 1 } as never, { $inc: { n: 'x' } } as never)).rejects.toMatchObject({ code: 14 });
    await expect(c.updateOne({ _id: 1 } as never, { $push: { s: 1 } } as never)).rejects.toMatchObject({ code: 2 });
    await expect(c.updateOne({ _id: 1 } as never, { $set: { 's.x': 1 } } as never)).rejects.toMatchObject({ code: 28 });
    await expect(c.updateOne({ _id: 1 } as never, { $bogus: { a: 1 } } as never)).rejects.toMatchObject({ code: 9 });
    await expect(c.find({ s: { $bogus: 1 } }).toArray()).rejects.toMatchObject({ code: 2, message: 'unknown operator: $bogus' });
    await expect(t.db.command({ notACommand: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, s: 'text', arr: [1] });
  });

  it('applies arrayFilters, positional updates and $push modifiers on missing arrays', async () => {
    const c = t.db.collection('arrays');
    await c.insertOne({ _id: 1, items: [{ k: 'a', n: 1 }, { k: 'b', n: 2 }] } as never);
    await c.updateOne({ _id: 1 } as never, { $set: { 'items.$[it].n': 20 } } as never, { arrayFilters: [{ 'it.k': 'b' }] });
    await c.updateOne({ _id: 1, 'items.k': 'a' } as never, { $inc: { 'items.$.n': 5 } } as never);
    await c.updateOne({ _id: 1 } as never, { $push: { recent: { $each: [1, 2, 3], $slice: -2 } } } as never);
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, items: [{ k: 'a', n: 6 }, { k: 'b', n: 20 }], recent: [2, 3] });
  });

  it('appends with $push {$each} as mongod does: onto existing arrays beside $set, guarded, into sub-documents, and its errors', async () => {
    const c = t.db.collection('push_each');
    await c.insertMany([
      { _id: 1, position: 'p1', steps: [{ a: 1 }], sub: { list: [] } },
      { _id: 2, s: 'text' },
    ] as never);
    const pushed = await c.updateOne({ _id: 1, position: 'p1' } as never, { $set: { position: 'p2' }, $push: { steps: { $each: [{ a: 2 }, { a: 3 }] }, 'sub.list': { $each: ['x'] } } } as never);
    expect([pushed.matchedCount, pushed.modifiedCount]).toEqual([1, 1]);
    const stale = await c.updateOne({ _id: 1, position: 'p1' } as never, { $set: { position: 'p3' }, $push: { steps: { $each: [{ a: 4 }] } } } as never);
    expect([stale.matchedCount, stale.modifiedCount]).toEqual([0, 0]);
    const bulk = await c.bulkWrite([{ updateOne: { filter: { _id: 1, position: 'p2' }, update: { $set: { position: 'p3' }, $push: { steps: { $each: [{ a: 4 }] } } } } }] as never, { ordered: false });
    expect(bulk.matchedCount).toBe(1);
    await c.updateOne({ _id: 2 } as never, { $push: { created: { $each: [1] } } } as never);
    const after = [
      { _id: 1, position: 'p3', steps: [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }], sub: { list: ['x'] } },
      { _id: 2, s: 'text', created: [1] },
    ];
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual(after);
    await expect(c.updateOne({ _id: 2 } as never, { $push: { s: { $each: [1] } } } as never)).rejects.toMatchObject({ code: 2 });
    // mongod answers ConflictingUpdateOperators (40); the general path this is left to answers BadValue.
    await expect(c.updateOne({ _id: 1 } as never, { $set: { steps: [] }, $push: { steps: { $each: [1] } } } as never)).rejects.toBeInstanceOf(MongoServerError);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual(after);
  });

  it('answers transactions like a standalone (IllegalOperation)', async () => {
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await expect(t.db.collection('tx').findOne({}, { session })).rejects.toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      // For writes the driver turns code 20 into its retryable-writes advice, exactly as with a standalone mongod.
      await expect(t.db.collection('tx').insertOne({ a: 1 }, { session })).rejects.toThrow(/does not support retryable writes/);
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
  });
});
