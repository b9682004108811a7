import { Binary, Decimal128, Long, MinKey, MaxKey, ObjectId } from 'mongodb';
import { MongoTarget, openTarget } from './mongo-target.helper';

describe('embedded mongo: queries and cursors', () => {
  let t: MongoTarget;
  beforeAll(async () => (t = await openTarget('query')));
  afterAll(() => t.close());

  it('filters, sorts, projects, skips and limits', async () => {
    const c = t.db.collection('people');
    await c.insertMany([
      { _id: 1, name: 'An', age: 30, unit: 'HN', tags: ['x'] },
      { _id: 2, name: 'Binh', age: 25, unit: 'HCM', tags: ['x', 'y'] },
      { _id: 3, name: 'Chi', age: 35, unit: 'HN', tags: [] },
      { _id: 4, name: 'Dung', age: 25, unit: 'DN' },
    ] as never[]);
    const rows = await c.find({ age: { $gte: 25 }, unit: { $in: ['HN', 'HCM', 'DN'] } }, { projection: { name: 1 } })
      .sort({ age: 1, name: -1 }).skip(1).limit(2).toArray();
    expect(rows).toEqual([{ _id: 2, name: 'Binh' }, { _id: 1, name: 'An' }]);
    expect(await c.find({ tags: 'y' }).project({ _id: 1 }).toArray()).toEqual([{ _id: 2 }]);
    expect(await c.find({ $or: [{ name: /^C/ }, { age: { $lt: 26 } }] }).project({ _id: 1 }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 2 }, { _id: 3 }, { _id: 4 },
    ]);
    expect(await c.find({ tags: { $exists: false } }, { projection: { _id: 0, name: 1 } }).toArray()).toEqual([{ name: 'Dung' }]);
    expect(await c.countDocuments({ unit: 'HN' })).toBe(2);
    expect(await c.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
    expect((await c.distinct('tags')).sort()).toEqual(['x', 'y']);
    expect((await c.distinct('unit', { age: 25 })).sort()).toEqual(['DN', 'HCM']);
    expect(await t.db.command({ count: 'people', query: { age: 25 } })).toMatchObject({ n: 2, ok: 1 });
    expect(await t.db.collection('missing').find().toArray()).toEqual([]);
  });

  it('streams 10,000 documents across many getMores with int64 cursor ids', async () => {
    const c = t.db.collection('big');
    await c.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ i, pad: 'x'.repeat(50) })));
    const first = await t.db.command({ find: 'big', filter: {}, batchSize: 100 }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(100);
    expect(first.cursor.id).toBeInstanceOf(Long);
    expect(first.cursor.id.isZero()).toBe(false);
    await t.db.command({ killCursors: 'big', cursors: [first.cursor.id] });
    await expect(t.db.command({ getMore: first.cursor.id, collection: 'big' })).rejects.toMatchObject({ code: 43 });

    const seen: number[] = [];
    for await (const doc of c.find({}, { sort: { i: 1 }, batchSize: 333 })) seen.push(doc.i);
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    const cursor = c.find({ i: { $gte: 5000 } }).batchSize(10);
    await cursor.next();
    await cursor.close();
    expect(await c.countDocuments({ i: { $gte: 5000 } })).toBe(5000);
  });

  it('sorts mixed BSON types in mongod order', async () => {
    const c = t.db.collection('mixed');
    const oid = new ObjectId('0123456789abcdef01234567');
    const values: Record<string, unknown> = {
      minKey: new MinKey(), null: null, number: 5, negLong: Long.fromNumber(-7), decimal: Decimal128.fromString('5.5'),
      string: 'abc', object: { a: 1 }, array: [0.5], binary: new Binary(Buffer.from('hi')), objectId: oid,
      bool: true, date: new Date(0), regex: /x/, maxKey: new MaxKey(),
    };
    await c.insertMany(Object.entries(values).map(([k, v]) => ({ _id: k, v })) as never[]);
    await c.insertOne({ _id: 'missing' } as never);
    const order = (await c.find().sort({ v: 1, _id: 1 }).toArray()).map((d) => d._id);
    expect(order).toEqual([
      'minKey', 'missing', 'null', 'negLong', 'array', 'number', 'decimal', 'string', 'object', 'binary', 'objectId', 'bool', 'date', 'regex', 'maxKey',
    ]);
    const desc = (await c.find({ _id: { $in: ['number', 'string', 'bool', 'date'] } } as never).sort({ v: -1 }).toArray()).map((d) => d._id);
    expect(desc).toEqual(['date', 'bool', 'string', 'number']);
  });

  it('looks documents up by unique and compound indexes', async () => {
    const c = t.db.collection('lookups');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.createIndex({ unit: 1, seq: 1 });
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ code: `C${i}`, unit: `U${i % 5}`, seq: i })));
    expect(await c.findOne({ code: 'C42' }, { projection: { _id: 0 } })).toEqual({ code: 'C42', unit: 'U2', seq: 42 });
    expect(await c.findOne({ code: { $eq: 'C43' }, seq: 43 }, { projection: { _id: 0, seq: 1 } })).toEqual({ seq: 43 });
    expect(await c.countDocuments({ unit: 'U1', seq: { $in: [1, 6, 7] } })).toBe(2);
    expect(await c.countDocuments({ $and: [{ unit: 'U3' }, { seq: 8 }] })).toBe(1);
    await c.updateOne({ code: 'C42' }, { $set: { code: 'C42b' } });
    expect(await c.findOne({ code: 'C42' })).toBeNull();
    expect(await c.findOne({ code: 'C42b' })).toMatchObject({ seq: 42 });
    await c.deleteOne({ code: 'C42b' });
    expect(await c.findOne({ code: 'C42b' })).toBeNull();
    await c.insertOne({ code: 'C42', unit: 'U9', seq: 1000 });
    expect(await c.findOne({ code: 'C42' }, { projection: { _id: 0, seq: 1 } })).toEqual({ seq: 1000 });
  });
});
