import type { DomainErrorCode } from '../opinion.errors';
import {
  answeredByHolder, auditor, cityLeader, ctx, expectDomainError, kienAnLeader, kienAnSecretary, NOW,
  OPINION_HISTORIES, OPINION_ID, opinionGiven, opinionReassignedTo, pc06Leader, pc06Officer, pc08Officer, reporter,
  SESSION_ID, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { answerOpinion, type AnswerOpinion } from './answer-opinion.decide';

const command = (overrides: Partial<AnswerOpinion> = {}): AnswerOpinion => ({
  opinionId: OPINION_ID,
  content: 'Trả lời ý kiến',
  actor: pc06Officer,
  now: NOW,
  ...overrides,
});

describe('answerOpinion', () => {
  const raised = opinionGiven(...OPINION_HISTORIES.raised);
  const assigned = opinionGiven(...OPINION_HISTORIES.assigned);

  it('records leadership answering a raised opinion on the spot', () => {
    expect(answerOpinion(command({ actor: cityLeader }), raised, ctx)).toEqual({
      type: 'OpinionAnswered',
      data: { opinionId: OPINION_ID, sessionId: SESSION_ID, content: 'Trả lời ý kiến', answeringUnit: 'CATP-HP', onTheSpot: true },
    });
  });

  it('records the holding department’s officer answering an assigned opinion', () => {
    expect(answerOpinion(command(), assigned, ctx)).toEqual({
      type: 'OpinionAnswered',
      data: { opinionId: OPINION_ID, sessionId: SESSION_ID, content: 'Trả lời ý kiến', answeringUnit: 'CATP-HP-PC06', onTheSpot: false },
    });
  });

  it.each([
    ['the session’s leadership', kienAnLeader],
    ['the holder’s leadership', pc06Leader],
  ])('lets %s answer an assigned opinion', (_, actor) => {
    expect(answerOpinion(command({ actor }), assigned, ctx).data).toMatchObject({ answeringUnit: actor.unit, onTheSpot: false });
  });

  it('lets the new holder answer after a reassignment, and not the old one', () => {
    const reassigned = opinionGiven(...OPINION_HISTORIES.assigned, opinionReassignedTo('CATP-HP-PC08'));
    expect(answerOpinion(command({ actor: pc08Officer }), reassigned, ctx).data.answeringUnit).toBe('CATP-HP-PC08');
    expectDomainError(() => answerOpinion(command(), reassigned, ctx), 'NOT_ASSIGNED_TO_YOUR_UNIT');
  });

  it('lets the holder answer again after the answer was returned', () => {
    const returned = opinionGiven(...OPINION_HISTORIES.answered, {
      type: 'AnswerReturned',
      data: { opinionId: OPINION_ID, sessionId: SESSION_ID, reason: 'Chưa rõ', holder: 'CATP-HP-PC06', dueDate: '2024-12-20' },
    });
    expect(answerOpinion(command({ content: 'Phòng PC06 đã bố trí ...' }), returned, ctx)).toEqual(answeredByHolder);
  });

  it.each<[string, Partial<AnswerOpinion>, DomainErrorCode]>([
    ['an officer of another department', { actor: pc08Officer }, 'NOT_ASSIGNED_TO_YOUR_UNIT'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
    ['a secretary', { actor: kienAnSecretary }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a reporter', { actor: reporter }, 'ROLE_NOT_ALLOWED'],
  ])('refuses an assigned opinion answered by %s', (_, overrides, code) => {
    expectDomainError(() => answerOpinion(command(overrides), assigned, ctx), code);
  });

  it.each<[string, Partial<AnswerOpinion>, DomainErrorCode]>([
    ['an officer (nothing assigned yet)', { actor: pc06Officer }, 'OPINION_NOT_ASSIGNED'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
    ['a department leader outside the session', { actor: pc06Leader }, 'NOT_YOUR_SESSION'],
  ])('refuses an on-the-spot answer by %s', (_, overrides, code) => {
    expectDomainError(() => answerOpinion(command(overrides), raised, ctx), code);
  });

  it.each<[keyof typeof OPINION_HISTORIES, DomainErrorCode]>([
    ['none', 'OPINION_NOT_FOUND'],
    ['answeredOnTheSpot', 'OPINION_ALREADY_ANSWERED'],
    ['answered', 'OPINION_ALREADY_ANSWERED'],
    ['resolved', 'OPINION_ALREADY_RESOLVED'],
  ])('cannot answer an opinion that is %s', (history, code) => {
    expectDomainError(() => answerOpinion(command({ actor: cityLeader }), opinionGiven(...OPINION_HISTORIES[history]), ctx), code);
  });
});
