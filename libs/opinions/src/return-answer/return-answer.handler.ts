import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionCommand } from '../stream-commands';
import { ReturnAnswerCommand } from './return-answer.command';
import { returnAnswer } from './return-answer.decide';

@CommandHandler(ReturnAnswerCommand)
export class ReturnAnswerHandler implements ICommandHandler<ReturnAnswerCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ReturnAnswerCommand): Promise<WriteResult> {
    return this.runner.run(
      opinionCommand('ReturnAnswer', payload, context, (state, now) => returnAnswer({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
