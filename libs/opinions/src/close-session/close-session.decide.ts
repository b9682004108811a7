import type { SessionClosed } from '../session.events';
import type { SessionState } from '../session.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';
import { requireSession } from '../session-guards';
import { unreachable } from '../unreachable';

export interface CloseSession extends CommandEnvelope {
  sessionId: string;
  minutesSummary: string;
}

/** Closes a held session: no more opinions can be recorded against it. */
export function closeSession(command: CloseSession, state: SessionState, { directory }: DecideContext): SessionClosed {
  const { actor, sessionId } = command;
  requireRole(actor, ['secretary', 'leader'], 'close a session');
  const session = requireSession(state, sessionId);
  requireSessionScope(actor, session.organisingUnit, directory);
  switch (session.status) {
    case 'held':
      break;
    case 'scheduled':
      throw new DomainError('SESSION_NOT_HELD', `session ${sessionId} has not been held yet`);
    case 'closed':
      throw new DomainError('SESSION_CLOSED', `session ${sessionId} is already closed`);
    default:
      return unreachable(session);
  }
  return { type: 'SessionClosed', data: { sessionId: session.sessionId, minutesSummary: command.minutesSummary } };
}
