import type { LocalDate } from '@app/directory';
import type { StoredEvent } from '@app/eventstore';
import type { OpinionEvent } from '@app/opinions';
import { dateOf, occurredOn } from './report-dates';

export type TrackStatus = 'raised' | 'assigned' | 'answered' | 'resolved';

/**
 * What reports need to remember about one opinion between events: a few scalars, never the
 * events themselves, so a replay's memory grows with opinions, not with events.
 */
export interface OpinionTrack {
  sessionId: string;
  organisingUnit: string;
  topic: string;
  raisedOn: LocalDate;
  status: TrackStatus;
  /** Ever handed to a unit for an answer. */
  assigned: boolean;
  onTheSpot: boolean;
  /** Unit that must answer now (organising unit while not yet assigned). */
  holder: string;
  /** Day the current holder received it (raised, assigned, reassigned or answer returned). */
  heldSince: LocalDate;
  dueDate?: LocalDate;
  /** Whether it was sent back for rework and not answered since. */
  returned: boolean;
  /** Day of the answer that currently stands, and whether it was within the due date then in force. */
  answeredOn?: LocalDate;
  answeredOnTime?: boolean;
}

/** The opinion events this module understands; anything else is not an opinion event. */
export const isOpinionEvent = (event: StoredEvent): event is StoredEvent<OpinionEvent> =>
  event.type in OPINION_TYPES && typeof (event.data as { opinionId?: unknown }).opinionId === 'string';

const OPINION_TYPES: Record<OpinionEvent['type'], true> = {
  OpinionRaised: true,
  OpinionAssigned: true,
  OpinionReassigned: true,
  OpinionAnswered: true,
  AnswerReturned: true,
  OpinionResolved: true,
};

/**
 * Folds one opinion event into its track (created on OpinionRaised), mutating it in place.
 * Follows the domain's lifecycle: events that the domain would not have accepted in the current
 * status leave the track as it is, like `evolveOpinion` does.
 */
export function trackOpinion(track: OpinionTrack | undefined, event: StoredEvent<OpinionEvent>): OpinionTrack | undefined {
  const e = { type: event.type, data: event.data } as OpinionEvent;
  if (e.type === 'OpinionRaised') {
    if (track) return track;
    const raisedOn = dateOf(e.data.saidAt);
    const organisingUnit = shared(e.data.organisingUnit);
    // Every field present from the start: one object shape for all tracks.
    return {
      sessionId: shared(e.data.sessionId),
      organisingUnit,
      topic: shared(e.data.topic),
      raisedOn,
      status: 'raised',
      assigned: false,
      onTheSpot: false,
      holder: organisingUnit,
      heldSince: raisedOn,
      dueDate: undefined,
      returned: false,
      answeredOn: undefined,
      answeredOnTime: undefined,
    };
  }
  if (!track) return undefined;
  const day = occurredOn(event);
  switch (e.type) {
    case 'OpinionAssigned':
      if (track.status !== 'raised') return track;
      return hand(track, e.data.department, day, e.data.dueDate);
    case 'OpinionReassigned':
      if (track.status !== 'assigned') return track;
      return hand(track, e.data.to, day, e.data.dueDate);
    case 'AnswerReturned':
      if (track.status !== 'answered') return track;
      track.answeredOn = undefined;
      track.answeredOnTime = undefined;
      track.returned = true;
      return hand(track, e.data.holder, day, e.data.dueDate);
    case 'OpinionAnswered':
      if (track.status === 'raised') {
        track.onTheSpot = true;
      } else if (track.status !== 'assigned') {
        return track;
      }
      track.status = 'answered';
      track.returned = false;
      track.answeredOn = day;
      track.answeredOnTime = track.dueDate === undefined || day <= track.dueDate;
      return track;
    case 'OpinionResolved':
      if (track.status === 'answered') track.status = 'resolved';
      return track;
    default:
      return track;
  }
}

function hand(track: OpinionTrack, holder: string, day: LocalDate, dueDate: LocalDate): OpinionTrack {
  track.status = 'assigned';
  track.assigned = true;
  track.holder = shared(holder);
  track.heldSince = day;
  track.dueDate = shared(dueDate);
  return track;
}

/**
 * JSON.parse gives every event its own copies of the session id, unit codes, topic and due date;
 * tracks live for the whole replay, so they keep one shared string per distinct value instead
 * (hundreds of thousands of tracks, a few thousand distinct values). Bounded: when full it starts
 * over, which only costs sharing.
 */
const pool = new Map<string, string>();
function shared(value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size >= 1 << 18) pool.clear();
  pool.set(value, value);
  return value;
}

/** Lacks a response: nobody has answered it yet, or its answer was sent back. */
export const lacksResponse = (track: OpinionTrack): boolean => track.status === 'raised' || track.status === 'assigned';
