import { BSONRegExp, Decimal128, Long, MongoBulkWriteError, ObjectId } from 'mongodb';
import { MongoTarget, openTarget } from './mongo-target.helper';

/**
 * Documents inserted in a batch (a document sequence, as insertMany and bulkWrite send them) are
 * stored as BSON by the embedded node until something reads them; every read must see what an
 * eagerly decoded insert would have stored.
 */
describe('embedded mongo: documents inserted in batches', () => {
  let t: MongoTarget;
  beforeAll(async () => (t = await openTarget('lazy')));
  afterAll(() => t.close());

  it('stores _id first, whether the driver put it first, last (generated) or in the middle', async () => {
    const c = t.db.collection('order');
    const generated = { a: 1, b: { c: 2 } };
    await c.insertMany([{ _id: 'first', a: 1 }, generated, { a: 3, _id: 'middle', z: 4 }] as never[]);
    const docs = await c.find().toArray();
    expect(docs.map((d) => Object.keys(d))).toEqual([['_id', 'a'], ['_id', 'a', 'b'], ['_id', 'a', 'z']]);
    expect(docs[1]).toEqual({ _id: expect.any(ObjectId), a: 1, b: { c: 2 } });
    expect(await c.findOne({ _id: docs[1]._id })).toEqual(docs[1]);
  });

  it('answers lookups by secondary index, updates and deletes on documents no read has decoded yet', async () => {
    const c = t.db.collection<{ _id: string; session: string; n: number; tags?: string[] }>('indexed');
    await c.createIndex({ session: 1 });
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `o${i}`, session: `s${i % 5}`, n: i })));
    expect((await c.find({ session: 's3' }).sort({ n: 1 }).toArray()).map((d) => d._id)).toEqual(['o3', 'o8', 'o13', 'o18', 'o23', 'o28', 'o33', 'o38', 'o43', 'o48']);
    await c.insertMany([{ _id: 'late', session: 's3', n: 99 }]);
    expect(await c.countDocuments({ session: 's3' })).toBe(11);

    expect((await c.updateOne({ _id: 'o7' }, { $set: { session: 's3' }, $push: { tags: 'moved' } })).modifiedCount).toBe(1);
    expect((await c.updateMany({ session: 's0' }, { $inc: { n: 1000 } })).modifiedCount).toBe(10);
    expect(await c.findOne({ _id: 'o10' })).toEqual({ _id: 'o10', session: 's0', n: 1010 });
    expect((await c.find({ session: 's3' }).sort({ n: 1 }).toArray()).map((d) => d._id)).toEqual(['o3', 'o7', 'o8', 'o13', 'o18', 'o23', 'o28', 'o33', 'o38', 'o43', 'o48', 'late']);
    expect((await c.deleteMany({ session: 's4' })).deletedCount).toBe(10);
    expect(await c.countDocuments()).toBe(41);
    expect(await c.aggregate([{ $match: { session: 's1' } }, { $group: { _id: '$session', n: { $sum: '$n' } } }]).toArray()).toEqual([
      { _id: 's1', n: 235 },
    ]);
  });

  it('refuses a duplicate _id of a stored document with E11000, ordered or not', async () => {
    const c = t.db.collection('dups');
    const oid = new ObjectId();
    await c.insertMany([{ _id: oid, v: 1 }, { _id: 7, v: 1 }, { _id: 'k', v: 1 }] as never[]);
    const err = await c.insertMany([{ _id: 'new1' }, { _id: oid }] as never[]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    expect((err as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect((err as MongoBulkWriteError).message).toMatch(/index: _id_ dup key: \{ _id: ObjectId\('[0-9a-f]{24}'\) \}$/);
    const unordered = await c
      .insertMany([{ _id: 7.0 }, { _id: Long.fromNumber(7) }, { _id: 'k' }, { _id: 'new2' }] as never[], { ordered: false })
      .catch((e: MongoBulkWriteError) => e);
    expect([(unordered as MongoBulkWriteError).writeErrors].flat().map((e) => [e.index, e.code])).toEqual([
      [0, 11000],
      [1, 11000],
      [2, 11000],
    ]);
    expect((await c.find().toArray()).map((d) => d._id)).toEqual([oid, 7, 'k', 'new1', 'new2']);
  });

  it('stores documents with unusual _id types and values as a full decode does', async () => {
    const c = t.db.collection('unusual');
    const docs = [
      { _id: { a: 1, b: 'x' }, v: 1 },
      { _id: new Date(12), v: 2 },
      { _id: Long.fromString('9007199254740993'), v: 3 },
      { _id: Decimal128.fromString('2.5'), v: 4 },
      { _id: 'regex', r: new BSONRegExp('^a', 'i'), d: Decimal128.fromString('1.10') },
      { _id: -0, v: 6 },
    ];
    await c.insertMany(docs as never[]);
    const back = await c.find({}, { promoteLongs: false, bsonRegExp: true }).toArray();
    expect(back.map((d) => Object.keys(d)[0])).toEqual(Array(6).fill('_id'));
    expect(back.slice(0, 5)).toEqual(docs.slice(0, 5));
    await expect(c.insertMany([{ _id: { a: 1, b: 'x' } }] as never[])).rejects.toMatchObject({ code: 11000 });
    await expect(c.insertMany([{ _id: 0 }] as never[])).rejects.toMatchObject({ code: 11000 });
    expect(await c.findOne({ _id: new Date(12) } as never)).toEqual({ _id: new Date(12), v: 2 });
  });
});
