import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionCommand } from '../stream-commands';
import { AnswerOpinionCommand } from './answer-opinion.command';
import { answerOpinion } from './answer-opinion.decide';

@CommandHandler(AnswerOpinionCommand)
export class AnswerOpinionHandler implements ICommandHandler<AnswerOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: AnswerOpinionCommand): Promise<WriteResult> {
    return this.runner.run(
      opinionCommand('AnswerOpinion', payload, context, (state, now) => answerOpinion({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
