import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { EventStore } from '@app/eventstore';
import { startEmbeddedEventStore, type EmbeddedEventStore } from '@app/embedded-eventstore';
import { startEmbeddedMongo, type EmbeddedMongo } from '@app/embedded-mongo';
import { SESSIONS_COLLECTION, rebuildProjections, startProjector, workload } from '@app/read-models';
import { dumpReadModels, seed, sleep } from './read-model-test-support';

jest.setTimeout(5 * 60_000);

describe('projector recovery and rebuild under load', () => {
  let es: EmbeddedEventStore;
  let mongoNode: EmbeddedMongo;
  let client: EventStoreDBClient;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-mongo-'));

  beforeAll(async () => {
    es = await startEmbeddedEventStore({ port: 0 });
    mongoNode = await startEmbeddedMongo({ port: 0, dataDir });
    client = EventStoreDBClient.connectionString(es.connectionString);
  });
  afterAll(async () => {
    await client?.dispose();
    await mongoNode?.stop();
    await es?.stop();
  });

  it('recovers after the MongoDB node restarts mid-run, then rebuilds and swaps while queries run', async () => {
    const store = new EventStore(client);
    const mongo = new MongoClient(mongoNode.uri, { serverSelectionTimeoutMS: 2000 });
    const db = mongo.db('recovery');
    const projector = await startProjector({ client, db, backoff: { initialMs: 50, maxMs: 500 } });
    let querying = false;
    let queries: Promise<void> = Promise.resolve();
    try {
      let head = await seed(store, workload({ sessions: 10, eventsPerSession: 100, seed: 11 }));
      // MongoDB goes away while events keep arriving, and comes back on the same port.
      const port = mongoNode.port;
      await mongoNode.stop();
      head = await seed(store, workload({ sessions: 10, eventsPerSession: 100, seed: 12 }));
      // Stay down until the projector has actually failed a write and backed off: otherwise a quick
      // restart can land inside the driver's server-selection wait and nothing is exercised.
      for (let waited = 0; projector.status().retries === 0 && waited < 60_000; waited += 50) await sleep(50);
      mongoNode = await startEmbeddedMongo({ port, dataDir });
      await expect(projector.waitFor(head, 120_000)).resolves.toBe(true);
      expect(projector.status().retries).toBeGreaterThan(0);

      const reference = mongo.db('recovery_ref');
      await rebuildProjections({ client, db: reference });
      expect(await dumpReadModels(db)).toEqual(await dumpReadModels(reference));

      // Rebuild the live read models while commands and queries run: queries never fail or go backwards.
      querying = true;
      const counts: number[] = [];
      queries = (async () => {
        while (querying) {
          counts.push(await db.collection(SESSIONS_COLLECTION).countDocuments());
          await sleep(5);
        }
      })();
      const writes = seed(store, workload({ sessions: 5, eventsPerSession: 40, seed: 13 }), 2);
      await rebuildProjections({ client, db, pauseTimeoutMs: 30_000 });
      head = (await Promise.all([writes]))[0];
      await expect(projector.waitFor(head, 60_000)).resolves.toBe(true);
      querying = false;
      await queries;
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.every((c, i) => i === 0 || c >= counts[i - 1])).toBe(true);
      expect(await db.collection(SESSIONS_COLLECTION).countDocuments()).toBe(25);

      // The same from a reader thread (a connection string, as `npm run projections:rebuild` runs
      // it; the events appended after the thread has read to its end are read with a client of this
      // thread before the swap, the rest by the projector after it).
      const more = seed(store, workload({ sessions: 5, eventsPerSession: 40, seed: 14 }), 2);
      await rebuildProjections({ eventstoreUrl: es.connectionString, db, pauseTimeoutMs: 30_000 });
      head = await more;
      await expect(projector.waitFor(head, 60_000)).resolves.toBe(true);
      expect(await db.collection(SESSIONS_COLLECTION).countDocuments()).toBe(30);
      await rebuildProjections({ client, db: reference });
      expect(await dumpReadModels(db)).toEqual(await dumpReadModels(reference));
    } finally {
      // Stop the query loop before closing its client, whatever failed above.
      querying = false;
      await queries.catch(() => undefined);
      await projector.stop();
      await mongo.close();
    }
  });
});
