import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { sessionCommand } from '../stream-commands';
import { CloseSessionCommand } from './close-session.command';
import { closeSession } from './close-session.decide';

@CommandHandler(CloseSessionCommand)
export class CloseSessionHandler implements ICommandHandler<CloseSessionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: CloseSessionCommand): Promise<WriteResult> {
    return this.runner.run(
      sessionCommand('CloseSession', payload, context, (state, now) => closeSession({ ...payload, actor: context.actor, now }, state, this.ctx)),
    );
  }
}
