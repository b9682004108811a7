import { EventStoreDBClient } from '@eventstore/db-client';
import { CatchUpSubscription, EventStore, type StoredEvent } from '@app/eventstore';
import { OPINION_STREAM_PREFIX, SESSION_STREAM_PREFIX } from '@app/opinions';
import type { Db } from 'mongodb';
import { CheckpointsStore } from '../checkpoints/checkpoints.store';
import type { CheckpointDocument } from '../checkpoints/checkpoint.document';
import type { Projection } from '../projection';
import { ALL_PROJECTIONS } from '../registry';
import { DocumentCache, applyEvents, ensureIndexes } from './apply-events';
import { batches } from './batches';
import { PROJECTOR_LEASE_COLLECTION, PROJECTOR_LEASE_ID } from './projector-lease';

export const PROJECTED_STREAM_PREFIXES = [OPINION_STREAM_PREFIX, SESSION_STREAM_PREFIX];

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ProjectorOptions {
  /** Either the gateway or a raw client. */
  eventStore?: EventStore;
  client?: EventStoreDBClient;
  db: Db;
  projections?: readonly Projection[];
  /** Largest batch written at once while catching up. */
  maxBatch?: number;
  /** How long a batch waits for more events after its first one (the added latency when live). */
  batchWindowMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  logger?: ProjectorLogger;
  /** Called after every written batch (tests, benchmarks, metrics). */
  onBatch?: (info: { size: number; position: bigint; durationMs: number }) => void;
}

export interface ProjectionStatus {
  name: string;
  position: bigint | undefined;
  paused: boolean;
}

export interface ProjectorStatus {
  running: boolean;
  caughtUp: boolean;
  lagSeconds: number;
  retries: number;
  projections: ProjectionStatus[];
  eventsApplied: number;
}

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const REBUILD_CHECK_MS = 250;
const LEASE_MS = 1000;
/** Documents kept per read model: live commands touch recent opinions, so a small cache keeps RSS flat as the store grows. */
const LIVE_CACHE = 5000;

/**
 * Keeps the read models in MongoDB up to date from a catch-up subscription to `$all`:
 * one batch at a time, documents first, checkpoints after. Errors from either store are retried
 * with backoff from the checkpoints, so restarts of EventStoreDB, MongoDB or the projector itself
 * only delay the read models.
 */
export class Projector {
  private readonly client: EventStoreDBClient;
  private readonly projections: readonly Projection[];
  private readonly checkpoints: CheckpointsStore;
  private readonly positions = new Map<string, bigint | undefined>();
  private readonly paused = new Set<string>();
  private readonly caches = new Map<string, DocumentCache>();
  private readonly waiters = new Set<{ position: bigint; resolve: (ok: boolean) => void }>();
  private subscription?: CatchUpSubscription;
  private stopped = false;
  private restartRequested = false;
  private loop?: Promise<void>;
  private lastRebuildCheck = 0;
  private leaseTimer?: NodeJS.Timeout;
  private retries = 0;
  /** Serialises batch writes with the idle rebuild check, so a pause is acknowledged only between writes. */
  private exclusive: Promise<unknown> = Promise.resolve();
  private applied = 0;
  private readonly logger: ProjectorLogger;

  constructor(private readonly options: ProjectorOptions) {
    const client = options.client ?? options.eventStore?.client;
    if (!client) throw new Error('startProjector needs an EventStoreDB client or EventStore');
    this.client = client;
    this.projections = options.projections ?? ALL_PROJECTIONS;
    this.checkpoints = new CheckpointsStore(options.db);
    this.logger = options.logger ?? silent;
  }

  /** Creates indexes, then runs in the background until `stop()`. */
  async start(): Promise<void> {
    await this.retry('create indexes', () =>
      Promise.all(this.projections.map((p) => ensureIndexes(this.options.db.collection(p.collection), p))),
    );
    this.leaseTimer = setInterval(() => void this.renewLease(), LEASE_MS);
    this.leaseTimer.unref();
    void this.renewLease();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.leaseTimer);
    await this.subscription?.stop();
    await this.loop;
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  /** The lowest checkpoint over the projections (what every read model has reached). */
  get position(): bigint | undefined {
    let lowest: bigint | undefined;
    for (const p of this.projections) {
      const at = this.positions.get(p.name);
      if (at === undefined) return undefined;
      if (lowest === undefined || at < lowest) lowest = at;
    }
    return lowest;
  }

  status(): ProjectorStatus {
    return {
      running: !this.stopped,
      caughtUp: this.subscription?.caughtUp ?? false,
      lagSeconds: this.subscription?.lagSeconds ?? 0,
      retries: this.retries + (this.subscription?.retryCount ?? 0),
      eventsApplied: this.applied,
      projections: this.projections.map((p) => ({ name: p.name, position: this.positions.get(p.name), paused: this.paused.has(p.name) })),
    };
  }

  /** Resolves true once every read model has applied `position`, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const reached = this.position;
    if (reached !== undefined && reached >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (ok: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async run(): Promise<void> {
    let delay = this.options.backoff?.initialMs ?? 100;
    const maxDelay = this.options.backoff?.maxMs ?? 5000;
    while (!this.stopped) {
      try {
        const stored = await this.checkpoints.positions(this.projections.map((p) => p.name));
        for (const [name, position] of stored) this.positions.set(name, position);
        // A rebuild may have swapped in read models that are already past what callers wait for.
        this.resolveWaiters();
        this.restartRequested = false;
        // Whatever was cached may predate a rebuild swap or a failed write: start clean.
        for (const cache of this.caches.values()) cache.clear();
        const from = this.position;
        const subscription = new CatchUpSubscription(this.client, {
          after: from,
          streamPrefixes: PROJECTED_STREAM_PREFIXES,
          backoff: this.options.backoff,
          failOnPermanentErrors: false,
          onRetry: (error, attempt) => this.logger.warn(`subscription dropped (attempt ${attempt}): ${String(error)}`),
        });
        this.subscription = subscription;
        this.logger.log(`projecting from ${from === undefined ? 'the start' : `position ${from}`}`);
        for await (const batch of batches(subscription, this.options.maxBatch ?? 1000, this.options.batchWindowMs ?? 3)) {
          await this.retry('write batch', () => this.locked(() => this.write(batch)));
          delay = this.options.backoff?.initialMs ?? 100;
          if (this.stopped || this.restartRequested) break;
        }
        await subscription.stop();
      } catch (error) {
        if (this.stopped) return;
        this.retries++;
        this.logger.error(`projector loop failed, restarting from the checkpoints in ${delay} ms`, error);
        await sleep(delay);
        delay = Math.min(maxDelay, delay * 2);
      }
    }
  }

  private async write(batch: StoredEvent[]): Promise<void> {
    const started = performance.now();
    await this.checkRebuilds();
    const last = batch[batch.length - 1];
    const advanced: string[] = [];
    await Promise.all(
      this.projections.map(async (projection) => {
        if (this.paused.has(projection.name)) return;
        const from = this.positions.get(projection.name);
        const events = from === undefined ? batch : batch.filter((e) => e.position > from);
        if (events.length === 0) return;
        let cache = this.caches.get(projection.name);
        if (!cache) this.caches.set(projection.name, (cache = new DocumentCache(LIVE_CACHE, { entryCapacity: 4 * LIVE_CACHE })));
        await applyEvents(this.options.db.collection(projection.collection), projection, events, cache);
        advanced.push(projection.name);
      }),
    );
    await this.checkpoints.advance(advanced, last.position, last.created);
    for (const name of advanced) this.positions.set(name, last.position);
    this.applied += batch.length;
    this.options.onBatch?.({ size: batch.length, position: last.position, durationMs: performance.now() - started });
    this.resolveWaiters();
  }

  private resolveWaiters(): void {
    const reached = this.position;
    if (reached !== undefined) for (const waiter of [...this.waiters]) if (reached >= waiter.position) waiter.resolve(true);
  }

  /** Honours the pause handshake of `projections:rebuild` (see rebuild.ts). */
  private async checkRebuilds(): Promise<void> {
    const now = Date.now();
    if (now - this.lastRebuildCheck < REBUILD_CHECK_MS) return;
    this.lastRebuildCheck = now;
    const docs: Map<string, CheckpointDocument> = await this.checkpoints.all(this.projections.map((p) => p.name));
    for (const projection of this.projections) {
      const rebuild = docs.get(projection.name)?.rebuild;
      const active = rebuild !== undefined && rebuild.expiresAt.getTime() > now;
      // A new request while still paused for the previous rebuild (its swap not noticed yet: two
      // rebuilds back to back) is acknowledged too, or that rebuild would wait for a pause in vain.
      if (active && (!this.paused.has(projection.name) || rebuild.state === 'requested')) {
        this.paused.add(projection.name);
        await this.checkpoints.collection.updateOne({ _id: projection.name, 'rebuild.state': 'requested' }, { $set: { 'rebuild.state': 'paused' } });
        this.logger.log(`paused ${projection.name} for a rebuild`);
      } else if (!active && this.paused.has(projection.name)) {
        // The rebuild swapped in a new collection and checkpoint (or gave up): continue from the stored checkpoint.
        this.paused.delete(projection.name);
        this.restartRequested = true;
        // Events that arrived during the pause were consumed without being applied; if no new
        // event comes to end the current batch, only ending the subscription gets the loop to
        // restart from the checkpoints and apply them.
        void this.subscription?.stop();
        this.logger.log(`resumed ${projection.name} after a rebuild`);
      }
    }
  }

  private async renewLease(): Promise<void> {
    await this.options.db
      .collection<{ _id: string; heartbeatAt: Date }>(PROJECTOR_LEASE_COLLECTION)
      .updateOne({ _id: PROJECTOR_LEASE_ID }, { $set: { heartbeatAt: new Date() } }, { upsert: true })
      .catch(() => undefined);
    // An idle projector still answers a rebuild's pause request.
    await this.locked(() => this.checkRebuilds()).catch(() => undefined);
  }

  private locked<T>(action: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(action);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  private async retry<T>(what: string, action: () => Promise<T>): Promise<T> {
    let delay = this.options.backoff?.initialMs ?? 100;
    const maxDelay = this.options.backoff?.maxMs ?? 5000;
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (this.stopped) throw error;
        this.retries++;
        this.logger.warn(`${what} failed, retrying in ${delay} ms: ${String((error as Error)?.message ?? error)}`);
        await sleep(delay);
        delay = Math.min(maxDelay, delay * 2);
      }
    }
  }
}

/** Starts a projector (in-process in embedded mode, its own process in production). */
export async function startProjector(options: ProjectorOptions): Promise<Projector> {
  const projector = new Projector(options);
  await projector.start();
  return projector;
}
