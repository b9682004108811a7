import type { Actor } from '@app/eventstore';
import type { DomainErrorCode } from '../opinion.errors';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnLeader, kienAnSecretary, NOW, OPINION_HISTORIES, OPINION_ID,
  opinionGiven, pc06Officer, reporter, SESSION_ID, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { assignOpinion, type AssignOpinion } from './assign-opinion.decide';

const command = (overrides: Partial<AssignOpinion> = {}): AssignOpinion => ({
  opinionId: OPINION_ID,
  department: 'CATP-HP-PC06',
  actor: cityLeader,
  now: NOW,
  ...overrides,
});

describe('assignOpinion', () => {
  const raised = opinionGiven(...OPINION_HISTORIES.raised);

  it('assigns a raised opinion with the department’s own answer period counted in working days', () => {
    expect(assignOpinion(command({ instructions: 'Trả lời trước hạn' }), raised, ctx)).toEqual({
      type: 'OpinionAssigned',
      data: {
        opinionId: OPINION_ID,
        sessionId: SESSION_ID,
        department: 'CATP-HP-PC06',
        dueDate: '2024-12-12',
        instructions: 'Trả lời trước hạn',
      },
    });
  });

  it('uses the directory default of 15 working days when the unit sets none', () => {
    expect(assignOpinion(command({ department: 'CATP-HP-PC08' }), raised, ctx).data.dueDate).toBe('2024-12-19');
  });

  it('counts the due date from the assignment day in Vietnam, not in UTC', () => {
    // 2024-11-28T18:00Z is already Friday 29 November in Hải Phòng.
    const late = command({ department: 'CATP-HP-PC08', now: new Date('2024-11-28T18:00:00Z') });
    expect(assignOpinion(late, raised, ctx).data.dueDate).toBe('2024-12-20');
  });

  it('keeps an explicit due date, today included', () => {
    expect(assignOpinion(command({ dueDate: '2024-11-28' }), raised, ctx).data.dueDate).toBe('2024-11-28');
  });

  it('lets the leader of the organising unit itself assign, and to local police', () => {
    const event = assignOpinion(command({ actor: kienAnLeader, department: 'CATP-HP-KA-TTN' }), raised, ctx);
    expect(event.data.department).toBe('CATP-HP-KA-TTN');
  });

  it.each<[string, Partial<AssignOpinion>, DomainErrorCode]>([
    ['a due date before today', { dueDate: '2024-11-27' }, 'DUE_DATE_IN_PAST'],
    ['a malformed due date', { dueDate: '28/11/2024' }, 'INVALID_DUE_DATE'],
    ['an impossible due date', { dueDate: '2024-02-30' }, 'INVALID_DUE_DATE'],
    ['an unknown unit', { department: 'CATP-HP-PX99' }, 'UNKNOWN_UNIT'],
    ['a province police', { department: 'CATP-HP' }, 'NOT_A_DEPARTMENT'],
  ])('rejects %s', (_, overrides, code) => {
    expectDomainError(() => assignOpinion(command(overrides), raised, ctx), code);
  });

  it.each<[string, Actor, DomainErrorCode]>([
    ['a secretary', kienAnSecretary, 'ROLE_NOT_ALLOWED'],
    ['an officer', pc06Officer, 'ROLE_NOT_ALLOWED'],
    ['an auditor', auditor, 'ROLE_NOT_ALLOWED'],
    ['a reporter', reporter, 'ROLE_NOT_ALLOWED'],
    ['a leader of another district', vinhBaoLeader, 'NOT_YOUR_SESSION'],
  ])('refuses %s', (_, actor, code) => {
    expectDomainError(() => assignOpinion(command({ actor }), raised, ctx), code);
  });

  it.each<[keyof typeof OPINION_HISTORIES, DomainErrorCode]>([
    ['none', 'OPINION_NOT_FOUND'],
    ['assigned', 'OPINION_ALREADY_ASSIGNED'],
    ['answeredOnTheSpot', 'OPINION_ALREADY_ANSWERED'],
    ['answered', 'OPINION_ALREADY_ANSWERED'],
    ['resolved', 'OPINION_ALREADY_RESOLVED'],
  ])('cannot assign an opinion that is %s', (history, code) => {
    expectDomainError(() => assignOpinion(command(), opinionGiven(...OPINION_HISTORIES[history]), ctx), code);
  });
});
