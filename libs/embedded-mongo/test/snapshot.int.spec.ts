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

  it('starts empty without a snapshot and keeps nothing without a dataDir', async () => {
    const node = await startEmbeddedMongo({ dataDir: join(dataDir, 'fresh') });
    const client = await new MongoClient(node.uri).connect();
    expect(await client.db('app').listCollections().toArray()).toEqual([]);
    await client.close();
    await node.stop();
    await node.stop();
  });
});
