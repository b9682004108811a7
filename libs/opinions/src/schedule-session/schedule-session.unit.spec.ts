import type { DomainErrorCode } from '../opinion.errors';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnSecretary, NOW, pc06Officer, SESSION_ID, sessionGiven,
  sessionScheduled, vinhBaoSecretary,
} from '../testing/domain.fixtures';
import { initialSessionState } from '../session.state';
import { scheduleSession, type ScheduleSession } from './schedule-session.decide';

const command = (overrides: Partial<ScheduleSession> = {}): ScheduleSession => ({
  ...(sessionScheduled.data as Omit<ScheduleSession, 'actor' | 'now'>),
  actor: kienAnSecretary,
  now: NOW,
  ...overrides,
});

describe('scheduleSession', () => {
  it.each([
    ['the organising unit’s secretary', kienAnSecretary],
    ['leadership above the organising unit', cityLeader],
  ])('is recorded by %s', (_, actor) => {
    expect(scheduleSession(command({ actor }), initialSessionState, ctx)).toEqual(sessionScheduled);
  });

  it.each<[string, Partial<ScheduleSession>, DomainErrorCode]>([
    ['a secretary of another district', { actor: vinhBaoSecretary }, 'NOT_YOUR_SESSION'],
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['an unknown organising unit', { organisingUnit: 'CATP-XX' }, 'UNKNOWN_UNIT'],
  ])('rejects %s', (_, overrides, code) => {
    expectDomainError(() => scheduleSession(command(overrides), initialSessionState, ctx), code);
  });

  it('cannot schedule the same session twice', () => {
    expectDomainError(() => scheduleSession(command(), sessionGiven(sessionScheduled), ctx), 'SESSION_ALREADY_EXISTS');
  });

  it('uses the session id of the command', () => {
    expect(scheduleSession(command(), initialSessionState, ctx).data.sessionId).toBe(SESSION_ID);
  });
});
