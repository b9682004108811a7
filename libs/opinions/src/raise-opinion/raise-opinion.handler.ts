import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { evolveOpinion, initialOpinionState } from '../opinion.state';
import { opinionStream, sessionStream } from '../opinion.stream';
import { evolveSession, initialSessionState } from '../session.state';
import { RaiseOpinionCommand } from './raise-opinion.command';
import { raiseOpinion } from './raise-opinion.decide';

/**
 * Consults the session (no write to it: opinions live in their own streams) and creates the opinion.
 * Like any cross-stream check this one is not atomic with the append: a session closed at the same
 * instant can still receive this opinion, which is why closing is not a business deadline.
 */
@CommandHandler(RaiseOpinionCommand)
export class RaiseOpinionHandler implements ICommandHandler<RaiseOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: RaiseOpinionCommand): Promise<WriteResult> {
    const id = this.runner.newId(context, 'opinion');
    return this.runner.run({
      type: 'RaiseOpinion',
      payload,
      context,
      id,
      stream: opinionStream(id),
      creation: true,
      evolve: evolveOpinion,
      initial: initialOpinionState,
      decide: async (opinion, now, consult) => {
        const session = await consult(sessionStream(payload.sessionId), evolveSession, initialSessionState);
        return raiseOpinion({ ...payload, opinionId: id, actor: context.actor, now }, { session, opinion }, this.ctx);
      },
      occurredAt: (event) => event.data.saidAt,
    });
  }
}
