import type { StoredEvent } from '../storage/event-record.codec';

/** Stream metadata keys the node honours at read time (`$$<stream>` `$metadata` events). */
export interface StreamMeta {
  raw: Record<string, unknown>;
  maxCount?: number;
  maxAge?: number;
  truncateBefore?: number;
}

/** Per-stream index: revision i lives at global sequence `events[i]`. */
export interface StreamState {
  name: string;
  events: number[];
  tombstoned: boolean;
  meta?: StreamMeta;
  /** True once its metastream was written: such a stream "exists" for stream_exists. */
  hasMetastream: boolean;
}

interface RecentId {
  stream: StreamState;
  revision: number;
}

/** Tb values at or above this mean "soft-deleted" (the server writes long.MaxValue, which JSON turns into a double). */
export const SOFT_DELETED_TB = Number.MAX_SAFE_INTEGER;
const ID_CACHE_LIMIT = 100_000;

/**
 * In-memory index over the log: global sequence → position, stream → revisions, and a
 * bounded cache of recent event ids for best-effort idempotency of any/stream_exists appends.
 * Payloads stay in the log.
 */
export class StreamIndex {
  /** Log position of every event, by global sequence number. */
  readonly positions: number[] = [];
  private readonly streams = new Map<string, StreamState>();
  /**
   * Recent ids in two generations: the newest `ID_CACHE_LIMIT` ids are always in one of them.
   * When the current one fills it becomes the previous one and the oldest generation is dropped
   * whole; evicting one id at a time from a Map (delete + keys().next()) makes V8 skip over every
   * deleted slot on each eviction, which grew the cost of every append and of start-up.
   */
  private recentIds = new Map<string, RecentId>();
  private olderIds = new Map<string, RecentId>();

  get(name: string): StreamState | undefined {
    return this.streams.get(name);
  }

  getOrCreate(name: string): StreamState {
    let s = this.streams.get(name);
    if (!s) {
      s = { name, events: [], tombstoned: false, hasMetastream: false };
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * Records one event (already given its position) and returns its global sequence number.
   * With `remember` false its id is not cached (recovery caches only the newest ids, see {@link rememberRecent}).
   */
  add(event: StoredEvent, remember = true): number {
    const seq = this.positions.length;
    this.positions.push(event.position);
    const stream = this.getOrCreate(event.stream);
    if (event.revision < 0) {
      stream.tombstoned = true;
      return seq;
    }
    stream.events.push(seq);
    if (remember) this.rememberId(event.id, stream, event.revision);
    if (event.stream.startsWith('$$') && event.type === '$metadata') {
      const target = this.getOrCreate(event.stream.slice(2));
      target.hasMetastream = true;
      target.meta = parseMeta(event.data);
    }
    return seq;
  }

  /** Cached id lookup; undefined when unknown (never seen, or evicted). */
  recentId(id: string): { stream: StreamState; revision: number } | undefined {
    return this.recentIds.get(id) ?? this.olderIds.get(id);
  }

  /** Caches the ids of the newest events of a log replayed with `add(event, false)`, oldest first. */
  rememberRecent(ids: Array<{ id: string; stream: string; revision: number }>): void {
    for (const r of ids) this.rememberId(r.id, this.getOrCreate(r.stream), r.revision);
  }

  /** How many ids the cache keeps at least. */
  static readonly idCacheLimit = ID_CACHE_LIMIT;

  private rememberId(id: string, stream: StreamState, revision: number): void {
    if (this.recentIds.size >= ID_CACHE_LIMIT) {
      this.olderIds = this.recentIds;
      this.recentIds = new Map();
    }
    this.recentIds.set(id, { stream, revision });
  }
}

/** Lowest revision a stream read may return, given its metadata ($tb, $maxCount). */
export function firstReadableRevision(stream: StreamState): number {
  const meta = stream.meta;
  let first = 0;
  if (meta?.truncateBefore !== undefined) first = Math.max(first, meta.truncateBefore);
  if (meta?.maxCount !== undefined) first = Math.max(first, stream.events.length - meta.maxCount);
  return first;
}

export function isSoftDeleted(stream: StreamState): boolean {
  return (stream.meta?.truncateBefore ?? 0) >= SOFT_DELETED_TB;
}

function parseMeta(data: Uint8Array): StreamMeta {
  try {
    const raw = JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { raw: {} };
    const r = raw as Record<string, unknown>;
    const num = (v: unknown): number | undefined => (typeof v === 'number' && v >= 0 ? v : undefined);
    return { raw: r, maxCount: num(r.$maxCount), maxAge: num(r.$maxAge), truncateBefore: num(r.$tb) };
  } catch {
    // Metadata that is not JSON is stored and served but has no effect, as on the server.
    return { raw: {} };
  }
}
