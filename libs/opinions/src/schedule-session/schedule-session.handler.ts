import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { sessionStream } from '../opinion.stream';
import { evolveSession, initialSessionState } from '../session.state';
import { ScheduleSessionCommand } from './schedule-session.command';
import { scheduleSession } from './schedule-session.decide';

@CommandHandler(ScheduleSessionCommand)
export class ScheduleSessionHandler implements ICommandHandler<ScheduleSessionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ScheduleSessionCommand): Promise<WriteResult> {
    const id = this.runner.newId(context, 'session');
    return this.runner.run({
      type: 'ScheduleSession',
      payload,
      context,
      id,
      stream: sessionStream(id),
      creation: true,
      evolve: evolveSession,
      initial: initialSessionState,
      decide: (state, now) => scheduleSession({ ...payload, sessionId: id, actor: context.actor, now }, state, this.ctx),
    });
  }
}
