import type { DomainEvent } from '@app/eventstore';
import type { Instant, Locality } from './opinion.events';

export type SessionScheduled = DomainEvent<
  'SessionScheduled',
  {
    sessionId: string;
    title: string;
    organisingUnit: string;
    /** Free-text co-organisers (Ban Dân vận, UBMTTQ, UBND ...). */
    coOrganisers: string[];
    locality: Locality;
    venue: string;
    plannedAt: Instant;
  }
>;

export type SessionHeld = DomainEvent<
  'SessionHeld',
  { sessionId: string; heldAt: Instant; chairedBy: string; attendance: number }
>;

export type SessionClosed = DomainEvent<'SessionClosed', { sessionId: string; minutesSummary: string }>;

export type SessionEvent = SessionScheduled | SessionHeld | SessionClosed;

export const SESSION_EVENT_TYPES: readonly SessionEvent['type'][] = ['SessionScheduled', 'SessionHeld', 'SessionClosed'];
