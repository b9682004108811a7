import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { AnswerOpinion } from './answer-opinion.decide';

/** Answer an opinion (on the spot by leadership, or by its holder). */
export class AnswerOpinionCommand {
  constructor(
    readonly payload: Omit<AnswerOpinion, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
