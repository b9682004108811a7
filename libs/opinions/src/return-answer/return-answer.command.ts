import type { CommandEnvelope } from '../decide-context';
import type { RequestContext } from '../handling';
import type { ReturnAnswer } from './return-answer.decide';

/** Send an answer back to its holder for rework. */
export class ReturnAnswerCommand {
  constructor(
    readonly payload: Omit<ReturnAnswer, keyof CommandEnvelope>,
    readonly context: RequestContext,
  ) {}
}
