import type { DomainErrorCode } from '../opinion.errors';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnSecretary, NOW, OPINION_HISTORIES, OPINION_ID, opinionGiven,
  pc06Officer, SESSION_ID, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { returnAnswer, type ReturnAnswer } from './return-answer.decide';

const command = (overrides: Partial<ReturnAnswer> = {}): ReturnAnswer => ({
  opinionId: OPINION_ID,
  reason: 'Câu trả lời chưa đúng trọng tâm',
  actor: cityLeader,
  now: NOW,
  ...overrides,
});

describe('returnAnswer', () => {
  const answered = opinionGiven(...OPINION_HISTORIES.answered);

  it('sends the answer back to the same holder with a new due date', () => {
    expect(returnAnswer(command(), answered, ctx)).toEqual({
      type: 'AnswerReturned',
      data: {
        opinionId: OPINION_ID,
        sessionId: SESSION_ID,
        reason: 'Câu trả lời chưa đúng trọng tâm',
        holder: 'CATP-HP-PC06',
        dueDate: '2024-12-12',
      },
    });
  });

  it('keeps an explicit due date', () => {
    expect(returnAnswer(command({ dueDate: '2024-12-05' }), answered, ctx).data.dueDate).toBe('2024-12-05');
  });

  it('cannot return an answer given on the spot', () => {
    const onTheSpot = opinionGiven(...OPINION_HISTORIES.answeredOnTheSpot);
    expectDomainError(() => returnAnswer(command(), onTheSpot, ctx), 'ON_THE_SPOT_ANSWER_NOT_RETURNABLE');
  });

  it.each<[string, Partial<ReturnAnswer>, DomainErrorCode]>([
    ['a past due date', { dueDate: '2024-11-27' }, 'DUE_DATE_IN_PAST'],
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['a secretary', { actor: kienAnSecretary }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
  ])('rejects %s', (_, overrides, code) => {
    expectDomainError(() => returnAnswer(command(overrides), answered, ctx), code);
  });

  it.each<[keyof typeof OPINION_HISTORIES, DomainErrorCode]>([
    ['none', 'OPINION_NOT_FOUND'],
    ['raised', 'OPINION_NOT_ANSWERED'],
    ['assigned', 'OPINION_NOT_ANSWERED'],
    ['resolved', 'OPINION_ALREADY_RESOLVED'],
  ])('cannot return an opinion that is %s', (history, code) => {
    expectDomainError(() => returnAnswer(command(), opinionGiven(...OPINION_HISTORIES[history]), ctx), code);
  });
});
