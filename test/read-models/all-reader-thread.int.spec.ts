import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { EventStore, type StoredEvent } from '@app/eventstore';
import { startEmbeddedEventStore, type EmbeddedEventStore } from '@app/embedded-eventstore';
import { startTestEventStore, startTestNodes, testDatabaseName } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { ALL_PROJECTIONS, AllReaderThread, CheckpointsStore, PROJECTED_STREAM_PREFIXES, projectedBatches, rebuildProjections, workload } from '@app/read-models';
import { seed } from './read-model-test-support';

jest.setTimeout(120_000);

const prefixes = PROJECTED_STREAM_PREFIXES;
const pageSize = 4096;

async function collect(batches: AsyncIterable<StoredEvent[]>): Promise<StoredEvent[][]> {
  const out: StoredEvent[][] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('AllReaderThread: $all read in a worker thread for a rebuild', () => {
  let test: Awaited<ReturnType<typeof startTestEventStore>>;
  let nodes: Infrastructure;
  let store: EventStore;

  beforeAll(async () => {
    test = await startTestEventStore();
    ({ nodes, store } = test);
    await seed(store, workload({ sessions: 4, eventsPerSession: 60, seed: 3 }));
    // Not projected: must not reach the batches.
    await store.append('other-1', [{ event: { type: 'Other', data: {} } as never, metadata: { correlationId: 'c', causationId: 'c' } as never }], 'no_stream');
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('yields the batches a read on this thread yields, bigints and dates included, also from a position', async () => {
    const onThisThread = await collect(projectedBatches(store.readAllChunks({ pageSize }), { after: undefined, prefixes, batchSize: 16 }));
    const threaded = await collect(new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 16, pageSize }));
    expect(onThisThread.length).toBeGreaterThan(2);
    expect(threaded).toEqual(onThisThread);
    expect(typeof threaded[0][0].position).toBe('bigint');
    // (A Date of this process's realm: jest's sandbox has its own Date.)
    expect(Object.prototype.toString.call(threaded[0][0].created)).toBe('[object Date]');

    const after = onThisThread[1][5].position;
    const rest = await collect(new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after, prefixes, batchSize: 16, pageSize }));
    expect(rest.flat()).toEqual(onThisThread.flat().filter((e) => e.position > after));
  });

  it('reads no more than its in-flight batches ahead of what was taken', async () => {
    const thread = new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 4, pageSize, inFlight: 2 });
    const iterator = thread[Symbol.asyncIterator]();
    await iterator.next();
    // The thread has posted its credits' worth and waits for more: one taken, at most two more sent.
    await thread.idle();
    expect(thread.buffered).toBeLessThanOrEqual(2);
    await iterator.return(undefined);
  });

  it('joins smaller messages from the thread into the same batches, reading ahead no more than one batch', async () => {
    const onThisThread = await collect(projectedBatches(store.readAllChunks({ pageSize }), { after: undefined, prefixes, batchSize: 16 }));
    expect(await collect(new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 16, postSize: 4, pageSize }))).toEqual(onThisThread);

    const thread = new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 16, postSize: 4, pageSize });
    const iterator = thread[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(16);
    await thread.idle();
    // At most four messages of four in flight (had the thread posted whole batches: seven of sixteen left).
    expect(thread.buffered).toBeLessThanOrEqual(4);
    expect(thread.bufferedEvents).toBeLessThanOrEqual(16);
    expect(thread.bufferedEvents).toBeLessThanOrEqual(4 * thread.buffered);
    await iterator.return(undefined);
  });

  it('starts with a small first batch and doubles it up to the batch size, losing and repeating nothing', async () => {
    const all = (await collect(projectedBatches(store.readAllChunks({ pageSize }), { after: undefined, prefixes, batchSize: 16 }))).flat();
    const ramped = await collect(new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 16, firstBatchSize: 2, postSize: 2, pageSize }));
    expect(ramped.slice(0, 5).map((batch) => batch.length)).toEqual([2, 4, 8, 16, 16]);
    expect(ramped.flat()).toEqual(all);
  });

  it('stops the thread when the iteration ends early', async () => {
    const thread = new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 4, pageSize });
    for await (const batch of thread) {
      expect(batch).toHaveLength(4);
      break;
    }
    await expect(thread.exited).resolves.toEqual(expect.any(Number));
  });

  it('fails the iteration when the thread is terminated before the end of $all', async () => {
    const thread = new AllReaderThread({ eventstoreUrl: nodes.eventstoreUrl, after: undefined, prefixes, batchSize: 4, pageSize });
    const batches = thread[Symbol.asyncIterator]();
    await batches.next();
    await thread.terminate();
    await expect(collect({ [Symbol.asyncIterator]: () => batches })).rejects.toThrow(/reader thread exited \(code \d+\) before the end of \$all/);
  });
});

describe('rebuild from a reader thread when EventStoreDB goes away mid-read', () => {
  let es: EmbeddedEventStore;
  let esStopped = false;
  let nodes: Infrastructure;
  let mongo: MongoClient;

  beforeAll(async () => {
    es = await startEmbeddedEventStore({ port: 0 });
    nodes = await startTestNodes();
    mongo = await MongoClient.connect(nodes.mongoUrl);
  });
  afterAll(async () => {
    await mongo?.close();
    await nodes?.stop();
    if (!esStopped) await es?.stop();
  });

  it('fails with a clear error and leaves the live read models and checkpoints untouched', async () => {
    const client = EventStoreDBClient.connectionString(es.connectionString);
    // More than two pages of `$all`: the reader must ask for more after the node has gone.
    await seed(new EventStore(client), workload({ sessions: 30, eventsPerSession: 300, seed: 5 }));
    const db = mongo.db(testDatabaseName('reader_thread_es_down'));
    await rebuildProjections({ client, db });
    await client.dispose();
    // A swap of the partial rebuild would show as fewer documents.
    const counts = async () => Promise.all(ALL_PROJECTIONS.map((p) => db.collection(p.collection).countDocuments()));
    const live = await counts();
    const checkpoints = await new CheckpointsStore(db).positions(ALL_PROJECTIONS.map((p) => p.name));

    const rebuilding = rebuildProjections({ eventstoreUrl: es.connectionString, db, batchSize: 16 });
    // Once the first batch is written, the node stops.
    const audit = db.collection(`${ALL_PROJECTIONS.find((p) => p.name === 'audit')!.collection}__rebuild`);
    let done = false;
    void rebuilding.catch(() => undefined).finally(() => (done = true));
    while (!done && (await audit.estimatedDocumentCount()) === 0) await new Promise((resolve) => setImmediate(resolve));
    await es.stop();
    esStopped = true;

    await expect(rebuilding).rejects.toThrow(/the rebuild's reader thread failed reading \$all: EventStoreUnavailableError/);
    expect(await counts()).toEqual(live);
    expect(await new CheckpointsStore(db).positions(ALL_PROJECTIONS.map((p) => p.name))).toEqual(checkpoints);
  });
});
