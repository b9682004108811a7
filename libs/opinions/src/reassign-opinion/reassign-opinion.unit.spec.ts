import type { Actor } from '@app/eventstore';
import type { DomainErrorCode } from '../opinion.errors';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnSecretary, NOW, OPINION_HISTORIES, OPINION_ID, opinionGiven,
  pc06Officer, SESSION_ID, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { reassignOpinion, type ReassignOpinion } from './reassign-opinion.decide';

const command = (overrides: Partial<ReassignOpinion> = {}): ReassignOpinion => ({
  opinionId: OPINION_ID,
  to: 'CATP-HP-KA',
  reason: 'Thuộc thẩm quyền Công an quận',
  actor: cityLeader,
  now: NOW,
  ...overrides,
});

describe('reassignOpinion', () => {
  const assigned = opinionGiven(...OPINION_HISTORIES.assigned);

  it('moves the opinion to the new holder with a fresh due date', () => {
    expect(reassignOpinion(command(), assigned, ctx)).toEqual({
      type: 'OpinionReassigned',
      data: {
        opinionId: OPINION_ID,
        sessionId: SESSION_ID,
        from: 'CATP-HP-PC06',
        to: 'CATP-HP-KA',
        reason: 'Thuộc thẩm quyền Công an quận',
        dueDate: '2024-12-19',
      },
    });
  });

  it('keeps an explicit due date', () => {
    expect(reassignOpinion(command({ dueDate: '2025-01-10' }), assigned, ctx).data.dueDate).toBe('2025-01-10');
  });

  it.each<[string, Partial<ReassignOpinion>, DomainErrorCode]>([
    ['the current holder', { to: 'CATP-HP-PC06' }, 'SAME_DEPARTMENT'],
    ['an unknown unit', { to: 'NOPE' }, 'UNKNOWN_UNIT'],
    ['a province police', { to: 'CAT-TH' }, 'NOT_A_DEPARTMENT'],
    ['a past due date', { dueDate: '2024-11-01' }, 'DUE_DATE_IN_PAST'],
    ['a secretary', { actor: kienAnSecretary }, 'ROLE_NOT_ALLOWED'],
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor as Actor }, 'ROLE_NOT_ALLOWED'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
  ])('rejects %s', (_, overrides, code) => {
    expectDomainError(() => reassignOpinion(command(overrides), assigned, ctx), code);
  });

  it.each<[keyof typeof OPINION_HISTORIES, DomainErrorCode]>([
    ['none', 'OPINION_NOT_FOUND'],
    ['raised', 'OPINION_NOT_ASSIGNED'],
    ['answeredOnTheSpot', 'OPINION_ALREADY_ANSWERED'],
    ['answered', 'OPINION_ALREADY_ANSWERED'],
    ['resolved', 'OPINION_ALREADY_RESOLVED'],
  ])('cannot reassign an opinion that is %s', (history, code) => {
    expectDomainError(() => reassignOpinion(command(), opinionGiven(...OPINION_HISTORIES[history]), ctx), code);
  });
});
