import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { ResolveOpinion } from './resolve-opinion.decide';

/** Accept the answer and close the opinion. */
export class ResolveOpinionCommand {
  constructor(
    readonly payload: Omit<ResolveOpinion, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
