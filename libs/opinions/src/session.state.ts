import type { StoredEvent } from '@app/eventstore';
import type { Instant, Locality } from './opinion.events';
import type { SessionEvent } from './session.events';

interface SessionFacts {
  sessionId: string;
  organisingUnit: string;
  locality: Locality;
  plannedAt: Instant;
}

/** What decisions about a session need, by lifecycle status. */
export type SessionState =
  | { status: 'none' }
  | ({ status: 'scheduled' } & SessionFacts)
  | ({ status: 'held'; heldAt: Instant } & SessionFacts)
  | ({ status: 'closed'; heldAt: Instant } & SessionFacts);

export const initialSessionState: SessionState = Object.freeze({ status: 'none' });

/** Folds one event (fresh or read back from the store) into the state. Pure. */
export function evolveSession(state: SessionState, event: SessionEvent | StoredEvent<SessionEvent>): SessionState {
  const e = { type: event.type, data: event.data } as SessionEvent;
  switch (e.type) {
    case 'SessionScheduled': {
      const { sessionId, organisingUnit, locality, plannedAt } = e.data;
      return { status: 'scheduled', sessionId, organisingUnit, locality, plannedAt };
    }
    case 'SessionHeld':
      return state.status === 'scheduled' ? { ...state, status: 'held', heldAt: e.data.heldAt } : state;
    case 'SessionClosed':
      return state.status === 'held' ? { ...state, status: 'closed' } : state;
    default:
      return unknownEvent(e, state);
  }
}

/** Exhaustiveness at compile time; at run time an unknown (e.g. newer) event leaves the state unchanged. */
const unknownEvent = <S>(_event: never, state: S): S => state;
