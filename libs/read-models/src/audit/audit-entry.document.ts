import type { Actor } from '@app/eventstore';
import { opinionStream, sessionStream } from '@app/opinions';
import type { ReadModelDocument } from '../projection';

/** Collection `rm_audit`, one entry per event (`_id` = event id), in `$all` order by `position`. */
export interface AuditEntryDocument extends ReadModelDocument {
  action: string;
  actor: Actor;
  /** The acting unit (actor.unit), indexed for the `unit` filter. */
  unit: string;
  /** Stored only when it is not the stream {@link auditStreamId} derives from the ids (an opinion's or a session's). */
  streamId?: string;
  revision: string;
  opinionId: string | null;
  sessionId: string | null;
  /** Stored only when it differs from `recordedAt` (the service stamps both from one clock unless the command says when it happened): see {@link auditOccurredAt}. */
  occurredAt?: string;
  recordedAt: string;
  correlationId: string;
  causationId: string;
  /**
   * The event's data without the citizen (personal data never enters the audit log) and without the
   * `opinionId`/`sessionId` stored above: {@link auditDetails} gives the event's data back.
   */
  details: Record<string, unknown>;
}

const ID_FIELDS = ['opinionId', 'sessionId'] as const;

/** The event's data as `details` to store: no citizen, and no id that the entry holds at the top level. */
export function storedAuditDetails(data: Record<string, unknown>): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (key === 'citizen' || ((key === 'opinionId' || key === 'sessionId') && typeof data[key] === 'string')) continue;
    details[key] = data[key];
  }
  return details;
}

/** The event's data (without the citizen) from a stored entry: the ids put back into `details`. */
export function auditDetails(entry: Pick<AuditEntryDocument, 'opinionId' | 'sessionId' | 'details'>): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const key of ID_FIELDS) if (entry[key] !== null) details[key] = entry[key];
  return Object.assign(details, entry.details);
}

/** The stream of an entry's event: stored when unusual, else the opinion's stream, else the session's. */
export function auditStreamId(entry: Pick<AuditEntryDocument, 'streamId' | 'opinionId' | 'sessionId'>): string | undefined {
  return entry.streamId ?? derivedStreamId(entry.opinionId, entry.sessionId);
}

/** The stream an event with these ids is appended to; entries store `streamId` only when it differs. */
export const derivedStreamId = (opinionId: string | null, sessionId: string | null): string | undefined =>
  opinionId !== null ? opinionStream(opinionId) : sessionId !== null ? sessionStream(sessionId) : undefined;

/** When the entry's event happened: stored when it differs from when it was recorded. */
export const auditOccurredAt = (entry: Pick<AuditEntryDocument, 'occurredAt' | 'recordedAt'>): string => entry.occurredAt ?? entry.recordedAt;
