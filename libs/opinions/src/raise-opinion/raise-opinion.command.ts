import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { RaiseOpinion } from './raise-opinion.decide';

/** Record an opinion raised at a held session (creates `opinion-<id>`). */
export class RaiseOpinionCommand {
  constructor(
    readonly payload: Omit<RaiseOpinion, keyof CommandEnvelope | 'opinionId'>,
    readonly context: RequestContext,
  ) {}
}
