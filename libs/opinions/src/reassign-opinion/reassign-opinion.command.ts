import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { ReassignOpinion } from './reassign-opinion.decide';

/** Move an assigned opinion to another holder. */
export class ReassignOpinionCommand {
  constructor(
    readonly payload: Omit<ReassignOpinion, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
