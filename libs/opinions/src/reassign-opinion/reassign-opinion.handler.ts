import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionCommand } from '../stream-commands';
import { ReassignOpinionCommand } from './reassign-opinion.command';
import { reassignOpinion } from './reassign-opinion.decide';

@CommandHandler(ReassignOpinionCommand)
export class ReassignOpinionHandler implements ICommandHandler<ReassignOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ReassignOpinionCommand): Promise<WriteResult> {
    return this.runner.run(
      opinionCommand('ReassignOpinion', payload, context, (state, now) => reassignOpinion({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
