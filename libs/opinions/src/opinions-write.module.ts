import { Module, type DynamicModule } from '@nestjs/common';
import type { DecideContext } from './decide-context';
import { EventStore } from '@app/eventstore';
import { CLOCK, CONSULTED_VIEWS, DECIDE_CONTEXT, ID_SOURCE, LiveStreamView, StreamCommandRunner, randomIds, systemClock, type Clock, type IdSource } from './handling';
import { SESSION_STREAM_PREFIX } from './opinion.stream';
import { evolveSession, initialSessionState } from './session.state';
import { AnswerOpinionHandler } from './answer-opinion/answer-opinion.handler';
import { AssignOpinionHandler } from './assign-opinion/assign-opinion.handler';
import { CloseSessionHandler } from './close-session/close-session.handler';
import { HoldSessionHandler } from './hold-session/hold-session.handler';
import { RaiseOpinionHandler } from './raise-opinion/raise-opinion.handler';
import { ReassignOpinionHandler } from './reassign-opinion/reassign-opinion.handler';
import { ResolveOpinionHandler } from './resolve-opinion/resolve-opinion.handler';
import { ReturnAnswerHandler } from './return-answer/return-answer.handler';
import { ScheduleSessionHandler } from './schedule-session/schedule-session.handler';

export interface OpinionsWriteOptions {
  context: DecideContext;
  /** Injected so tests can assert exact events; system clock and random UUIDs by default. */
  clock?: Clock;
  ids?: IdSource;
}

/**
 * The write side: one command handler per use case on the CQRS command bus (`CqrsModule.forRoot()`
 * must be imported by the app). Needs `EventStore` from `EventStoreModule.forRoot`.
 */
@Module({})
export class OpinionsWriteModule {
  static forRoot(options: OpinionsWriteOptions): DynamicModule {
    return {
      module: OpinionsWriteModule,
      providers: [
        { provide: DECIDE_CONTEXT, useValue: options.context },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_SOURCE, useValue: options.ids ?? randomIds },
        {
          // Sessions a new opinion goes into are followed live instead of read per command (see LiveStreamView).
          provide: CONSULTED_VIEWS,
          inject: [EventStore],
          useFactory: (store: EventStore) => [new LiveStreamView(store, { prefix: SESSION_STREAM_PREFIX, evolve: evolveSession, initial: initialSessionState })],
        },
        StreamCommandRunner,
        ScheduleSessionHandler,
        HoldSessionHandler,
        CloseSessionHandler,
        RaiseOpinionHandler,
        AssignOpinionHandler,
        ReassignOpinionHandler,
        AnswerOpinionHandler,
        ReturnAnswerHandler,
        ResolveOpinionHandler,
      ],
      exports: [DECIDE_CONTEXT, CLOCK, ID_SOURCE, CONSULTED_VIEWS],
    };
  }
}
