import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStore, type StoredEvent } from '@app/eventstore';
import type { Db } from 'mongodb';
import { CheckpointsStore } from '../checkpoints/checkpoints.store';
import type { Projection } from '../projection';
import { ALL_PROJECTIONS } from '../registry';
import { DocumentCache, ensureIndexes, foldEvents, type FoldedBatch } from '../projector/apply-events';
import { LEASE_STALE_MS, PROJECTOR_LEASE_COLLECTION, PROJECTOR_LEASE_ID } from '../projector/projector-lease';
import { PROJECTED_STREAM_PREFIXES, type ProjectorLogger } from '../projector/projector';
import { AllReaderThread } from './all-reader-thread';
import { projectedBatches } from './projected-batches';

export interface RebuildOptions {
  eventStore?: EventStore;
  client?: EventStoreDBClient;
  /**
   * Connection string of EventStoreDB: `$all` is then read in a worker thread with its own client
   * (a client cannot cross threads), so decoding the events overlaps folding and writing them here;
   * the events appended meanwhile are read on this thread (with `eventStore` or `client` when
   * given, else a client of its own). Without it, `eventStore` or `client` reads `$all` here.
   */
  eventstoreUrl?: string;
  db: Db;
  projections?: readonly Projection[];
  batchSize?: number;
  /** Documents cached per read model (entries: five times as many) and how many evicted ids are remembered (tests). */
  cache?: { documents: number; evictedIds: number };
  /** How long to wait for a running projector to pause the projections before giving up. */
  pauseTimeoutMs?: number;
  logger?: ProjectorLogger;
}

export interface RebuildResult {
  projections: string[];
  events: number;
  position: bigint | undefined;
  durationMs: number;
}

export const temporaryCollection = (projection: Projection): string => `${projection.collection}__rebuild`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const PAUSE_LEASE_MS = 5 * 60_000;
/**
 * Documents (and entries) kept per read model: opinions' events sit close together in \`$all\`, so a
 * small window serves nearly every event; what falls out is remembered by id (up to
 * REBUILD_EVICTED ids), so only those are read back and any other miss is known absent.
 */
const REBUILD_CACHE = 5000;
const REBUILD_EVICTED = 500_000;
/**
 * Events per write. What a batch holds (its events, the documents folded from them, the writes in
 * flight) lives until its write is answered, so a batch outliving scavenges is copied and promoted:
 * with 1024 and the 64 MB young generation `npm run projections:rebuild` sets, ~40% less survived
 * the scavenges than with 8192 (main-thread GC 1.2 s instead of 2.0 s per 200k events).
 */
const REBUILD_BATCH = 1024;
/**
 * Events per message from the reader thread (see AllReaderThread). The batch in the making lives
 * in the thread until it is posted, and what outlives a scavenge there is copied and promoted: the
 * thread's GC took ~9 us per event with messages of 1024 (~10 with whole batches), ~3 with 256.
 */
const REBUILD_POST = 256;
/** Events per `$all` read page. */
const PAGE_SIZE = 4096;

/**
 * Rebuilds read models from the start of `$all` into temporary collections while queries keep
 * reading the live ones, then swaps them in with `renameCollection` (dropTarget).
 *
 * A running projector (its lease is fresh) is asked to pause these projections first, so nothing
 * writes the live collections between the final catch-up and the swap; setting the new checkpoint
 * clears the pause and the projector continues from it. A pause that outlives its lease (a crashed
 * rebuild) lapses on its own.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const url = options.eventstoreUrl;
  // With a connection string, `$all` up to now is read in a reader thread, and the events that
  // arrive meanwhile (a short read: no thread to start) by a client of this thread.
  const ownClient = url && !options.eventStore && !options.client ? EventStoreDBClient.connectionString(url) : undefined;
  const client = options.client ?? ownClient;
  const store = options.eventStore ?? (client && new EventStore(client));
  if (!store) throw new Error('rebuildProjections needs an EventStoreDB connection string, client or EventStore');
  const batchSize = options.batchSize ?? REBUILD_BATCH;
  // Started first, so the thread loads the client and connects while the collections are prepared.
  const thread = url
    ? new AllReaderThread({ eventstoreUrl: url, after: undefined, prefixes: PROJECTED_STREAM_PREFIXES, batchSize, firstBatchSize: REBUILD_POST, postSize: REBUILD_POST, pageSize: PAGE_SIZE })
    : undefined;
  try {
    return await rebuild(options, store, thread, batchSize, started);
  } finally {
    await thread?.terminate();
    await ownClient?.dispose();
  }
}

async function rebuild(options: RebuildOptions, store: EventStore, thread: AllReaderThread | undefined, batchSize: number, started: number): Promise<RebuildResult> {
  const { db } = options;
  const projections = options.projections ?? ALL_PROJECTIONS;
  const names = projections.map((p) => p.name);
  const checkpoints = new CheckpointsStore(db);
  const log = options.logger?.log.bind(options.logger) ?? (() => undefined);

  for (const projection of projections) {
    await db.collection(temporaryCollection(projection)).drop().catch(() => undefined);
    await db.createCollection(temporaryCollection(projection));
    await ensureIndexes(db.collection(temporaryCollection(projection)), projection);
  }

  let events = 0;
  let last: StoredEvent | undefined;
  // The temporary collections start empty and only this rebuild writes them: only what a cache evicted is read back.
  const cache = options.cache ?? { documents: REBUILD_CACHE, evictedIds: REBUILD_EVICTED };
  const caches = new Map(projections.map((p) => [p.name, new DocumentCache(cache.documents, { startsEmpty: true, entryCapacity: 5 * cache.documents, evictedCapacity: cache.evictedIds })]));
  const readHere = (after: bigint | undefined): AsyncIterable<StoredEvent[]> =>
    projectedBatches(store.readAllChunks({ fromPosition: after, pageSize: PAGE_SIZE }), { after, prefixes: PROJECTED_STREAM_PREFIXES, batchSize });
  const replay = async (batches: AsyncIterable<StoredEvent[]>) => {
    // Per read model, batches are folded and written in order, each write after the previous one
    // (a later batch may update what an earlier one inserts). Folding the next batch does not wait
    // for the last write, so the Mongo node applies one batch while this process reads and folds
    // the next; at most two batches are in flight.
    const folding = new Map<string, Promise<FoldedBatch>>();
    const written = new Map<string, Promise<unknown>>();
    let writing: Promise<unknown> = Promise.resolve();
    let previous: Promise<unknown> = Promise.resolve();
    const flush = async (full: StoredEvent[]) => {
      await previous;
      // No position guard: only this rebuild writes the temporary collections (they are dropped and
      // created above and renamed away at the end), one batch after the other and each projection
      // from its own cache, so a document is always at the position its cache folded from. A
      // document that is missing still fails the batch (matchedCount).
      const writes = projections.map((p) => {
        const collection = db.collection(temporaryCollection(p));
        const before = written.get(p.name) ?? Promise.resolve();
        const folded = (folding.get(p.name) ?? Promise.resolve()).then(() =>
          foldEvents(collection, p, full, caches.get(p.name)!, { guarded: false, readsAfter: before }),
        );
        const write = Promise.all([folded, before]).then(([f]) => f.write());
        folding.set(p.name, folded);
        written.set(p.name, write);
        return write;
      });
      previous = writing;
      writing = Promise.all(writes);
      // A failure surfaces at the next flush or the end; until then nothing waits on it.
      writing.catch(() => undefined);
      events += full.length;
      last = full[full.length - 1] ?? last;
    };
    for await (const batch of batches) await flush(batch);
    await previous;
    await writing;
  };

  await replay(thread ?? readHere(undefined));
  log(`rebuilt ${names.join(', ')} from ${events} events into temporary collections`);

  const pausedByUs = await pauseLiveProjector(db, checkpoints, names, options.pauseTimeoutMs ?? 30_000);
  try {
    // Nothing writes these read models now: take the events that arrived meanwhile, then swap.
    await replay(readHere(last?.position));
    for (const projection of projections) {
      await db.collection(temporaryCollection(projection)).rename(projection.collection, { dropTarget: true });
    }
    for (const name of names) await checkpoints.reset(name, last?.position, last?.created ?? null);
  } catch (error) {
    if (pausedByUs) await checkpoints.collection.updateMany({ _id: { $in: names } }, { $unset: { rebuild: '' } });
    throw error;
  }
  log(`swapped in ${names.join(', ')} at position ${last?.position ?? 'start'}`);
  return { projections: names, events, position: last?.position, durationMs: performance.now() - started };
}

/** Asks a live projector (if any) to pause these projections and waits until it has. */
async function pauseLiveProjector(db: Db, checkpoints: CheckpointsStore, names: string[], timeoutMs: number): Promise<boolean> {
  const lease = await db.collection<{ _id: string; heartbeatAt: Date }>(PROJECTOR_LEASE_COLLECTION).findOne({ _id: PROJECTOR_LEASE_ID });
  if (!lease || Date.now() - lease.heartbeatAt.getTime() > LEASE_STALE_MS) return false;
  const now = new Date();
  const rebuild = { state: 'requested' as const, requestedAt: now, expiresAt: new Date(now.getTime() + PAUSE_LEASE_MS) };
  for (const name of names) await checkpoints.collection.updateOne({ _id: name }, { $set: { rebuild } }, { upsert: true });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const paused = await checkpoints.collection.countDocuments({ _id: { $in: names }, 'rebuild.state': 'paused' });
    if (paused === names.length) return true;
    await sleep(50);
  }
  await checkpoints.collection.updateMany({ _id: { $in: names } }, { $unset: { rebuild: '' } });
  throw new Error(`the running projector did not pause ${names.join(', ')} within ${timeoutMs} ms`);
}
