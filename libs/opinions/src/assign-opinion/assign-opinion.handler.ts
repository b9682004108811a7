import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionCommand } from '../stream-commands';
import { AssignOpinionCommand } from './assign-opinion.command';
import { assignOpinion } from './assign-opinion.decide';

@CommandHandler(AssignOpinionCommand)
export class AssignOpinionHandler implements ICommandHandler<AssignOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: AssignOpinionCommand): Promise<WriteResult> {
    return this.runner.run(
      opinionCommand('AssignOpinion', payload, context, (state, now) => assignOpinion({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
