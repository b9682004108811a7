import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { AssignOpinion } from './assign-opinion.decide';

/** Hand a raised opinion to a department or local police. */
export class AssignOpinionCommand {
  constructor(
    readonly payload: Omit<AssignOpinion, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
