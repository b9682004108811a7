import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  ErrorType,
  EventStoreDBClient,
  jsonEvent,
  type AppendExpectedRevision,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { DomainEvent, EventMetadata, StoredEvent } from './event-metadata';
import { EventStoreUnavailableError, RevisionConflictError, StreamGoneError } from './eventstore.errors';

/** An event to append: the domain event, its metadata, and optionally a deterministic id (idempotency). */
export interface NewEvent<E extends DomainEvent = DomainEvent> {
  event: E;
  metadata: EventMetadata;
  id?: string;
}

/** `no_stream` for creation, a revision for updates, `any` only where order does not matter. */
export type ExpectedRevision = bigint | 'no_stream' | 'any' | 'stream_exists';

export interface AppendResult {
  nextRevision: bigint;
  position: bigint;
}

/** State folded from a stream, with the revision it reflects (`undefined` when the stream does not exist). */
export interface Folded<S, E extends DomainEvent> {
  state: S;
  revision: bigint | undefined;
  events: StoredEvent<E>[];
}

const TRANSIENT = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.CANCELLED, ErrorType.TIMEOUT, ErrorType.DEADLINE_EXCEEDED]);

/** Turns a client error into one of ours where we know what it means. */
export function translateError(error: unknown, stream?: string): unknown {
  const type = (error as { type?: string } | null)?.type;
  if (type === ErrorType.WRONG_EXPECTED_VERSION) {
    const e = error as { streamName: string; expectedVersion: unknown; actualVersion: unknown };
    return new RevisionConflictError(e.streamName ?? stream ?? '', String(e.expectedVersion), String(e.actualVersion));
  }
  if (type === ErrorType.STREAM_DELETED) return new StreamGoneError(stream ?? '');
  if (type !== undefined && TRANSIENT.has(type)) return new EventStoreUnavailableError(error);
  return error;
}

/** True for errors after which a retry (resubscribe, reconnect) can succeed. */
export const isTransient = (error: unknown): boolean =>
  error instanceof EventStoreUnavailableError ||
  TRANSIENT.has((error as { type?: string } | null)?.type ?? '') ||
  /UNAVAILABLE|ECONNREFUSED|CANCELLED/.test(String((error as Error | null)?.message ?? ''));

/**
 * Iterates a client read in arrays of up to `size` items and, if the consumer stops early, reads
 * the rest of it: the client keeps an abandoned read call among the streams `dispose()` waits for,
 * so dispose would never return. Reads here are bounded (a page, a stream), so draining costs little.
 * Arrays, because every step of an async generator costs promises and microtask turns: a read
 * passed one event at a time through several generators paid that per event and per generator.
 */
async function* readToEnd<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let settled = false;
  try {
    let chunk: T[] = [];
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        settled = true;
        throw error;
      }
      if (next.done) {
        settled = true;
        if (chunk.length) yield chunk;
        return;
      }
      chunk.push(next.value);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  } finally {
    if (!settled) while (!(await iterator.next().catch(() => ({ done: true }))).done);
  }
}

/** Items per array from {@link readToEnd} for `readStream`, and `readAllChunks`' default. */
const READ_CHUNK = 256;

/** Maps a client `ResolvedEvent` onto our stored-event shape. */
export function toStoredEvent<E extends DomainEvent>(resolved: ResolvedEvent): StoredEvent<E> {
  const recorded = resolved.event;
  if (!recorded) throw new Error('resolved event without a recorded event');
  return {
    id: recorded.id,
    type: recorded.type as E['type'],
    data: recorded.data as E['data'],
    metadata: recorded.metadata as unknown as EventMetadata,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position?.commit ?? resolved.commitPosition ?? 0n,
    created: recorded.created,
  };
}

/** Whatever appends for an `EventStore` instead of its client (see `AppendThread`). */
export interface Appender {
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Set once it can append no more (its thread stopped). */
  readonly failure?: Error;
}

const utf8 = new TextEncoder();

/**
 * A JSON event for the client. Its metadata goes as UTF-8 JSON bytes: given an object, the client
 * (6.x) turns its JSON into a base64 string that google-protobuf then decodes back in JS, twice
 * per event (size check and request); a plain `Uint8Array` is set as the bytes directly. The
 * bytes on the wire (`custom_metadata`) are the same either way, and readers parse them back.
 */
export const toEventData = ({ event, metadata, id }: NewEvent) =>
  jsonEvent({ id, type: event.type, data: event.data as never, metadata: utf8.encode(JSON.stringify(metadata)) });

/** The same event from JSON made by `JSON.stringify` of its data and metadata (see `AppendThread`). */
export const serializedEventData = ({ id, type, data, metadata }: { id?: string; type: string; data: string; metadata: string }) =>
  jsonEvent({ id, type, data: JSON.parse(data) as never, metadata: utf8.encode(metadata) });

/** Appends atomically; throws RevisionConflictError when `expected` does not hold. */
export async function appendEvents(client: EventStoreDBClient, stream: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
  try {
    const result = await client.appendToStream(stream, events, { expectedRevision: expected as AppendExpectedRevision });
    return { nextRevision: result.nextExpectedRevision, position: result.position?.commit ?? 0n };
  } catch (error) {
    throw translateError(error, stream);
  }
}

/**
 * The one gateway to EventStoreDB for the rest of the code: JSON events with explicit
 * type strings and metadata, appends with an expected revision, reads folded into state.
 */
export class EventStore {
  /** Appends go through `appender` when given (the API's append thread), else through `client` like reads. */
  constructor(
    readonly client: EventStoreDBClient,
    private readonly appender?: Appender,
  ) {}

  /** Appends atomically; throws RevisionConflictError when `expected` does not hold. */
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appender ? this.appender.append(stream, events, expected) : appendEvents(this.client, stream, events.map(toEventData), expected);
  }

  /** Why appends can no longer succeed (the append thread stopped), or undefined. */
  get appendFailure(): Error | undefined {
    return this.appender?.failure;
  }

  /** Reads a whole stream forwards; a missing stream reads as empty. */
  async *readStream<E extends DomainEvent>(stream: string, options: { fromRevision?: bigint } = {}): AsyncGenerator<StoredEvent<E>> {
    const reading = this.client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: options.fromRevision ?? START,
    });
    try {
      for await (const chunk of readToEnd(reading, READ_CHUNK)) for (const resolved of chunk) yield toStoredEvent<E>(resolved);
    } catch (error) {
      if ((error as { type?: string }).type === ErrorType.STREAM_NOT_FOUND) return;
      throw translateError(error, stream);
    }
  }

  /** Folds a stream with a pure `evolve` into state, remembering the revision for the next append. */
  async aggregate<S, E extends DomainEvent>(
    stream: string,
    evolve: (state: S, event: StoredEvent<E>) => S,
    initial: S,
  ): Promise<Folded<S, E>> {
    let state = initial;
    let revision: bigint | undefined;
    const events: StoredEvent<E>[] = [];
    for await (const event of this.readStream<E>(stream)) {
      state = evolve(state, event);
      revision = event.revision;
      events.push(event);
    }
    return { state, revision, events };
  }

  /**
   * Reads `$all` forwards from a position (inclusive), skipping system events,
   * page by page so a replay of millions of events keeps memory flat.
   */
  async *readAll(options: { fromPosition?: bigint; pageSize?: number } = {}): AsyncGenerator<StoredEvent> {
    for await (const chunk of this.readAllChunks(options)) yield* chunk;
  }

  /**
   * {@link readAll} in arrays of up to `chunkSize` events (fewer where system events are skipped),
   * for readers that take many events at once (a rebuild): one generator step per array.
   */
  async *readAllChunks(options: { fromPosition?: bigint; pageSize?: number; chunkSize?: number } = {}): AsyncGenerator<StoredEvent[]> {
    const pageSize = options.pageSize ?? 2048;
    const chunkSize = options.chunkSize ?? READ_CHUNK;
    let from = options.fromPosition;
    let skipFrom = false;
    for (;;) {
      let count = 0;
      try {
        const page = this.client.readAll({
          direction: FORWARDS,
          fromPosition: from === undefined ? START : { commit: from, prepare: from },
          maxCount: pageSize,
        });
        for await (const chunk of readToEnd(page, chunkSize)) {
          const events: StoredEvent[] = [];
          for (const resolved of chunk) {
            count++;
            const position = resolved.event?.position?.commit ?? resolved.commitPosition;
            if (skipFrom && position === from) continue;
            from = position;
            if (!resolved.event || resolved.event.streamId.startsWith('$') || resolved.event.type.startsWith('$')) continue;
            events.push(toStoredEvent(resolved));
          }
          if (events.length) yield events;
        }
      } catch (error) {
        throw translateError(error);
      }
      if (count < pageSize) return;
      // Forward reads are inclusive: the next page starts at the last event seen, which is skipped.
      skipFrom = true;
    }
  }

  /** Position of the last event in `$all`, or undefined when the log is empty. */
  async headPosition(): Promise<bigint | undefined> {
    let head: bigint | undefined;
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
        head ??= resolved.event?.position?.commit ?? resolved.commitPosition;
      }
    } catch (error) {
      throw translateError(error);
    }
    return head;
  }

}
