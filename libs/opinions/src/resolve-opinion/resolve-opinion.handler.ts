import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionCommand } from '../stream-commands';
import { ResolveOpinionCommand } from './resolve-opinion.command';
import { resolveOpinion } from './resolve-opinion.decide';

@CommandHandler(ResolveOpinionCommand)
export class ResolveOpinionHandler implements ICommandHandler<ResolveOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ResolveOpinionCommand): Promise<WriteResult> {
    return this.runner.run(
      opinionCommand('ResolveOpinion', payload, context, (state, now) => resolveOpinion({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
