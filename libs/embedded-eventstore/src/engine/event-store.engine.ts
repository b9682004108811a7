import { encodeRecord, type NewRecord, type RecordFields, type StoredEvent } from '../storage/event-record.codec';
import { EventLog } from '../storage/event-log.storage';
import {
  NodeUnavailableError,
  validateAppend,
  type ExpectedRevision,
  type ProposedEvent,
  type WriteResult,
} from './append.types';
import { decideWrite, type WritePlan } from './expected-revision.decide';
import { isSoftDeleted, SOFT_DELETED_TB, StreamIndex, type StreamState } from './stream-index';

type Job = {
  stream: string;
  expected: ExpectedRevision;
  op: 'append' | 'delete' | 'tombstone';
  events: ProposedEvent[];
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
};

/** How a mapped read turns events into its results: decoded (tail) events, or records read from the file. */
export interface ReadMapping<T> {
  fromEvent(e: StoredEvent): T;
  fromRecord(buf: Buffer, f: RecordFields, position: number): T;
}

/** Largest byte span read from the log at once, so one page never needs an unbounded buffer. */
const MAX_READ_BYTES = 4 * 1024 * 1024;
/** Records of one stream at most this far apart are read together, skipping the ones between. */
const COALESCE_GAP = 64 * 1024;
/** Group fsyncs allowed in flight at once; overlapping them lets the disk absorb more commits per second. */
const MAX_SYNCS_IN_FLIGHT = 4;

/**
 * The node's storage engine: a single writer that group-commits queued writes (one fsync per
 * group), an in-memory index, and reads that only ever see durable events.
 */
export class EventStoreEngine {
  readonly index = new StreamIndex();
  private queue: Job[] = [];
  private writing = false;
  private failure: Error | undefined;
  private stopping = false;
  private visible = 0;
  private waiters: Array<() => void> = [];
  /** Events of groups written but not yet acknowledged, by global sequence (for idempotency checks). */
  private pending = new Map<number, StoredEvent>();
  /** Wakes the writer loop when work arrives while syncs are in flight. */
  private kick: (() => void) | undefined;

  private constructor(private log: EventLog) {}

  /** Opens the log in `dataDir` (or memory) and rebuilds the index from it. */
  static async open(dataDir: string | undefined): Promise<{ engine: EventStoreEngine; truncatedBytes: number }> {
    const index = new StreamIndex();
    // Hashing a million ids into the cache is a tenth of start-up; only the newest ones are kept,
    // so replay remembers them in a ring and caches them once at the end.
    const limit = StreamIndex.idCacheLimit;
    const ring: Array<{ id: string; stream: string; revision: number }> = [];
    let next = 0;
    const { log, truncatedBytes } = await EventLog.open(dataDir, (event) => {
      index.add(event, false);
      if (event.revision < 0) return;
      const r = { id: event.id, stream: event.stream, revision: event.revision };
      if (ring.length < limit) ring.push(r);
      else ring[next] = r;
      next = (next + 1) % limit;
    });
    index.rememberRecent(ring.length < limit ? ring : [...ring.slice(next), ...ring.slice(0, next)]);
    const engine = new EventStoreEngine(log);
    (engine as { index: StreamIndex }).index = index;
    engine.visible = index.positions.length;
    return { engine, truncatedBytes };
  }

  /** Number of durable events; global sequence numbers below it are readable. */
  get visibleCount(): number {
    return this.visible;
  }

  /** Queues a write; resolves once it is durable (or decided without writing). */
  write(op: Job['op'], stream: string, expected: ExpectedRevision, events: ProposedEvent[] = []): Promise<WriteResult> {
    try {
      validateAppend(stream, op === 'append' ? events : []);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.stopping || this.failure) return Promise.reject(new NodeUnavailableError('Server is not available'));
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, expected, op, events, resolve, reject });
      if (!this.writing) void this.drain();
      else this.kick?.();
    });
  }

  /** Resolves when more than `seenCount` events are durable, or the node stops. */
  waitForEvents(seenCount: number): Promise<void> {
    if (this.visible > seenCount || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Reads the events with global sequence in `[from, to)`, capped to a bounded byte span (at least one). */
  async readSeq(from: number, to: number): Promise<StoredEvent[]> {
    const span = this.forwardSpan(from, to);
    return span ? this.log.readRange(span[0], span[1]) : [];
  }

  /** {@link readSeq}, each event mapped as it is found (see EventLog.readRangeMapped). */
  async readSeqMapped<T>(from: number, to: number, mapping: ReadMapping<T>): Promise<T[]> {
    const span = this.forwardSpan(from, to);
    return span ? this.log.readRangeMapped(span[0], span[1], mapping.fromEvent, mapping.fromRecord) : [];
  }

  /** {@link readSeqBackward}, each event mapped as it is found (see EventLog.readRangeMapped). */
  async readSeqBackwardMapped<T>(lowest: number, to: number, mapping: ReadMapping<T>): Promise<T[]> {
    const span = this.backwardSpan(lowest, to);
    return span ? this.log.readRangeMapped(span[0], span[1], mapping.fromEvent, mapping.fromRecord) : [];
  }

  private forwardSpan(from: number, to: number): [number, number] | undefined {
    to = Math.min(to, this.visible);
    if (from >= to) return undefined;
    const p = this.index.positions;
    const start = p[from];
    let lo = from + 1;
    let hi = to;
    // Largest `to` whose span stays under MAX_READ_BYTES.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (p[mid] - start <= MAX_READ_BYTES) lo = mid;
      else hi = mid - 1;
    }
    const end = lo < this.visible ? p[lo] : this.log.end;
    return [start, end];
  }

  /** Reads events with global sequence in `[lowest, to)` ending at `to`, in log order, capped like {@link readSeq}. */
  async readSeqBackward(lowest: number, to: number): Promise<StoredEvent[]> {
    const span = this.backwardSpan(lowest, to);
    return span ? this.log.readRange(span[0], span[1]) : [];
  }

  private backwardSpan(lowest: number, to: number): [number, number] | undefined {
    to = Math.min(to, this.visible);
    if (lowest >= to) return undefined;
    const p = this.index.positions;
    const end = to < this.visible ? p[to] : this.log.end;
    let lo = lowest;
    let hi = to - 1;
    // Smallest start whose span stays under MAX_READ_BYTES.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (end - p[mid] <= MAX_READ_BYTES) hi = mid;
      else lo = mid + 1;
    }
    return [p[lo], end];
  }

  /**
   * Reads durable events by strictly ascending global sequence numbers (e.g. one page of a
   * stream). Events whose records lie close together are fetched with one log read (and the
   * records between them skipped), so a page costs a few reads rather than one per event.
   */
  async readSeqs(seqs: number[]): Promise<StoredEvent[]> {
    const p = this.index.positions;
    const out: StoredEvent[] = [];
    let i = 0;
    while (i < seqs.length) {
      let j = i + 1;
      while (j < seqs.length && p[seqs[j]] - p[seqs[j - 1]] <= COALESCE_GAP) j++;
      const to = seqs[j - 1] + 1;
      let k = i;
      for (let from = seqs[i]; from < to; ) {
        const page = await this.readSeq(from, to);
        if (page.length === 0) return out;
        for (let n = 0; n < page.length; n++) {
          if (from + n === seqs[k]) {
            out.push(page[n]);
            k++;
          }
        }
        from += page.length;
      }
      i = j;
    }
    return out;
  }

  /** Revisions of `s` that are durable: the last one, or -1. */
  lastVisibleRevision(s: StreamState): number {
    let last = s.events.length - 1;
    while (last >= 0 && s.events[last] >= this.visible) last--;
    return last;
  }

  /** Reads the event at one global sequence number, including ones queued in the current group. */
  async readOne(seq: number): Promise<StoredEvent> {
    const queued = this.pending.get(seq);
    if (queued) return queued;
    const [event] = await this.readSeq(seq, seq + 1);
    return event;
  }

  /** Stops accepting writes, waits for queued ones, wakes subscribers, closes the log. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    await this.log.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * Group commit, pipelined: while one group's fsync is in flight the next group is decided and
   * written, and its fsync issued (the disk overlaps them); groups are acknowledged and made
   * visible strictly in log order, each only once its own fsync (which covers every earlier
   * write) has completed.
   */
  private async drain(): Promise<void> {
    this.writing = true;
    let previous: Promise<void> = Promise.resolve();
    const inflight = new Set<Promise<void>>();
    try {
      for (;;) {
        if (this.queue.length > 0 && inflight.size < MAX_SYNCS_IN_FLIGHT) {
          const batch = this.queue;
          this.queue = [];
          const { acknowledged } = await this.commitGroup(batch, previous);
          previous = acknowledged;
          inflight.add(acknowledged);
          void acknowledged.then(() => inflight.delete(acknowledged));
          continue;
        }
        if (inflight.size === 0) return;
        // Wait for a group to finish, or for new work while there is room for another sync.
        await new Promise<void>((resolve) => {
          if (inflight.size < MAX_SYNCS_IN_FLIGHT) this.kick = resolve;
          for (const p of inflight) void p.then(resolve);
        });
        this.kick = undefined;
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Decides every job of the group in order (later ones see earlier ones, and earlier groups),
   * writes the group, and issues its fsync. Resolves once written, with a promise (boxed, so
   * awaiting the write does not wait for it) that settles, never rejecting, when the group is
   * acknowledged, after `previous`.
   */
  private async commitGroup(batch: Job[], previous: Promise<void>): Promise<{ acknowledged: Promise<void> }> {
    const frames: Buffer[] = [];
    const events: StoredEvent[] = [];
    const seqs: number[] = [];
    const settle: Array<() => void> = [];
    let position = this.log.writtenEnd;
    const emit = (records: NewRecord[]): number => {
      for (const r of records) {
        const frame = encodeRecord(r);
        const event: StoredEvent = { ...r, position };
        position += frame.length;
        frames.push(frame);
        events.push(event);
        const seq = this.index.add(event);
        seqs.push(seq);
        this.pending.set(seq, event);
      }
      return events[events.length - 1].position;
    };
    for (const job of batch) {
      if (this.failure) {
        settle.push(() => job.reject(new NodeUnavailableError('Server is not available')));
        continue;
      }
      try {
        const decided = decideWrite(this, job.op, job.stream, job.expected, job.events);
        const plan = decided instanceof Promise ? await decided : decided;
        const result = this.apply(plan, job, emit);
        settle.push(() => job.resolve(result));
      } catch (err) {
        settle.push(() => job.reject(err));
      }
    }
    const visibleAfter = this.index.positions.length;
    let synced: Promise<void> = Promise.resolve();
    if (frames.length > 0) {
      try {
        await this.log.write(frames);
        synced = this.log.sync();
      } catch (err) {
        synced = Promise.reject(err);
      }
    }
    const acknowledged = (async () => {
      let error: unknown;
      try {
        await synced;
      } catch (err) {
        error = err;
      }
      await previous;
      if (frames.length > 0) {
        // A failed group may leave a partial write, and later groups follow it in the file:
        // refuse all further work rather than serve it.
        if (error !== undefined) this.failure ??= error instanceof Error ? error : new Error(String(error));
        if (this.failure) {
          settle.length = 0;
          for (const job of batch) settle.push(() => job.reject(new NodeUnavailableError('Log write failed')));
        } else {
          this.log.commit(frames, events);
          this.visible = visibleAfter;
        }
      }
      for (const seq of seqs) this.pending.delete(seq);
      for (const f of settle) f();
      this.wake();
    })();
    return { acknowledged };
  }

  private apply(plan: WritePlan, job: Job, emit: (r: NewRecord[]) => number): WriteResult {
    if (plan.kind !== 'write') return plan.result;
    const stream = this.index.getOrCreate(job.stream);
    const created = BigInt(Date.now()) * 10_000n;
    const records: NewRecord[] = [];
    const meta = (tb: number): NewRecord =>
      record(`$$${job.stream}`, this.index.get(`$$${job.stream}`)?.events.length ?? 0, '$metadata', {
        ...(stream.meta?.raw ?? {}),
        $tb: tb,
      });
    const record = (s: string, revision: number, type: string, json: unknown, id = crypto.randomUUID()): NewRecord => ({
      stream: s, revision, id, type, contentType: 'application/json', createdTicks: created,
      data: Buffer.from(json === undefined ? '' : JSON.stringify(json).replace('"$tb":9007199254740991', `"$tb":${9223372036854775807n}`)),
      customMetadata: new Uint8Array(0), endOfAppend: false,
    });
    if (job.op === 'tombstone') {
      records.push(record(job.stream, -1, '$streamDeleted', undefined));
    } else if (job.op === 'delete') {
      records.push(meta(SOFT_DELETED_TB));
    } else {
      // Appending to a soft-deleted stream recreates it: hide the old revisions via $tb.
      if (isSoftDeleted(stream)) records.push(meta(stream.events.length));
      let rev = stream.events.length;
      for (const e of job.events) {
        records.push({ stream: job.stream, revision: rev++, id: e.id, type: e.type, contentType: e.contentType,
          createdTicks: created, data: e.data, customMetadata: e.customMetadata, endOfAppend: false });
      }
    }
    records[records.length - 1].endOfAppend = true;
    const position = emit(records);
    return { kind: 'ok', revision: job.op === 'append' ? stream.events.length - 1 : -1, position };
  }

  /** Stream state for readers; tentative events of the group in flight are excluded by callers via `visibleCount`. */
  stream(name: string): StreamState | undefined {
    return this.index.get(name);
  }
}
