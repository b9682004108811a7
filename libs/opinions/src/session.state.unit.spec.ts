import type { SessionEvent } from './session.events';
import { evolveSession, initialSessionState } from './session.state';
import { SESSION_ID, sessionClosed, sessionGiven, sessionHeld, sessionScheduled } from './testing/domain.fixtures';

const facts = {
  sessionId: SESSION_ID,
  organisingUnit: 'CATP-HP-KA',
  locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
  plannedAt: '2024-11-26T08:00:00+07:00',
};

describe('evolveSession', () => {
  it('starts from none', () => expect(initialSessionState).toEqual({ status: 'none' }));

  it.each([
    ['scheduled', [sessionScheduled], { status: 'scheduled', ...facts }],
    ['held', [sessionScheduled, sessionHeld], { status: 'held', ...facts, heldAt: '2024-11-26T08:05:00+07:00' }],
    ['closed', [sessionScheduled, sessionHeld, sessionClosed], { status: 'closed', ...facts, heldAt: '2024-11-26T08:05:00+07:00' }],
  ])('folds a session %s', (_, history, expected) => {
    expect(sessionGiven(...history)).toEqual(expected);
  });

  it('ignores events that do not fit the status, and unknown events', () => {
    const scheduled = sessionGiven(sessionScheduled);
    expect(evolveSession(scheduled, sessionClosed)).toBe(scheduled);
    expect(evolveSession(initialSessionState, sessionHeld)).toBe(initialSessionState);
    expect(evolveSession(scheduled, { type: 'SessionCancelled', data: {} } as unknown as SessionEvent)).toBe(scheduled);
  });
});
