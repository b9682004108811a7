import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { sessionCommand } from '../stream-commands';
import { HoldSessionCommand } from './hold-session.command';
import { holdSession } from './hold-session.decide';

@CommandHandler(HoldSessionCommand)
export class HoldSessionHandler implements ICommandHandler<HoldSessionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: HoldSessionCommand): Promise<WriteResult> {
    return this.runner.run(
      sessionCommand(
        'HoldSession',
        payload,
        context,
        (state, now) => holdSession({ ...payload, actor: context.actor, now }, state, this.ctx),
        (event) => (event.type === 'SessionHeld' ? event.data.heldAt : undefined),
      ),
    );
  }
}
