/** What the runner remembers of an event: enough to answer an idempotent retry. */
export interface EventTrace {
  id: string;
  revision: bigint;
  position: bigint;
  requestHash?: string;
}

export interface CachedAggregate {
  state: unknown;
  revision: bigint;
  events: EventTrace[];
}

/** A bounded map from stream name to what this process knows of it; the least recently used entry goes first. */
export class StreamLru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(stream: string): V | undefined {
    const entry = this.entries.get(stream);
    if (entry !== undefined) {
      this.entries.delete(stream);
      this.entries.set(stream, entry);
    }
    return entry;
  }

  set(stream: string, entry: V): void {
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }

  /** Stream names held, least recently used first. */
  keys(): IterableIterator<string> {
    return this.entries.keys();
  }
}

/**
 * Folded aggregates this process wrote or read last, so a command costs one append instead of a
 * read plus an append. Never trusted blindly: every append still carries the expected revision, and
 * a conflict on a cached view drops the entry and retries from the store. Bounded (LRU).
 */
export class AggregateCache extends StreamLru<CachedAggregate> {
  constructor(capacity = 50_000) {
    super(capacity);
  }
}
