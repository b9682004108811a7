import type { AnswerReturned } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { dueDateFor } from '../due-date';
import { DomainError } from '../opinion.errors';
import { alreadyResolved, requireOpinion } from '../opinion-guards';
import { unreachable } from '../unreachable';

export interface ReturnAnswer extends CommandEnvelope {
  opinionId: string;
  reason: string;
  /** `YYYY-MM-DD`; when absent, the holder's answer period in working days from today. */
  dueDate?: string;
}

/** Leadership sends a weak answer back to the same holder for rework, with a new due date. */
export function returnAnswer(command: ReturnAnswer, state: OpinionState, ctx: DecideContext): AnswerReturned {
  const { actor, opinionId } = command;
  requireRole(actor, ['leader'], 'return an answer');
  const opinion = requireOpinion(state, opinionId);
  requireSessionScope(actor, opinion.organisingUnit, ctx.directory);
  switch (opinion.status) {
    case 'answered':
      break;
    case 'raised':
    case 'assigned':
      throw new DomainError('OPINION_NOT_ANSWERED', `opinion ${opinionId} has no answer to return`);
    case 'resolved':
      throw alreadyResolved(opinionId);
    default:
      return unreachable(opinion);
  }
  if (opinion.onTheSpot) {
    throw new DomainError('ON_THE_SPOT_ANSWER_NOT_RETURNABLE', `opinion ${opinionId} was answered on the spot; it has no holder`);
  }
  const { holder } = opinion;
  const dueDate = dueDateFor({ dueDate: command.dueDate, holder, now: command.now }, ctx);
  return {
    type: 'AnswerReturned',
    data: { opinionId: opinion.opinionId, sessionId: opinion.sessionId, reason: command.reason, holder, dueDate },
  };
}
