import { MongoTarget, openTarget } from './mongo-target.helper';

describe('embedded mongo: catalog and index commands', () => {
  let t: MongoTarget;
  beforeAll(async () => (t = await openTarget('catalog')));
  afterAll(() => t.close());

  it('answers ping, buildInfo and hello as a standalone', async () => {
    expect(await t.db.command({ ping: 1 })).toEqual({ ok: 1 });
    expect((await t.db.admin().command({ buildInfo: 1 })).version).toMatch(/^\d+\.\d+/);
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1, maxWriteBatchSize: 100000 });
    expect(hello.setName).toBeUndefined();
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
  });

  it('creates, lists, renames and drops collections and databases', async () => {
    await t.db.createCollection('a');
    await expect(t.db.createCollection('a')).rejects.toMatchObject({ code: 48 });
    await t.db.collection('b').insertOne({ x: 1 });
    const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['a', 'b']);
    expect(await t.db.listCollections({ name: 'b' }).toArray()).toMatchObject([{ name: 'b', type: 'collection' }]);
    const dbs = await t.db.admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(t.db.databaseName);

    await t.db.collection('a').insertOne({ old: true });
    await expect(t.db.renameCollection('b', 'a')).rejects.toMatchObject({ code: 48 });
    await t.db.renameCollection('b', 'a', { dropTarget: true });
    expect(await t.db.collection('a').find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ x: 1 }]);
    await expect(t.db.renameCollection('gone', 'z')).rejects.toMatchObject({ code: 26 });

    expect(await t.db.collection('a').drop()).toBe(true);
    expect(await t.db.collection('never-existed').drop()).toBe(true);
    await t.db.collection('c').insertOne({});
    expect(await t.db.dropDatabase()).toBe(true);
    expect(await t.db.listCollections().toArray()).toEqual([]);
  });

  it('creates, lists and drops indexes with their options', async () => {
    const c = t.db.collection('idx');
    expect(await c.createIndex({ a: 1 }, { unique: true })).toBe('a_1');
    await c.createIndexes([{ key: { b: 1, c: -1 } }, { key: { s: 1 }, sparse: true, unique: true }, { key: { p: 1 }, unique: true, partialFilterExpression: { p: { $exists: true } } }]);
    const idx = await c.listIndexes().toArray();
    expect(idx.map((i) => i.name)).toEqual(['_id_', 'a_1', 'b_1_c_-1', 's_1', 'p_1']);
    expect(idx[1]).toMatchObject({ key: { a: 1 }, unique: true });
    expect(idx[3]).toMatchObject({ sparse: true });
    expect(idx[4]).toMatchObject({ partialFilterExpression: { p: { $exists: true } } });
    expect(await c.createIndex({ a: 1 }, { unique: true })).toBe('a_1');
    await expect(c.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
    await expect(c.createIndex({ z: 1 }, { name: 'a_1' })).rejects.toMatchObject({ code: 86 });

    // Sparse and partial unique indexes ignore documents without the field.
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.insertMany([{ a: 3, s: 'x', p: 1 }]);
    await expect(c.insertOne({ a: 4, s: 'x' })).rejects.toMatchObject({ code: 11000, keyValue: { s: 'x' } });
    await expect(c.insertOne({ a: 5, p: 1 })).rejects.toMatchObject({ code: 11000, keyPattern: { p: 1 } });
    await expect(c.insertOne({ b: 1 })).resolves.toBeTruthy();
    await expect(c.insertOne({ b: 2 })).rejects.toMatchObject({ code: 11000, keyValue: { a: null } });

    await t.db.collection('dupdata').insertMany([{ k: 1 }, { k: 1 }]);
    await expect(t.db.collection('dupdata').createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await t.db.collection('dupdata').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);

    await c.dropIndex('a_1');
    await expect(c.dropIndex('a_1')).rejects.toMatchObject({ code: 27 });
    await expect(c.dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await c.insertOne({ a: 1 });
    await c.dropIndexes();
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await expect(t.db.collection('nope').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
  });
});
