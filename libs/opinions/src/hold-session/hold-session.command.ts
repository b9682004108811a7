import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { HoldSession } from './hold-session.decide';

/** Record that a scheduled session took place. */
export class HoldSessionCommand {
  constructor(
    readonly payload: Omit<HoldSession, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
