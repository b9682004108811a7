import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecideContext } from '../decide-context';
import { DECIDE_CONTEXT, StreamCommandRunner, type WriteResult } from '../handling';
import { opinionStream } from '../opinion.stream';
import { evolveOpinion, initialOpinionState } from '../opinion.state';
import { ResolveOpinionCommand } from './resolve-opinion.command';
import { resolveOpinion } from './resolve-opinion.decide';

@CommandHandler(ResolveOpinionCommand)
export class ResolveOpinionHandler implements ICommandHandler<ResolveOpinionCommand, WriteResult> {
  constructor(
    private readonly runner: StreamCommandRunner,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  execute({ payload, context }: ResolveOpinionCommand): Promise<WriteResult> {
    const id = payload.opinionId;
    return this.runner.run({
      type: 'ResolveOpinion',
      payload,
      context,
      id,
      stream: opinionStream(id),
      creation: false,
      evolve: evolveOpinion,
      initial: initialOpinionState,
      decide: (state, now) => resolveOpinion({ ...payload, actor: context.actor, now }, state, this.ctx),
    });
  }
}
