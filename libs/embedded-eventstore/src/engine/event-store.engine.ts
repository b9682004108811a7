import { encodeRecord, type RecordFields, type StoredEvent } from '../storage/event-record.codec';
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
  /** Set once the job is decided: its answer, or why it failed. */
  result: WriteResult | undefined;
  error: unknown;
};

/** One group commit: the records it writes, at log positions from `position` on. */
type Group = {
  /** Global sequence number of its first event. */
  first: number;
  events: StoredEvent[];
  frames: Buffer[];
  /** Log position of the next record. */
  position: number;
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
/**
 * Group writes allowed in flight at once. Two keep the disk busy (one write is issued while the
 * other completes); more split the writers into smaller groups, each costing a disk write and a
 * reply burst, which under 50 writers cost more CPU per append on both sides than they saved.
 */
const MAX_WRITES_IN_FLIGHT = 2;

/**
 * The node's storage engine: a single writer that group-commits queued writes (one fsync per
 * group), an in-memory index, and reads that only ever see durable events.
 */
export class EventStoreEngine {
  readonly index = new StreamIndex();
  /** Writes that reached the log, and the group commits (one durable write each) that carried them. */
  readonly stats = { writes: 0, groupCommits: 0 };
  private queue: Job[] = [];
  private writing = false;
  private failure: Error | undefined;
  private stopping = false;
  private visible = 0;
  private waiters: Array<() => void> = [];
  /** Groups decided but not yet acknowledged, oldest first (their events serve idempotency checks). */
  private unacknowledged: Group[] = [];
  /** Wakes the writer loop when work arrives while writes are in flight. */
  private kick: (() => void) | undefined;
  /** A wake-up of the writer loop is scheduled for the end of this event-loop turn. */
  private kickScheduled = false;
  private readonly kickAfterIo = (): void => {
    this.kickScheduled = false;
    this.kick?.();
  };
  /** Created time of the latest group's events, as ticks, and the millisecond it was taken at. */
  private createdMs = -1;
  private createdTicks = 0n;

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
      this.queue.push({ stream, expected, op, events, resolve, reject, result: undefined, error: undefined });
      if (!this.writing) void this.drain();
      else if (!this.kickScheduled) {
        // A write is in flight, so this one waits anyway: let the rest of this turn's I/O (other
        // writers' appends read from the same sockets) join its group rather than starting a
        // group, and a disk write, for this one alone.
        this.kickScheduled = true;
        setImmediate(this.kickAfterIo);
      }
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
    for (const g of this.unacknowledged) {
      const i = seq - g.first;
      if (i >= 0 && i < g.events.length) return g.events[i];
    }
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
   * Group commit, pipelined: while one group's durable write is in flight the next group is
   * decided and its write issued (the disk overlaps them); groups are acknowledged and made
   * visible strictly in log order, each only once its own write and every earlier one are durable.
   */
  private async drain(): Promise<void> {
    this.writing = true;
    let previous: Promise<void> = Promise.resolve();
    let inflight = 0;
    let groupDone: (() => void) | undefined;
    const onGroupDone = (): void => {
      inflight--;
      groupDone?.();
    };
    try {
      for (;;) {
        if (this.queue.length > 0 && inflight < MAX_WRITES_IN_FLIGHT) {
          const batch = this.queue;
          this.queue = [];
          const decided = this.decideGroup(batch);
          const group = decided instanceof Promise ? await decided : decided;
          previous = this.writeGroup(batch, group, previous);
          inflight++;
          void previous.then(onGroupDone);
          continue;
        }
        if (inflight === 0) return;
        // Wait for a group to finish, or for new work while there is room for another write.
        await new Promise<void>((resolve) => {
          groupDone = resolve;
          if (inflight < MAX_WRITES_IN_FLIGHT) this.kick = resolve;
        });
        groupDone = undefined;
        this.kick = undefined;
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Decides every job of the group in order (later ones see earlier ones, and earlier groups) and
   * builds its records; synchronous unless a retry has to be compared with stored events.
   */
  private decideGroup(batch: Job[]): Group | Promise<Group> {
    const group: Group = { first: this.index.positions.length, events: [], frames: [], position: this.log.writtenEnd };
    this.unacknowledged.push(group);
    const now = Date.now();
    if (now !== this.createdMs) {
      this.createdMs = now;
      this.createdTicks = BigInt(now) * 10_000n;
    }
    for (let i = 0; i < batch.length; i++) {
      const plan = this.decideJob(batch[i]);
      if (plan instanceof Promise) return this.decideRest(batch, i, plan, group);
      if (plan !== undefined) this.applyJob(batch[i], plan, group);
    }
    return group;
  }

  /** {@link decideGroup} from job `i` on, whose plan is still being worked out. */
  private async decideRest(batch: Job[], i: number, first: Promise<WritePlan>, group: Group): Promise<Group> {
    let plan: WritePlan | Promise<WritePlan> | undefined = first;
    for (;;) {
      const job = batch[i];
      if (plan !== undefined) {
        try {
          this.applyJob(job, await plan, group);
        } catch (err) {
          job.error = err;
        }
      }
      if (++i === batch.length) return group;
      plan = this.decideJob(batch[i]);
    }
  }

  /** The job's plan; undefined when it already failed (then `job.error` says why). */
  private decideJob(job: Job): WritePlan | Promise<WritePlan> | undefined {
    if (this.failure) {
      job.error = new NodeUnavailableError('Server is not available');
      return undefined;
    }
    try {
      return decideWrite(this, job.op, job.stream, job.expected, job.events);
    } catch (err) {
      job.error = err;
      return undefined;
    }
  }

  private applyJob(job: Job, plan: WritePlan, group: Group): void {
    try {
      job.result = this.apply(plan, job, group);
    } catch (err) {
      job.error = err;
    }
  }

  /**
   * Issues the group's durable write; returns a promise that settles, never rejecting, once the
   * group is acknowledged: after `previous`, and after its own write is durable.
   */
  private writeGroup(batch: Job[], group: Group, previous: Promise<void>): Promise<void> {
    let durable: Promise<void> | undefined;
    if (group.frames.length > 0) {
      this.stats.groupCommits++;
      this.stats.writes += batch.length;
      durable = this.log.writeDurable(group.frames);
    }
    return this.acknowledge(batch, group, durable, previous);
  }

  private async acknowledge(batch: Job[], group: Group, durable: Promise<void> | undefined, previous: Promise<void>): Promise<void> {
    let error: unknown;
    if (durable) {
      try {
        await durable;
      } catch (err) {
        error = err;
      }
    }
    await previous;
    this.unacknowledged.shift();
    if (durable) {
      // A failed group may leave a partial write, and later groups follow it in the file:
      // refuse all further work rather than serve it.
      if (error !== undefined) this.failure ??= error instanceof Error ? error : new Error(String(error));
      if (this.failure) {
        for (const job of batch) job.error = new NodeUnavailableError('Log write failed');
      } else {
        this.log.commit(group.frames, group.events);
        this.visible = group.first + group.events.length;
      }
    }
    for (const job of batch) {
      if (job.error === undefined) job.resolve(job.result!);
      else job.reject(job.error);
    }
    this.wake();
  }

  /** Adds the records of one write to the group; returns the position of the last. */
  private emit(group: Group, records: StoredEvent[]): number {
    let position = group.position;
    for (const r of records) {
      r.position = position;
      const frame = encodeRecord(r);
      position += frame.length;
      group.frames.push(frame);
      group.events.push(r);
      this.index.add(r);
    }
    group.position = position;
    return records[records.length - 1].position;
  }

  private apply(plan: WritePlan, job: Job, group: Group): WriteResult {
    if (plan.kind !== 'write') return plan.result;
    const stream = this.index.getOrCreate(job.stream);
    const created = this.createdTicks;
    const records: StoredEvent[] = [];
    const meta = (tb: number): StoredEvent =>
      record(`$$${job.stream}`, this.index.get(`$$${job.stream}`)?.events.length ?? 0, '$metadata', {
        ...(stream.meta?.raw ?? {}),
        $tb: tb,
      });
    const record = (s: string, revision: number, type: string, json: unknown, id = crypto.randomUUID()): StoredEvent => ({
      position: 0, stream: s, revision, id, type, contentType: 'application/json', createdTicks: created,
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
        records.push({ position: 0, stream: job.stream, revision: rev++, id: e.id, type: e.type, contentType: e.contentType,
          createdTicks: created, data: e.data, customMetadata: e.customMetadata, endOfAppend: false });
      }
    }
    records[records.length - 1].endOfAppend = true;
    const position = this.emit(group, records);
    return { kind: 'ok', revision: job.op === 'append' ? stream.events.length - 1 : -1, position };
  }

  /** Stream state for readers; tentative events of the group in flight are excluded by callers via `visibleCount`. */
  stream(name: string): StreamState | undefined {
    return this.index.get(name);
  }
}
