import type { StoredEvent } from '@app/eventstore';
import type { LocalDate, OpinionEvent } from './opinion.events';

/** Facts fixed when the opinion is raised, plus counters audits and decisions look at. */
interface OpinionFacts {
  opinionId: string;
  sessionId: string;
  /** Organising unit of the session: scopes what leaders and secretaries may do. */
  organisingUnit: string;
  /** How many times an answer was sent back for rework. */
  returns: number;
  /** How many times the opinion changed holder after the first assignment. */
  reassignments: number;
}

/** What decisions about an opinion need, by lifecycle status. */
export type OpinionState =
  | { status: 'none' }
  | ({ status: 'raised' } & OpinionFacts)
  | ({ status: 'assigned'; holder: string; dueDate: LocalDate } & OpinionFacts)
  | ({ status: 'answered'; answeringUnit: string } & OpinionFacts & AnswerFacts)
  | ({ status: 'resolved'; answeringUnit: string } & OpinionFacts & AnswerFacts);

/** An on-the-spot answer has no holder; an answer to an assignment keeps its holder for a return. */
type AnswerFacts = { onTheSpot: true; holder?: undefined } | { onTheSpot: false; holder: string };

export const initialOpinionState: OpinionState = Object.freeze({ status: 'none' });

/** Folds one event (fresh or read back from the store) into the state. Pure. */
export function evolveOpinion(state: OpinionState, event: OpinionEvent | StoredEvent<OpinionEvent>): OpinionState {
  const e = { type: event.type, data: event.data } as OpinionEvent;
  switch (e.type) {
    case 'OpinionRaised': {
      const { opinionId, sessionId, organisingUnit } = e.data;
      return { status: 'raised', opinionId, sessionId, organisingUnit, returns: 0, reassignments: 0 };
    }
    case 'OpinionAssigned':
      if (state.status !== 'raised') return state;
      return { ...state, status: 'assigned', holder: e.data.department, dueDate: e.data.dueDate };
    case 'OpinionReassigned':
      if (state.status !== 'assigned') return state;
      return { ...state, holder: e.data.to, dueDate: e.data.dueDate, reassignments: state.reassignments + 1 };
    case 'OpinionAnswered': {
      if (state.status === 'raised') {
        return { ...facts(state), status: 'answered', answeringUnit: e.data.answeringUnit, onTheSpot: true };
      }
      if (state.status !== 'assigned') return state;
      return { ...facts(state), status: 'answered', answeringUnit: e.data.answeringUnit, onTheSpot: false, holder: state.holder };
    }
    case 'AnswerReturned':
      if (state.status !== 'answered') return state;
      return { ...facts(state), status: 'assigned', holder: e.data.holder, dueDate: e.data.dueDate, returns: state.returns + 1 };
    case 'OpinionResolved':
      return state.status === 'answered' ? { ...state, status: 'resolved' } : state;
    default:
      return unknownEvent(e, state);
  }
}

const facts = ({ opinionId, sessionId, organisingUnit, returns, reassignments }: OpinionFacts): OpinionFacts => ({
  opinionId,
  sessionId,
  organisingUnit,
  returns,
  reassignments,
});

/** Exhaustiveness at compile time; at run time an unknown (e.g. newer) event leaves the state unchanged. */
const unknownEvent = <S>(_event: never, state: S): S => state;
