import type { Instant, Locality } from '../opinion.events';
import type { SessionScheduled } from '../session.events';
import type { SessionState } from '../session.state';
import type { CommandEnvelope, DecideContext } from '../decide-context';
import { requireRole, requireSessionScope } from '../authorization';
import { DomainError } from '../opinion.errors';

export interface ScheduleSession extends CommandEnvelope {
  sessionId: string;
  title: string;
  organisingUnit: string;
  coOrganisers: string[];
  locality: Locality;
  venue: string;
  plannedAt: Instant;
}

/** A secretary or leader announces a session organised by their unit or a unit below it. */
export function scheduleSession(command: ScheduleSession, state: SessionState, { directory }: DecideContext): SessionScheduled {
  const { actor, organisingUnit } = command;
  requireRole(actor, ['secretary', 'leader'], 'schedule a session');
  if (state.status !== 'none') throw new DomainError('SESSION_ALREADY_EXISTS', `session ${command.sessionId} exists`);
  if (!directory.has(organisingUnit)) throw new DomainError('UNKNOWN_UNIT', `no unit "${organisingUnit}" in the directory`);
  requireSessionScope(actor, organisingUnit, directory);
  const { sessionId, title, coOrganisers, locality, venue, plannedAt } = command;
  return {
    type: 'SessionScheduled',
    data: { sessionId, title, organisingUnit, coOrganisers, locality, venue, plannedAt },
  };
}
