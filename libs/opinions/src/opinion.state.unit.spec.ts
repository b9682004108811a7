import type { StoredEvent } from '@app/eventstore';
import type { OpinionEvent } from './opinion.events';
import { evolveOpinion, initialOpinionState } from './opinion.state';
import {
  answeredByHolder, answeredOnTheSpot, OPINION_HISTORIES, OPINION_ID, opinionGiven, opinionReassignedTo, SESSION_ID,
} from './testing/domain.fixtures';

const facts = { opinionId: OPINION_ID, sessionId: SESSION_ID, organisingUnit: 'CATP-HP-KA' };
const returned: OpinionEvent = {
  type: 'AnswerReturned',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, reason: 'Chưa rõ', holder: 'CATP-HP-PC06', dueDate: '2024-12-20' },
};

describe('evolveOpinion', () => {
  it('starts from none', () => expect(initialOpinionState).toEqual({ status: 'none' }));

  it.each([
    ['raised', OPINION_HISTORIES.raised, { status: 'raised', ...facts, returns: 0, reassignments: 0 }],
    ['assigned', OPINION_HISTORIES.assigned, { status: 'assigned', ...facts, holder: 'CATP-HP-PC06', dueDate: '2024-12-12', returns: 0, reassignments: 0 }],
    [
      'reassigned',
      [...OPINION_HISTORIES.assigned, opinionReassignedTo('CATP-HP-PC08')],
      { status: 'assigned', ...facts, holder: 'CATP-HP-PC08', dueDate: '2024-12-19', returns: 0, reassignments: 1 },
    ],
    [
      'answered on the spot',
      OPINION_HISTORIES.answeredOnTheSpot,
      { status: 'answered', ...facts, answeringUnit: 'CATP-HP', onTheSpot: true, returns: 0, reassignments: 0 },
    ],
    [
      'answered by the holder',
      OPINION_HISTORIES.answered,
      { status: 'answered', ...facts, answeringUnit: 'CATP-HP-PC06', onTheSpot: false, holder: 'CATP-HP-PC06', returns: 0, reassignments: 0 },
    ],
    [
      'returned',
      [...OPINION_HISTORIES.answered, returned],
      { status: 'assigned', ...facts, holder: 'CATP-HP-PC06', dueDate: '2024-12-20', returns: 1, reassignments: 0 },
    ],
    [
      'answered again after a return',
      [...OPINION_HISTORIES.answered, returned, answeredByHolder],
      { status: 'answered', ...facts, answeringUnit: 'CATP-HP-PC06', onTheSpot: false, holder: 'CATP-HP-PC06', returns: 1, reassignments: 0 },
    ],
    [
      'resolved',
      OPINION_HISTORIES.resolved,
      { status: 'resolved', ...facts, answeringUnit: 'CATP-HP-PC06', onTheSpot: false, holder: 'CATP-HP-PC06', returns: 0, reassignments: 0 },
    ],
  ])('folds an opinion %s', (_, history, expected) => {
    expect(opinionGiven(...history)).toEqual(expected);
  });

  it('accepts events read back from the store', () => {
    const stored = { ...OPINION_HISTORIES.raised[0], id: 'e1', streamId: `opinion-${OPINION_ID}`, revision: 0n, position: 10n } as StoredEvent<OpinionEvent>;
    expect(evolveOpinion(initialOpinionState, stored)).toEqual(opinionGiven(...OPINION_HISTORIES.raised));
  });

  it('ignores an event that does not fit the status, and an unknown event', () => {
    const raised = opinionGiven(...OPINION_HISTORIES.raised);
    expect(evolveOpinion(raised, returned)).toBe(raised);
    expect(evolveOpinion(initialOpinionState, answeredOnTheSpot)).toBe(initialOpinionState);
    expect(evolveOpinion(raised, { type: 'OpinionArchived', data: {} } as unknown as OpinionEvent)).toBe(raised);
  });
});
