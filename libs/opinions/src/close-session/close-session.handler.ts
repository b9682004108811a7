import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { sessionStream } from '../opinion.stream';
import { evolveSession, initialSessionState } from '../session.state';
import { CloseSessionCommand } from './close-session.command';
import { closeSession } from './close-session.decide';

@CommandHandler(CloseSessionCommand)
export class CloseSessionHandler implements ICommandHandler<CloseSessionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: CloseSessionCommand): Promise<WriteResult> {
    const id = payload.sessionId;
    return this.runner.run({
      type: 'CloseSession',
      payload,
      context,
      id,
      stream: sessionStream(id),
      creation: false,
      evolve: evolveSession,
      initial: initialSessionState,
      decide: (state, now) => closeSession({ ...payload, actor: context.actor, now }, state, this.ctx),
    });
  }
}
