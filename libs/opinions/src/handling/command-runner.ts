import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventStore, RevisionConflictError, type DomainEvent, type EventMetadata, type NewEvent, type StoredEvent } from '@app/eventstore';
import { AggregateCache, type EventTrace } from './aggregate-cache';
import { CLOCK, ID_SOURCE, type Clock, type IdSource } from './clock';
import { AggregateNotFoundError, ConcurrentModificationError, IdempotencyKeyReusedError, RevisionMismatchError } from './handling.errors';
import type { RequestContext, WriteResult } from './request-context';
import { SharedFreshReads } from './shared-fresh-reads';
import { uuidV5 } from './uuid-v5';

/** Metadata written by this service: the shared fields plus the fingerprint of an idempotent request. */
export interface CommandEventMetadata extends EventMetadata {
  requestHash?: string;
}

/** Injection token for the live views of streams commands consult (see {@link Consult}, `LiveStreamView`). */
export const CONSULTED_VIEWS = Symbol('CONSULTED_VIEWS');

/** What the runner needs of a live view (`LiveStreamView`). */
export interface ConsultedView {
  /** True while it answers (its subscription is caught up); otherwise commands read from the store. */
  readonly live: boolean;
  covers(stream: string): boolean;
  lookup(stream: string): unknown;
  offer(stream: string, state: unknown, revision: bigint): void;
  start(): void;
  stop(): Promise<void>;
}

/** Folded state of another stream a decision consults (e.g. the session of a new opinion). */
export type Consult = <S, E extends DomainEvent>(stream: string, evolve: (state: S, event: StoredEvent<E>) => S, initial: S) => Promise<S>;

/** One command against one stream, described by the handler. */
export interface StreamCommand<S, E extends DomainEvent> {
  /** Command type and payload: fingerprinted so a reused idempotency key with another body is refused. */
  type: string;
  payload: unknown;
  context: RequestContext;
  /** Aggregate id and stream; for creations see {@link StreamCommandRunner.newId}. */
  id: string;
  stream: string;
  creation: boolean;
  evolve: (state: S, event: StoredEvent<E>) => S;
  initial: S;
  /**
   * The decision; `now` is when the action happened (see `RequestContext.actedAt`). It may
   * `consult` other streams, which it does not write (see {@link StreamCommandRunner}).
   */
  decide: (state: S, now: Date, consult: Consult) => E | E[] | Promise<E | E[]>;
  /** When the event happened in the world if the event says so (saidAt, heldAt); defaults to `now`. */
  occurredAt?: (event: E) => string | undefined;
}

interface Loaded<S> {
  state: S;
  revision: bigint | undefined;
  events: EventTrace[];
  fromCache: boolean;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

/**
 * Load → fold → decide → append with the expected revision, for every command handler.
 * Idempotency: with a key, the command id, event ids and (for creations) the aggregate id are
 * uuid-v5 of (actor, key, stream), so a retry finds its own events in the stream and returns
 * their revision and position instead of deciding again.
 * Concurrency: `If-Match` mismatches are 412; a change slipping in between load and append is
 * 412 when the caller sent `If-Match`, else 409 (`CONCURRENT_MODIFICATION`).
 * Loads come from an in-process cache of what this process last wrote or read; a conflict or a
 * refusal on a cached view is not the caller's problem, so the command is retried once from the
 * store. Streams that are only consulted (the session of a new opinion) come from a live view
 * when one follows them (see `LiveStreamView`: a refusal decided on it is also retried from
 * the store); otherwise they are read fresh, and commands asking for the same one at once share
 * such reads (see {@link SharedFreshReads}).
 */
@Injectable()
export class StreamCommandRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly cache = new AggregateCache();
  private readonly consulted = new SharedFreshReads();

  constructor(
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Optional() @Inject(CONSULTED_VIEWS) private readonly views: ReadonlyArray<ConsultedView> = [],
  ) {}

  onApplicationBootstrap(): void {
    for (const view of this.views) view.start();
  }

  /** Before the client is disposed (at application shutdown), so the subscriptions end cleanly. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.views.map((view) => view.stop()));
  }

  /** Id for a new aggregate: derived from the idempotency key when there is one, else fresh. */
  newId(context: RequestContext, kind: string): string {
    return context.idempotencyKey ? uuidV5(`${kind}\n${this.keyBase(context)}`) : this.ids.uuid();
  }

  /**
   * Folded state of a stream a decision consults, as the store has it now: never from the
   * aggregate cache, as no expected revision guards a stream that is only consulted, so that cache
   * could hide another instance's change (a closed session) for as long as this process does not
   * touch the stream. Commands asking for the same stream at once share reads.
   */
  async state<S, E extends DomainEvent>(stream: string, evolve: (state: S, event: StoredEvent<E>) => S, initial: S): Promise<S> {
    return this.consulted.get(stream, async () => {
      const loaded = await this.load(stream, evolve, initial, true);
      if (loaded.revision !== undefined) this.viewOf(stream)?.offer(stream, loaded.state, loaded.revision);
      return loaded.state;
    });
  }

  /** What a decision consults: the stream's live view when it has it and the attempt may use it, else {@link state}. */
  private async consult<S, E extends DomainEvent>(stream: string, evolve: (state: S, event: StoredEvent<E>) => S, initial: S, fresh: boolean, used: { view: boolean }): Promise<S> {
    const seen = fresh ? undefined : (this.viewOf(stream)?.lookup(stream) as S | undefined);
    if (seen === undefined) return this.state(stream, evolve, initial);
    used.view = true;
    return seen;
  }

  private viewOf(stream: string): ConsultedView | undefined {
    return this.views.find((view) => view.covers(stream));
  }

  async run<S, E extends DomainEvent>(command: StreamCommand<S, E>): Promise<WriteResult> {
    try {
      return await this.attempt(command, false);
    } catch (error) {
      if (error instanceof StaleCacheError) return this.attempt(command, true);
      throw error;
    }
  }

  private async attempt<S, E extends DomainEvent>(command: StreamCommand<S, E>, fresh: boolean): Promise<WriteResult> {
    const { context, stream } = command;
    const recordedAt = this.clock.now();
    const now = context.actedAt ?? recordedAt;
    const keyed = context.idempotencyKey !== undefined;
    const requestHash = keyed ? createHash('sha256').update(canonical({ type: command.type, stream, payload: command.payload })).digest('base64url') : undefined;
    const eventId = (i: number) => uuidV5(`event\n${i}\n${stream}\n${this.keyBase(context)}`);

    // A creation without a key targets a brand-new random id: there is nothing to read.
    const loaded: Loaded<S> =
      command.creation && !keyed
        ? { state: command.initial, revision: undefined, events: [], fromCache: false }
        : await this.load(stream, command.evolve, command.initial, fresh);
    if (keyed) {
      const earlier = this.findEarlier(command, loaded.events, eventId, requestHash);
      if (earlier) return earlier;
    }
    if (!command.creation && loaded.revision === undefined) throw new AggregateNotFoundError(stream);
    if (context.expectedRevision !== undefined && !command.creation && context.expectedRevision !== loaded.revision) {
      if (loaded.fromCache) throw new StaleCacheError();
      throw new RevisionMismatchError(stream, context.expectedRevision, loaded.revision);
    }

    let decided: E | E[];
    const used = { view: false };
    try {
      decided = await command.decide(loaded.state, now, (s, evolve, initial) => this.consult(s, evolve, initial, fresh, used));
    } catch (error) {
      // A refusal decided on a cached or live view may be stale (another instance moved the stream
      // on, or the view has not heard of it yet): only the store's current state may refuse a command.
      if (loaded.fromCache || used.view) throw new StaleCacheError();
      throw error;
    }
    const events = Array.isArray(decided) ? decided : [decided];
    const commandId = keyed ? uuidV5(`command\n${stream}\n${this.keyBase(context)}`) : this.ids.uuid();
    const newEvents: NewEvent[] = [];
    events.forEach((event, i) => {
      const metadata: CommandEventMetadata = {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: i === 0 ? commandId : newEvents[i - 1].id!,
        occurredAt: command.occurredAt?.(event) ?? now.toISOString(),
        recordedAt: recordedAt.toISOString(),
        ...(requestHash && { requestHash }),
      };
      newEvents.push({ id: keyed ? eventId(i) : this.ids.uuid(), event, metadata });
    });

    let appended: { nextRevision: bigint; position: bigint };
    try {
      appended = await this.store.append(stream, newEvents, command.creation ? 'no_stream' : loaded.revision!);
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      this.cache.delete(stream);
      if (loaded.fromCache) throw new StaleCacheError();
      if (keyed) {
        // A concurrent retry of the same request may have won the race: answer with its result.
        const reloaded = await this.load(stream, command.evolve, command.initial, true);
        const earlier = this.findEarlier(command, reloaded.events, eventId, requestHash);
        if (earlier) return earlier;
      }
      if (context.expectedRevision !== undefined) {
        throw new RevisionMismatchError(stream, context.expectedRevision, /^\d+$/.test(error.actual) ? BigInt(error.actual) : undefined);
      }
      throw new ConcurrentModificationError(stream);
    }

    const { nextRevision, position } = appended;
    const first = nextRevision - BigInt(newEvents.length) + 1n;
    let state = loaded.state;
    for (const e of newEvents) state = command.evolve(state, { ...e, type: e.event.type, data: e.event.data } as unknown as StoredEvent<E>);
    this.viewOf(stream)?.offer(stream, state, nextRevision);
    this.cache.set(stream, {
      state,
      revision: nextRevision,
      events: [...loaded.events, ...newEvents.map((e, i) => ({ id: e.id!, revision: first + BigInt(i), position, requestHash }))],
    });
    return { id: command.id, revision: nextRevision, position, replayed: false };
  }

  private async load<S, E extends DomainEvent>(
    stream: string,
    evolve: (state: S, event: StoredEvent<E>) => S,
    initial: S,
    fresh: boolean,
  ): Promise<Loaded<S>> {
    const cached = fresh ? undefined : this.cache.get(stream);
    if (cached) return { state: cached.state as S, revision: cached.revision, events: cached.events, fromCache: true };
    const folded = await this.store.aggregate<S, E>(stream, evolve, initial);
    const events = folded.events.map((e) => ({
      id: e.id,
      revision: e.revision,
      position: e.position,
      requestHash: (e.metadata as CommandEventMetadata).requestHash,
    }));
    if (folded.revision !== undefined) this.cache.set(stream, { state: folded.state, revision: folded.revision, events });
    return { state: folded.state, revision: folded.revision, events, fromCache: false };
  }

  private keyBase(context: RequestContext): string {
    return `${context.actor.id}\n${context.idempotencyKey ?? ''}`;
  }

  private findEarlier(
    command: { id: string; stream: string },
    events: EventTrace[],
    eventId: (i: number) => string,
    requestHash: string | undefined,
  ): WriteResult | undefined {
    const start = events.findIndex((e) => e.id === eventId(0));
    if (start < 0) return undefined;
    if (events[start].requestHash !== requestHash) throw new IdempotencyKeyReusedError(command.stream);
    let last = start;
    while (last + 1 < events.length && events[last + 1].id === eventId(last + 1 - start)) last++;
    return { id: command.id, revision: events[last].revision, position: events[last].position, replayed: true };
  }
}

/** The cached view was behind the store; the runner retries once from the store. */
class StaleCacheError extends Error {}
