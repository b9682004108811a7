import { DomainError } from './opinion.errors';
import type { SessionState } from './session.state';

export type ExistingSession = Exclude<SessionState, { status: 'none' }>;

export function requireSession(state: SessionState, sessionId: string): ExistingSession {
  if (state.status === 'none') throw new DomainError('SESSION_NOT_FOUND', `no session ${sessionId}`);
  return state;
}
