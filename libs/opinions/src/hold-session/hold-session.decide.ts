import type { Instant } from '../opinion.events';
import type { SessionHeld } from '../session.events';
import type { SessionState } from '../session.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';
import { requireSession } from '../session-guards';
import { unreachable } from '../unreachable';

export interface HoldSession extends CommandEnvelope {
  sessionId: string;
  heldAt: Instant;
  chairedBy: string;
  attendance: number;
}

/** Records that a scheduled session took place (often typed in days later, hence `heldAt`). */
export function holdSession(command: HoldSession, state: SessionState, { directory }: DecideContext): SessionHeld {
  const { actor, sessionId } = command;
  requireRole(actor, ['secretary', 'leader'], 'record a session as held');
  const session = requireSession(state, sessionId);
  requireSessionScope(actor, session.organisingUnit, directory);
  switch (session.status) {
    case 'scheduled':
      break;
    case 'held':
      throw new DomainError('SESSION_ALREADY_HELD', `session ${sessionId} was held at ${session.heldAt}`);
    case 'closed':
      throw new DomainError('SESSION_CLOSED', `session ${sessionId} is closed`);
    default:
      return unreachable(session);
  }
  const { heldAt, chairedBy, attendance } = command;
  return { type: 'SessionHeld', data: { sessionId: session.sessionId, heldAt, chairedBy, attendance } };
}
