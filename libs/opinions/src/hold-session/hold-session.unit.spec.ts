import type { DomainErrorCode } from '../opinion.errors';
import type { SessionEvent } from '../session.events';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnSecretary, NOW, pc06Officer, SESSION_ID, sessionClosed,
  sessionGiven, sessionHeld, sessionScheduled, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { holdSession, type HoldSession } from './hold-session.decide';

const command = (overrides: Partial<HoldSession> = {}): HoldSession => ({
  sessionId: SESSION_ID,
  heldAt: '2024-11-26T08:05:00+07:00',
  chairedBy: 'Đại tá Nguyễn Văn An',
  attendance: 120,
  actor: kienAnSecretary,
  now: NOW,
  ...overrides,
});

describe('holdSession', () => {
  const scheduled = sessionGiven(sessionScheduled);

  it.each([
    ['the secretary', kienAnSecretary],
    ['city leadership', cityLeader],
  ])('records, by %s, that a scheduled session took place', (_, actor) => {
    expect(holdSession(command({ actor }), scheduled, ctx)).toEqual(sessionHeld);
  });

  it.each<[string, Partial<HoldSession>, DomainErrorCode]>([
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
  ])('refuses %s', (_, overrides, code) => {
    expectDomainError(() => holdSession(command(overrides), scheduled, ctx), code);
  });

  it.each<[string, SessionEvent[], DomainErrorCode]>([
    ['unknown', [], 'SESSION_NOT_FOUND'],
    ['held', [sessionScheduled, sessionHeld], 'SESSION_ALREADY_HELD'],
    ['closed', [sessionScheduled, sessionHeld, sessionClosed], 'SESSION_CLOSED'],
  ])('cannot hold a session that is %s', (_, history, code) => {
    expectDomainError(() => holdSession(command(), sessionGiven(...history), ctx), code);
  });
});
