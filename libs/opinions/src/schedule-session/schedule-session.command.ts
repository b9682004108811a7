import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { ScheduleSession } from './schedule-session.decide';

/** Announce a listening session (creates `session-<id>`). */
export class ScheduleSessionCommand {
  constructor(
    readonly payload: Omit<ScheduleSession, keyof CommandEnvelope | 'sessionId'>,
    readonly context: RequestContext,
  ) {}
}
