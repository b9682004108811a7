/* Throughput of the embedded MongoDB node through the official driver. Prints figures and targets. */
import { AnyBulkWriteOperation, Collection, Document, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@app/embedded-mongo';

const LOOKUPS = 5_000;
const UNITS = ['HN', 'HCM', 'DN', 'HP', 'CT', 'QN', 'BD', 'KH'];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function fill(c: Collection, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, n - i) }, (_, j) => ({
      _id: `op-${i + j}` as unknown as never,
      code: `C${i + j}`,
      unit: UNITS[(i + j) % UNITS.length],
      score: (i + j) % 5,
    }));
    await c.insertMany(batch, { ordered: false });
  }
}

async function lookupsPerSecond(c: Collection, n: number, field: '_id' | 'code'): Promise<number> {
  const keys = Array.from({ length: LOOKUPS }, () => Math.floor(Math.random() * n)).map((i) => (field === '_id' ? `op-${i}` : `C${i}`));
  const secs = await timed(async () => {
    for (const k of keys) if (!(await c.findOne({ [field]: k }))) throw new Error(`missing ${field}=${k}`);
  });
  return LOOKUPS / secs;
}

async function main(): Promise<void> {
  const node = await startEmbeddedMongo();
  const client = await new MongoClient(node.uri).connect();
  const db = client.db('bench');
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

  // 1. Upserts through bulkWrite in batches of 500, as the projector writes read models.
  const rm = db.collection<Document>('read_model');
  const BATCHES = 200;
  const op = (i: number, pass: number): AnyBulkWriteOperation<Document> => ({
    updateOne: { filter: { _id: `case-${i}` as never }, update: { $set: { status: 'open', pass, unit: UNITS[i % 8] }, $inc: { version: 1 }, $setOnInsert: { createdAt: new Date() } }, upsert: true },
  });
  // Warm-up on a scratch collection so the figures below are steady-state, not JIT start-up.
  const scratch = db.collection<Document>('warmup');
  for (let b = 0; b < 20; b++) await scratch.bulkWrite(Array.from({ length: 500 }, (_, j) => op(b * 500 + j, 0)));
  for (let i = 0; i < 2000; i++) await scratch.findOne({ _id: `case-${i}` as never });
  await scratch.drop();
  for (const pass of [1, 2]) {
    const secs = await timed(async () => {
      for (let b = 0; b < BATCHES; b++) await rm.bulkWrite(Array.from({ length: 500 }, (_, j) => op(b * 500 + j, pass)), { ordered: true });
    });
    const label = pass === 1 ? 'inserting' : 'updating ';
    console.log(`upserts/s (bulkWrite x500, ${label}): ${fmt((BATCHES * 500) / secs)}   target >= 20,000`);
  }

  // 2. Point lookups by _id and by a secondary unique key, small vs large collection.
  const rates: Record<string, number> = {};
  for (const n of [10_000, 1_000_000]) {
    const c = db.collection(`lookup_${n}`);
    await c.createIndex({ code: 1 }, { unique: true });
    const fillSecs = await timed(() => fill(c, n));
    console.log(`filled ${fmt(n)} docs in ${fillSecs.toFixed(1)} s (${fmt(n / fillSecs)} inserts/s)`);
    for (const f of ['_id', 'code'] as const) {
      await lookupsPerSecond(c, n, f); // warm-up
      rates[`${f}@${n}`] = await lookupsPerSecond(c, n, f);
      console.log(`point lookups/s by ${f.padEnd(4)} on ${fmt(n).padStart(9)} docs: ${fmt(rates[`${f}@${n}`])}`);
    }
    if (n === 1_000_000) {
      // 3. $group over the first 100k documents' worth of data: a dedicated 100k collection.
      await c.drop();
    }
  }
  for (const f of ['_id', 'code']) {
    const ratio = rates[`${f}@10000`] / rates[`${f}@1000000`];
    console.log(`lookup cost ratio 1M/10k by ${f}: ${ratio.toFixed(2)}x   target <= 2x`);
  }

  const g = db.collection('group_100k');
  await fill(g, 100_000);
  let groups: Document[] = [];
  const runs = 5;
  const secs = await timed(async () => {
    for (let i = 0; i < runs; i++) {
      groups = await g.aggregate([{ $group: { _id: '$unit', n: { $sum: 1 }, avg: { $avg: '$score' } } }, { $sort: { _id: 1 } }]).toArray();
    }
  });
  console.log(`$group over 100,000 docs: ${((secs / runs) * 1000).toFixed(0)} ms per run (${groups.length} groups)`);

  await client.close();
  await node.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
