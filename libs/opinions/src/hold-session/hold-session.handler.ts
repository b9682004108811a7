import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { sessionStream } from '../opinion.stream';
import { evolveSession, initialSessionState } from '../session.state';
import { HoldSessionCommand } from './hold-session.command';
import { holdSession } from './hold-session.decide';

@CommandHandler(HoldSessionCommand)
export class HoldSessionHandler implements ICommandHandler<HoldSessionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: HoldSessionCommand): Promise<WriteResult> {
    const id = payload.sessionId;
    return this.runner.run({
      type: 'HoldSession',
      payload,
      context,
      id,
      stream: sessionStream(id),
      creation: false,
      evolve: evolveSession,
      initial: initialSessionState,
      decide: (state, now) => holdSession({ ...payload, actor: context.actor, now }, state, this.ctx),
      occurredAt: (event) => event.data.heldAt,
    });
  }
}
