import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionStream } from '../opinion.stream';
import { evolveOpinion, initialOpinionState } from '../opinion.state';
import { AssignOpinionCommand } from './assign-opinion.command';
import { assignOpinion } from './assign-opinion.decide';

@CommandHandler(AssignOpinionCommand)
export class AssignOpinionHandler implements ICommandHandler<AssignOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: AssignOpinionCommand): Promise<WriteResult> {
    const id = payload.opinionId;
    return this.runner.run({
      type: 'AssignOpinion',
      payload,
      context,
      id,
      stream: opinionStream(id),
      creation: false,
      evolve: evolveOpinion,
      initial: initialOpinionState,
      decide: (state, now) => assignOpinion({ ...payload, actor: context.actor, now }, state, this.ctx),
    });
  }
}
