import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal128, Long, MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedMongo } from '@app/embedded-mongo';

// Snapshots are a property of the embedded node itself, so this file always starts its own.
describe('embedded mongo: snapshot and restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reloads documents and indexes after stop, on the same port, while a client reconnects', async () => {
    const first = await startEmbeddedMongo({ dataDir });
    const client = await new MongoClient(first.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    const c = client.db('app').collection('rm');
    await c.createIndex({ key: 1 }, { unique: true });
    const oid = new ObjectId();
    await c.insertMany([
      { _id: oid, key: 'a', big: Long.fromString('9007199254740993'), dec: Decimal128.fromString('1.10'), at: new Date(5), nested: { xs: [1, 'two'] } },
      { key: 'b' },
    ]);
    await first.stop();
    expect(readdirSync(dataDir)).toEqual(['embedded-mongo.snapshot']);

    const second = await startEmbeddedMongo({ dataDir, port: first.port });
    const doc = await c.findOne({ key: 'a' }, { promoteLongs: false });
    expect(doc).toEqual({ _id: oid, key: 'a', big: Long.fromString('9007199254740993'), dec: Decimal128.fromString('1.10'), at: new Date(5), nested: { xs: [1, 'two'] } });
    await expect(c.insertOne({ key: 'b' })).rejects.toMatchObject({ code: 11000 });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'key_1']);
    await c.deleteOne({ key: 'b' });
    await client.close();
    await second.stop();

    const third = await startEmbeddedMongo({ dataDir, port: first.port });
    const again = await new MongoClient(third.uri).connect();
    expect(await again.db('app').collection('rm').countDocuments()).toBe(1);
    await again.close();
    await third.stop();
  });

  it('writes documents still held as BSON and decoded ones alike, and reloads both', async () => {
    const first = await startEmbeddedMongo({ dataDir });
    const client = await new MongoClient(first.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    const c = client.db('app').collection('audit');
    await c.createIndex({ opinion: 1 });
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `e${i}`, opinion: `o${i % 4}`, at: new Date(i), big: Long.fromNumber(2 ** 40 + i) })) as never[]);
    await c.updateOne({ _id: 'e1' } as never, { $set: { seen: true } });
    const before = await c.find({}, { promoteLongs: false }).toArray();
    await client.close();
    await first.stop();

    const second = await startEmbeddedMongo({ dataDir, port: first.port });
    const again = await new MongoClient(second.uri).connect();
    const c2 = again.db('app').collection('audit');
    expect(await c2.find({}, { promoteLongs: false }).toArray()).toEqual(before);
    expect((await c2.find({ opinion: 'o1' }).toArray()).map((d) => d._id)).toEqual(['e1', 'e5', 'e9', 'e13', 'e17']);
    await expect(c2.insertMany([{ _id: 'e3' }] as never[])).rejects.toMatchObject({ code: 11000 });
    await again.close();
    await second.stop();
  });

  it('starts empty without a snapshot and keeps nothing without a dataDir', async () => {
    const node = await startEmbeddedMongo({ dataDir: join(dataDir, 'fresh') });
    const client = await new MongoClient(node.uri).connect();
    expect(await client.db('app').listCollections().toArray()).toEqual([]);
    await client.close();
    await node.stop();
    await node.stop();
  });
});
