import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionStream } from '../opinion.stream';
import { evolveOpinion, initialOpinionState } from '../opinion.state';
import { AnswerOpinionCommand } from './answer-opinion.command';
import { answerOpinion } from './answer-opinion.decide';

@CommandHandler(AnswerOpinionCommand)
export class AnswerOpinionHandler implements ICommandHandler<AnswerOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: AnswerOpinionCommand): Promise<WriteResult> {
    const id = payload.opinionId;
    return this.runner.run({
      type: 'AnswerOpinion',
      payload,
      context,
      id,
      stream: opinionStream(id),
      creation: false,
      evolve: evolveOpinion,
      initial: initialOpinionState,
      decide: (state, now) => answerOpinion({ ...payload, actor: context.actor, now }, state, this.ctx),
    });
  }
}
