import type { Channel, Citizen, Instant, OpinionRaised, Topic } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { SessionState } from '../session.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';
import { requireSession } from '../session-guards';
import { unreachable } from '../unreachable';

export interface RaiseOpinion extends CommandEnvelope {
  opinionId: string;
  sessionId: string;
  topic: Topic;
  content: string;
  citizen: Citizen;
  channel: Channel;
  /** When it was said at the session; `now` is when it is recorded. */
  saidAt: Instant;
}

/** Both streams the decision reads: the session it belongs to and the (new) opinion itself. */
export interface RaiseOpinionState {
  session: SessionState;
  opinion: OpinionState;
}

/** Records an opinion raised at a held, not yet closed session. */
export function raiseOpinion(command: RaiseOpinion, state: RaiseOpinionState, { directory }: DecideContext): OpinionRaised {
  const { actor, sessionId, opinionId } = command;
  requireRole(actor, ['secretary', 'leader'], 'record an opinion');
  const session = requireSession(state.session, sessionId);
  requireSessionScope(actor, session.organisingUnit, directory);
  switch (session.status) {
    case 'held':
      break;
    case 'scheduled':
      throw new DomainError('SESSION_NOT_HELD', `session ${sessionId} has not been held yet`);
    case 'closed':
      throw new DomainError('SESSION_CLOSED', `session ${sessionId} is closed`);
    default:
      return unreachable(session);
  }
  if (state.opinion.status !== 'none') throw new DomainError('OPINION_ALREADY_EXISTS', `opinion ${opinionId} exists`);
  const { topic, content, citizen, channel, saidAt } = command;
  return {
    type: 'OpinionRaised',
    data: {
      opinionId,
      sessionId: session.sessionId,
      organisingUnit: session.organisingUnit,
      locality: session.locality,
      topic,
      content,
      citizen,
      channel,
      saidAt,
    },
  };
}
