import type { Instant, LocalDate, Locality } from '@app/opinions';
import type { OpinionStatus } from '../opinions/opinion.document';
import type { ReadModelDocument } from '../projection';

export type SessionStatus = 'scheduled' | 'held' | 'closed' | 'unscheduled';

export interface SessionCounters {
  total: number;
  raised: number;
  assigned: number;
  answered: number;
  resolved: number;
  /** Raised or assigned (including answers returned for rework). */
  lackingResponse: number;
}

/** Collection `rm_sessions`, one document per session (`_id` = sessionId). */
export interface SessionDocument extends ReadModelDocument {
  sessionId: string;
  status: SessionStatus;
  title: string | null;
  organisingUnit: string;
  coOrganisers: string[];
  locality: Locality | null;
  venue: string | null;
  plannedAt: Instant | null;
  heldAt: Instant | null;
  chairedBy: string | null;
  attendance: number | null;
  closedAt: Instant | null;
  minutesSummary: string | null;
  /** Vietnam date of the session (held, else planned): filters and sorting. */
  date: LocalDate | null;
  /** `date` or '' (sort key for cursors). */
  dateKey: string;
  /** Status and due date of every opinion of the session: counters derive from it, overdue is computed at query time. */
  opinions: Record<string, { status: OpinionStatus; dueDate: LocalDate | null }>;
  counters: SessionCounters;
  hasBacklog: boolean;
  updatedAt: Instant;
}
