import type { Actor } from '@app/eventstore';

/** What every command carries besides its payload: who, in which conversation, and under which conditions. */
export interface RequestContext {
  actor: Actor;
  /** From `X-Correlation-Id`, or new per request. */
  correlationId: string;
  /** From `Idempotency-Key`; scoped per actor and target stream. */
  idempotencyKey?: string;
  /** From `If-Match`: the command applies only if the stream is at this revision. */
  expectedRevision?: bigint;
  /**
   * When the action happened in the world, if before it is recorded (trusted callers only: demo
   * loading and backfills). Decisions and `occurredAt` use it; `recordedAt` stays the server clock.
   */
  actedAt?: Date;
}

/** What a successful command returns: the aggregate, its new revision and the `$all` commit position. */
export interface WriteResult {
  id: string;
  revision: bigint;
  position: bigint;
  /** True when an earlier identical request (same idempotency key) was answered from the stream. */
  replayed: boolean;
}
