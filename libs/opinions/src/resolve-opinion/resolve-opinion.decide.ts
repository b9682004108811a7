import type { OpinionResolved } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';
import { alreadyResolved, requireOpinion } from '../opinion-guards';
import { unreachable } from '../unreachable';

export interface ResolveOpinion extends CommandEnvelope {
  opinionId: string;
  resolutionNote: string;
}

/** Leadership accepts the answer (on the spot or not) and closes the opinion for good. */
export function resolveOpinion(command: ResolveOpinion, state: OpinionState, { directory }: DecideContext): OpinionResolved {
  const { actor, opinionId } = command;
  requireRole(actor, ['leader'], 'resolve an opinion');
  const opinion = requireOpinion(state, opinionId);
  requireSessionScope(actor, opinion.organisingUnit, directory);
  switch (opinion.status) {
    case 'answered':
      break;
    case 'raised':
    case 'assigned':
      throw new DomainError('OPINION_NOT_ANSWERED', `opinion ${opinionId} has no answer yet`);
    case 'resolved':
      throw alreadyResolved(opinionId);
    default:
      return unreachable(opinion);
  }
  return {
    type: 'OpinionResolved',
    data: { opinionId: opinion.opinionId, sessionId: opinion.sessionId, resolutionNote: command.resolutionNote },
  };
}
