/** Roles known to the service; they come from the caller's token. */
export const ROLES = ['secretary', 'leader', 'officer', 'auditor', 'reporter'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: copied from the authenticated caller into every event. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** Directory code of the actor's unit. */
  unit: string;
}

/**
 * Metadata carried by every event of the service.
 * `occurredAt` is when it happened in the world (e.g. said at the session);
 * `recordedAt` is the server clock when it was written.
 */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  recordedAt: string;
}

/** A domain event before it is written: explicit type string and plain JSON data. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/** An event as read back from a stream or `$all`. */
export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  id: string;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
  streamId: string;
  /** Revision of the event in its stream, gap-free from 0. */
  revision: bigint;
  /** Commit position in `$all` (commit == prepare on the embedded node and on log-v2 servers). */
  position: bigint;
  /** When the store recorded the event. */
  created: Date;
}
