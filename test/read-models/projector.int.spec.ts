import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient, type Db } from 'mongodb';
import { EventStore } from '@app/eventstore';
import { startTestNodes, testDatabaseName } from '@app/testing';
import type { Infrastructure } from '@app/config';
import {
  ALL_PROJECTIONS,
  CheckpointsStore,
  OPINIONS_COLLECTION,
  SESSIONS_COLLECTION,
  rebuildProjections,
  startProjector,
  workload,
  type OpinionDocument,
  type SessionDocument,
} from '@app/read-models';

jest.setTimeout(120_000);

describe('projector against the embedded nodes', () => {
  let nodes: Infrastructure;
  let client: EventStoreDBClient;
  let mongo: MongoClient;
  let eventStore: EventStore;

  beforeAll(async () => {
    nodes = await startTestNodes();
    client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
    eventStore = new EventStore(client);
    mongo = await MongoClient.connect(nodes.mongoUrl);
  });
  afterAll(async () => {
    await mongo?.close();
    await client?.dispose();
    await nodes?.stop();
  });

  const dump = async (db: Db) => {
    const out: Record<string, unknown[]> = {};
    for (const p of ALL_PROJECTIONS) out[p.name] = await db.collection(p.collection).find().sort({ _id: 1 }).toArray();
    return out;
  };

  it('projects a workload, stays consistent with a rebuild, and serves read-your-writes', async () => {
    let last = 0n;
    for (const append of workload({ sessions: 5, eventsPerSession: 40, seed: 7 })) {
      last = (await eventStore.append(append.stream, append.events, 'no_stream')).position;
    }
    const db = mongo.db(testDatabaseName('projector'));
    const projector = await startProjector({ client, db, batchWindowMs: 2 });
    try {
      await expect(projector.waitFor(last, 30_000)).resolves.toBe(true);
      const sessions = await db.collection<SessionDocument>(SESSIONS_COLLECTION).find().toArray();
      expect(sessions).toHaveLength(5);
      const opinions = await db.collection<OpinionDocument>(OPINIONS_COLLECTION).find().toArray();
      for (const session of sessions) {
        const mine = opinions.filter((o) => o.sessionId === session._id);
        expect(session.counters.total).toBe(mine.length);
        expect(session.counters.lackingResponse).toBe(mine.filter((o) => o.lacksResponse).length);
      }
      const checkpoints = await new CheckpointsStore(db).positions(ALL_PROJECTIONS.map((p) => p.name));
      expect([...checkpoints.values()]).toEqual([last, last, last]);

      // A rebuild next to the live projector swaps in identical read models, reading `$all` on this
      // thread (a client) or in a reader thread (a connection string).
      const live = await dump(db);
      const rebuilt = await rebuildProjections({ client, db, pauseTimeoutMs: 10_000 });
      expect(rebuilt.position).toBe(last);
      expect(await dump(db)).toEqual(live);
      const threaded = await rebuildProjections({ eventstoreUrl: nodes.eventstoreUrl, db, pauseTimeoutMs: 10_000 });
      expect(threaded).toMatchObject({ position: last, events: rebuilt.events });
      expect(await dump(db)).toEqual(live);

      // Many small batches: reading the next batch overlaps writing this one, caches carry over between
      // them; from a reader thread, more batches than it may have in flight.
      for (const source of [{ client }, { eventstoreUrl: nodes.eventstoreUrl }]) {
        const pipelined = mongo.db(testDatabaseName('projector_pipelined'));
        await rebuildProjections({ ...source, db: pipelined, batchSize: 16 });
        expect(await dump(pipelined)).toEqual(live);
      }

      // Caches far smaller than the read models: evicted documents are read back (by id while the
      // evicted ids fit, every miss once they do not), and the result is the same.
      for (const evictedIds of [1000, 3]) {
        const small = mongo.db(testDatabaseName(`projector_small_cache_${evictedIds}`));
        await rebuildProjections({ client, db: small, batchSize: 16, cache: { documents: 2, evictedIds } });
        expect(await dump(small)).toEqual(live);
      }

      // The projector resumes after the swap.
      const more = workload({ sessions: 1, eventsPerSession: 10, seed: 8 });
      for (const append of more) last = (await eventStore.append(append.stream, append.events, 'no_stream')).position;
      await expect(projector.waitFor(last, 30_000)).resolves.toBe(true);
      expect(await db.collection(SESSIONS_COLLECTION).countDocuments()).toBe(6);
    } finally {
      await projector.stop();
    }
  });
});
