import type { DomainErrorCode } from '../opinion.errors';
import type { SessionEvent } from '../session.events';
import {
  auditor, ctx, expectDomainError, kienAnLeader, kienAnSecretary, NOW, pc06Officer, SESSION_ID, sessionClosed,
  sessionGiven, sessionHeld, sessionScheduled, vinhBaoSecretary,
} from '../testing/domain.fixtures';
import { closeSession, type CloseSession } from './close-session.decide';

const command = (overrides: Partial<CloseSession> = {}): CloseSession => ({
  sessionId: SESSION_ID,
  minutesSummary: '12 ý kiến; 5 ý kiến được giải đáp trực tiếp',
  actor: kienAnSecretary,
  now: NOW,
  ...overrides,
});

describe('closeSession', () => {
  const held = sessionGiven(sessionScheduled, sessionHeld);

  it.each([
    ['the secretary', kienAnSecretary],
    ['the leader', kienAnLeader],
  ])('closes a held session, by %s', (_, actor) => {
    expect(closeSession(command({ actor }), held, ctx)).toEqual(sessionClosed);
  });

  it.each<[string, Partial<CloseSession>, DomainErrorCode]>([
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a secretary of another district', { actor: vinhBaoSecretary }, 'NOT_YOUR_SESSION'],
  ])('refuses %s', (_, overrides, code) => {
    expectDomainError(() => closeSession(command(overrides), held, ctx), code);
  });

  it.each<[string, SessionEvent[], DomainErrorCode]>([
    ['unknown', [], 'SESSION_NOT_FOUND'],
    ['only scheduled', [sessionScheduled], 'SESSION_NOT_HELD'],
    ['already closed', [sessionScheduled, sessionHeld, sessionClosed], 'SESSION_CLOSED'],
  ])('cannot close a session that is %s', (_, history, code) => {
    expectDomainError(() => closeSession(command(), sessionGiven(...history), ctx), code);
  });
});
