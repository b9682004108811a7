import type { StoredEvent } from '@app/eventstore';
import {
  OPINION_EVENT_TYPES,
  OPINION_STREAM_PREFIX,
  SESSION_EVENT_TYPES,
  SESSION_STREAM_PREFIX,
  opinionStream,
  type OpinionEvent,
  type SessionEvent,
} from '@app/opinions';
import { vietnamDate } from '@app/directory';
import { lacksResponse, type OpinionStatus } from '../opinions/opinion.document';
import { alreadyApplied, positionKey } from '../position';
import { withEntry, type Projection } from '../projection';
import type { SessionCounters, SessionDocument } from './session.document';

export const SESSIONS_COLLECTION = 'rm_sessions';

const sessionTypes = new Set<string>(SESSION_EVENT_TYPES);
const opinionTypes = new Set<string>(OPINION_EVENT_TYPES);

const emptySession = (sessionId: string, organisingUnit: string): SessionDocument => ({
  _id: sessionId,
  sessionId,
  status: 'unscheduled',
  title: null,
  organisingUnit,
  coOrganisers: [],
  locality: null,
  venue: null,
  plannedAt: null,
  heldAt: null,
  chairedBy: null,
  attendance: null,
  closedAt: null,
  minutesSummary: null,
  date: null,
  dateKey: '',
  opinions: {},
  counters: { total: 0, raised: 0, assigned: 0, answered: 0, resolved: 0, lackingResponse: 0 },
  hasBacklog: false,
  updatedAt: '',
  position: '',
});

/** Counters recomputed from the whole map: a reference for tests, never on the write path. */
export function countersOf(opinions: SessionDocument['opinions']): SessionCounters {
  let counters: SessionCounters = { total: 0, raised: 0, assigned: 0, answered: 0, resolved: 0, lackingResponse: 0 };
  for (const { status } of Object.values(opinions)) counters = moved(counters, undefined, status);
  return counters;
}

/**
 * Counters after one opinion moves from `from` (undefined: newly raised) to `to`. Constant time,
 * so an event costs the same in a session of 5 opinions or 5,000, and the writer needs only the
 * map entry of the event's opinion, not the whole map.
 */
function moved(counters: SessionCounters, from: OpinionStatus | undefined, to: OpinionStatus): SessionCounters {
  const next = { ...counters };
  if (from === undefined) next.total++;
  else {
    next[from]--;
    if (lacksResponse(from)) next.lackingResponse--;
  }
  next[to]++;
  if (lacksResponse(to)) next.lackingResponse++;
  return next;
}

const dateOf = (instant: string): string => vietnamDate(new Date(instant));

/** Applies session events and the status changes of the session's opinions. */
export function evolveSession(doc: SessionDocument | null, stored: StoredEvent): SessionDocument | null {
  const position = positionKey(stored.position);
  if (doc && alreadyApplied(doc.position, position)) return doc;
  const next = applySessionEvent(doc, stored);
  if (!next || next === doc) return doc;
  // A new object of applySessionEvent's (the one copy per event): completed in place.
  next.dateKey = next.date ?? '';
  next.hasBacklog = next.counters.lackingResponse > 0;
  next.position = position;
  next.updatedAt = stored.metadata.recordedAt;
  return next;
}

function applySessionEvent(doc: SessionDocument | null, stored: StoredEvent): SessionDocument | null {
  if (sessionTypes.has(stored.type)) {
    const event = { type: stored.type, data: stored.data } as SessionEvent;
    switch (event.type) {
      case 'SessionScheduled': {
        const d = event.data;
        return {
          ...(doc ?? emptySession(d.sessionId, d.organisingUnit)),
          status: doc && doc.status !== 'unscheduled' ? doc.status : 'scheduled',
          title: d.title,
          organisingUnit: d.organisingUnit,
          coOrganisers: d.coOrganisers,
          locality: d.locality,
          venue: d.venue,
          plannedAt: d.plannedAt,
          date: doc?.heldAt ? doc.date : dateOf(d.plannedAt),
        };
      }
      case 'SessionHeld': {
        if (!doc) return null;
        const { heldAt, chairedBy, attendance } = event.data;
        return { ...doc, status: doc.status === 'closed' ? 'closed' : 'held', heldAt, chairedBy, attendance, date: dateOf(heldAt) };
      }
      case 'SessionClosed':
        if (!doc) return null;
        return { ...doc, status: 'closed', closedAt: stored.metadata.occurredAt, minutesSummary: event.data.minutesSummary };
      default:
        return ignoreUnknown(event, doc);
    }
  }
  const event = { type: stored.type, data: stored.data } as OpinionEvent;
  const { opinionId } = event.data;
  if (event.type === 'OpinionRaised') {
    const base = doc ?? emptySession(event.data.sessionId, event.data.organisingUnit);
    if (base.opinions[opinionId]) return doc;
    return { ...base, opinions: withEntry(base.opinions, opinionId, { status: 'raised', dueDate: null }), counters: moved(base.counters, undefined, 'raised') };
  }
  const current = doc?.opinions[opinionId];
  if (!doc || !current) return doc;
  const set = (status: OpinionStatus, dueDate: string | null) => ({
    ...doc,
    opinions: withEntry(doc.opinions, opinionId, { status, dueDate }),
    counters: moved(doc.counters, current.status, status),
  });
  switch (event.type) {
    case 'OpinionAssigned':
    case 'OpinionReassigned':
    case 'AnswerReturned':
      return set('assigned', event.data.dueDate);
    case 'OpinionAnswered':
      return set('answered', current.dueDate);
    case 'OpinionResolved':
      return set('resolved', current.dueDate);
    default:
      return ignoreUnknown(event, doc);
  }
}

const ignoreUnknown = <D>(_event: never, doc: D): D => doc;

export const sessionsProjection: Projection<SessionDocument> = {
  name: 'sessions',
  collection: SESSIONS_COLLECTION,
  indexes: [
    { key: { dateKey: -1, _id: -1 }, name: 'recent' },
    { key: { organisingUnit: 1, dateKey: -1 }, name: 'organising_unit' },
    { key: { 'locality.province': 1, dateKey: -1 }, name: 'province' },
    { key: { hasBacklog: 1, dateKey: -1 }, name: 'backlog' },
  ],
  canHandle: (event) =>
    (event.streamId.startsWith(SESSION_STREAM_PREFIX) && sessionTypes.has(event.type)) ||
    (event.streamId.startsWith(OPINION_STREAM_PREFIX) && opinionTypes.has(event.type)),
  documentId: (event) => (event.data as { sessionId: string }).sessionId,
  entries: {
    field: 'opinions',
    key: (event) => (event.streamId.startsWith(OPINION_STREAM_PREFIX) ? (event.data as { opinionId: string }).opinionId : undefined),
    // The raise that opens the opinion's own stream: a stream has one first event, and only
    // applying the raise adds the entry.
    createdBy: (event) =>
      event.type === 'OpinionRaised' && event.revision === 0n && event.streamId === opinionStream((event.data as { opinionId: string }).opinionId),
  },
  evolve: evolveSession,
};
