import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EventStore,
  RevisionConflictError,
  type DomainEvent,
  type EventMetadata,
  type NewEvent,
  type StoredEvent,
} from '@app/eventstore';
import { CLOCK, ID_SOURCE, type Clock, type IdSource } from './clock';
import type { RequestContext, WriteResult } from './request-context';
import { AggregateNotFoundError, ConcurrentModificationError, IdempotencyKeyReusedError, RevisionMismatchError } from './handling.errors';
import { uuidV5 } from './uuid-v5';

/** Metadata written by this service: the shared fields plus the fingerprint of an idempotent request. */
export interface CommandEventMetadata extends EventMetadata {
  requestHash?: string;
}

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
  /** The pure decision; `now` is when the action happened (see `RequestContext.actedAt`). */
  decide: (state: S, now: Date) => E | E[] | Promise<E | E[]>;
  /** When the event happened in the world if the event says so (saidAt, heldAt); defaults to `now`. */
  occurredAt?: (event: E) => string | undefined;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : typeof v === 'bigint' ? v.toString() : v,
  );

/**
 * Load → fold → decide → append with the expected revision, for every command handler.
 * Idempotency: with a key, the command id, event ids and (for creations) the aggregate id are
 * uuid-v5 of (actor, key, stream), so a retry finds its own events in the stream and returns
 * their revision and position instead of deciding again.
 * Concurrency: `If-Match` mismatches are 412; a change slipping in between load and append is
 * 412 when the caller sent `If-Match`, else 409 (`concurrent-modification`).
 */
@Injectable()
export class StreamCommandRunner {
  constructor(
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  /** Id for a new aggregate: derived from the idempotency key when there is one, else fresh. */
  newId(context: RequestContext, kind: string): string {
    return context.idempotencyKey ? uuidV5(`${kind}\n${this.keyBase(context)}`) : this.ids.uuid();
  }

  async run<S, E extends DomainEvent>(command: StreamCommand<S, E>): Promise<WriteResult> {
    const { context, stream } = command;
    const recordedAt = this.clock.now();
    const now = context.actedAt ?? recordedAt;
    const keyed = context.idempotencyKey !== undefined;
    const requestHash = keyed ? createHash('sha256').update(canonical({ type: command.type, stream, payload: command.payload })).digest('base64url') : undefined;
    const eventId = (i: number) => uuidV5(`event\n${i}\n${stream}\n${this.keyBase(context)}`);

    const loaded = await this.store.aggregate<S, E>(stream, command.evolve, command.initial);
    if (keyed) {
      const earlier = this.findEarlier(command, loaded.events, eventId, requestHash);
      if (earlier) return earlier;
    }
    if (!command.creation && loaded.revision === undefined) throw new AggregateNotFoundError(stream);
    if (context.expectedRevision !== undefined && !command.creation && context.expectedRevision !== loaded.revision) {
      throw new RevisionMismatchError(stream, context.expectedRevision, loaded.revision);
    }

    const decided = await command.decide(loaded.state, now);
    const events = Array.isArray(decided) ? decided : [decided];
    const commandId = keyed ? uuidV5(`command\n${stream}\n${this.keyBase(context)}`) : this.ids.uuid();
    const newEvents: NewEvent[] = [];
    events.forEach((event, i) => {
      const id = keyed ? eventId(i) : this.ids.uuid();
      const metadata: CommandEventMetadata = {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: i === 0 ? commandId : newEvents[i - 1].id!,
        occurredAt: command.occurredAt?.(event) ?? now.toISOString(),
        recordedAt: recordedAt.toISOString(),
        ...(requestHash && { requestHash }),
      };
      newEvents.push({ id, event, metadata });
    });

    try {
      const expected = command.creation ? 'no_stream' : loaded.revision!;
      const { nextRevision, position } = await this.store.append(stream, newEvents, expected);
      return { id: command.id, revision: nextRevision, position, replayed: false };
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      if (keyed) {
        // A concurrent retry of the same request may have won the race: answer with its result.
        const reloaded = await this.store.aggregate<S, E>(stream, command.evolve, command.initial);
        const earlier = this.findEarlier(command, reloaded.events, eventId, requestHash);
        if (earlier) return earlier;
      }
      if (context.expectedRevision !== undefined) {
        throw new RevisionMismatchError(stream, context.expectedRevision, /^\d+$/.test(error.actual) ? BigInt(error.actual) : undefined);
      }
      throw new ConcurrentModificationError(stream);
    }
  }

  private keyBase(context: RequestContext): string {
    return `${context.actor.id}\n${context.idempotencyKey ?? ''}`;
  }

  private findEarlier<E extends DomainEvent>(
    command: { id: string; stream: string },
    events: StoredEvent<E>[],
    eventId: (i: number) => string,
    requestHash: string | undefined,
  ): WriteResult | undefined {
    const start = events.findIndex((e) => e.id === eventId(0));
    if (start < 0) return undefined;
    if ((events[start].metadata as CommandEventMetadata).requestHash !== requestHash) throw new IdempotencyKeyReusedError(command.stream);
    let last = start;
    while (last + 1 < events.length && events[last + 1].id === eventId(last + 1 - start)) last++;
    return { id: command.id, revision: events[last].revision, position: events[last].position, replayed: true };
  }
}
