import type { OpinionReassigned } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireAssignableUnit } from '../assignable-unit';
import { requireRole, requireSessionScope } from '../authorization';
import { dueDateFor } from '../due-date';
import { DomainError } from '../opinion.errors';
import { alreadyResolved, requireOpinion } from '../opinion-guards';
import { unreachable } from '../unreachable';

export interface ReassignOpinion extends CommandEnvelope {
  opinionId: string;
  to: string;
  reason: string;
  /** `YYYY-MM-DD`; when absent, the new holder's answer period in working days from today. */
  dueDate?: string;
}

/** Leadership moves an assigned, unanswered opinion to another holder with a fresh due date. */
export function reassignOpinion(command: ReassignOpinion, state: OpinionState, ctx: DecideContext): OpinionReassigned {
  const { actor, opinionId, to } = command;
  requireRole(actor, ['leader'], 'reassign an opinion');
  const opinion = requireOpinion(state, opinionId);
  requireSessionScope(actor, opinion.organisingUnit, ctx.directory);
  switch (opinion.status) {
    case 'assigned':
      break;
    case 'raised':
      throw new DomainError('OPINION_NOT_ASSIGNED', `opinion ${opinionId} has no holder yet`);
    case 'answered':
      throw new DomainError('OPINION_ALREADY_ANSWERED', `opinion ${opinionId} is answered`);
    case 'resolved':
      throw alreadyResolved(opinionId);
    default:
      return unreachable(opinion);
  }
  if (to === opinion.holder) throw new DomainError('SAME_DEPARTMENT', `opinion ${opinionId} is already held by ${to}`);
  requireAssignableUnit(to, ctx.directory);
  const dueDate = dueDateFor({ dueDate: command.dueDate, holder: to, now: command.now }, ctx);
  return {
    type: 'OpinionReassigned',
    data: { opinionId: opinion.opinionId, sessionId: opinion.sessionId, from: opinion.holder, to, reason: command.reason, dueDate },
  };
}
