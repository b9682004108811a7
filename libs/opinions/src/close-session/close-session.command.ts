import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { CloseSession } from './close-session.decide';

/** Close a held session to further opinions. */
export class CloseSessionCommand {
  constructor(
    readonly payload: Omit<CloseSession, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
