import type { OpinionAssigned } from '../opinion.events';
import type { OpinionState } from '../opinion.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireAssignableUnit } from '../assignable-unit';
import { requireRole, requireSessionScope } from '../authorization';
import { dueDateFor } from '../due-date';
import { DomainError } from '../opinion.errors';
import { alreadyResolved, requireOpinion } from '../opinion-guards';
import { unreachable } from '../unreachable';

export interface AssignOpinion extends CommandEnvelope {
  opinionId: string;
  department: string;
  /** `YYYY-MM-DD`; when absent, the department's answer period in working days from today. */
  dueDate?: string;
  instructions?: string;
}

/** Leadership hands a raised opinion to a department or local police to answer. */
export function assignOpinion(command: AssignOpinion, state: OpinionState, ctx: DecideContext): OpinionAssigned {
  const { actor, opinionId, department } = command;
  requireRole(actor, ['leader'], 'assign an opinion');
  const opinion = requireOpinion(state, opinionId);
  requireSessionScope(actor, opinion.organisingUnit, ctx.directory);
  switch (opinion.status) {
    case 'raised':
      break;
    case 'assigned':
      throw new DomainError('OPINION_ALREADY_ASSIGNED', `opinion ${opinionId} is held by ${opinion.holder}`);
    case 'answered':
      throw new DomainError('OPINION_ALREADY_ANSWERED', `opinion ${opinionId} is answered`);
    case 'resolved':
      throw alreadyResolved(opinionId);
    default:
      return unreachable(opinion);
  }
  requireAssignableUnit(department, ctx.directory);
  const dueDate = dueDateFor({ dueDate: command.dueDate, holder: department, now: command.now }, ctx);
  return {
    type: 'OpinionAssigned',
    data: {
      opinionId: opinion.opinionId,
      sessionId: opinion.sessionId,
      department,
      dueDate,
      ...(command.instructions !== undefined && { instructions: command.instructions }),
    },
  };
}
