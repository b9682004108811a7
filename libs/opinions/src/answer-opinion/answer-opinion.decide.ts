import type { Actor } from '@app/eventstore';
import type { OpinionAnswered } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { inSessionScope, requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';
import { alreadyResolved, requireOpinion } from '../opinion-guards';
import { unreachable } from '../unreachable';

export interface AnswerOpinion extends CommandEnvelope {
  opinionId: string;
  content: string;
}

/**
 * Answers an opinion. From `raised` it is leadership answering directly at the session (on the spot);
 * from `assigned` it is the holder's officers, or leadership of the session or of the holder.
 */
export function answerOpinion(command: AnswerOpinion, state: OpinionState, { directory }: DecideContext): OpinionAnswered {
  const { actor, opinionId } = command;
  requireRole(actor, ['leader', 'officer'], 'answer an opinion');
  const opinion = requireOpinion(state, opinionId);
  let onTheSpot: boolean;
  switch (opinion.status) {
    case 'raised':
      if (actor.role !== 'leader') throw new DomainError('OPINION_NOT_ASSIGNED', `opinion ${opinionId} is not assigned to any unit`);
      requireSessionScope(actor, opinion.organisingUnit, directory);
      onTheSpot = true;
      break;
    case 'assigned':
      requireHolderOrLeadership(actor, opinion.holder, opinion.organisingUnit, directory);
      onTheSpot = false;
      break;
    case 'answered':
      throw new DomainError('OPINION_ALREADY_ANSWERED', `opinion ${opinionId} is answered, awaiting review`);
    case 'resolved':
      throw alreadyResolved(opinionId);
    default:
      return unreachable(opinion);
  }
  return {
    type: 'OpinionAnswered',
    data: { opinionId: opinion.opinionId, sessionId: opinion.sessionId, content: command.content, answeringUnit: actor.unit, onTheSpot },
  };
}

function requireHolderOrLeadership(
  actor: Actor,
  holder: string,
  organisingUnit: string,
  directory: DecideContext['directory'],
): void {
  if (actor.role === 'officer') {
    if (actor.unit !== holder) throw new DomainError('NOT_ASSIGNED_TO_YOUR_UNIT', `opinion is held by ${holder}, not ${actor.unit}`);
    return;
  }
  if (!inSessionScope(actor, organisingUnit, directory) && !directory.isSameOrBelow(holder, actor.unit)) {
    throw new DomainError('NOT_YOUR_SESSION', `unit "${actor.unit}" neither organised the session nor holds the opinion`);
  }
}
