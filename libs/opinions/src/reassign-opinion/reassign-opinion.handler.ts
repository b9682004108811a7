import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionStream } from '../opinion.stream';
import { evolveOpinion, initialOpinionState } from '../opinion.state';
import { ReassignOpinionCommand } from './reassign-opinion.command';
import { reassignOpinion } from './reassign-opinion.decide';

@CommandHandler(ReassignOpinionCommand)
export class ReassignOpinionHandler implements ICommandHandler<ReassignOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ReassignOpinionCommand): Promise<WriteResult> {
    const id = payload.opinionId;
    return this.runner.run({
      type: 'ReassignOpinion',
      payload,
      context,
      id,
      stream: opinionStream(id),
      creation: false,
      evolve: evolveOpinion,
      initial: initialOpinionState,
      decide: (state, now) => reassignOpinion({ ...payload, actor: context.actor, now }, state, this.ctx),
    });
  }
}
