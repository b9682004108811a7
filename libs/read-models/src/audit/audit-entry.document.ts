import type { Actor } from '@app/eventstore';
import type { ReadModelDocument } from '../projection';

/** Collection `rm_audit`, one entry per event (`_id` = event id), in `$all` order by `position`. */
export interface AuditEntryDocument extends ReadModelDocument {
  action: string;
  actor: Actor;
  /** The acting unit (actor.unit), indexed for the `unit` filter. */
  unit: string;
  streamId: string;
  revision: string;
  opinionId: string | null;
  sessionId: string | null;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string;
  /** The event's data without the citizen (personal data never enters the audit log). */
  details: Record<string, unknown>;
}
