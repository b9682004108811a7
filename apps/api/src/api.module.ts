/**
 * Root module of the HTTP API.
 *
 * Read side: add your feature modules to `readSideModules` below (one line each). Globally
 * available to them: `AppConfig` (class token), `INFRASTRUCTURE` (`Infrastructure`: eventstoreUrl,
 * mongoUrl), `Directory`, `WorkingCalendar`, `EventStore`/`EventStoreDBClient`, `CommandBus`.
 * Every route requires a bearer token unless marked `@Public()` from `@app/auth`; use
 * `@Roles(...)` and `@CurrentActor()` for the rest, and `canSeePersonalData` before showing
 * citizens' names or contacts. Routes live under `/api/v1` except `/health` and `/metrics`
 * (see `UNPREFIXED_ROUTES` in app.factory.ts). Throw domain errors or `RequestValidationError`;
 * `ProblemDetailsFilter` renders problem+json.
 */
import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreDBClient } from '@eventstore/db-client';
import { AuthModule } from '@app/auth';
import { AppConfig, jwtSecret, type Infrastructure } from '@app/config';
import { Directory, WorkingCalendar } from '@app/directory';
import { EventStoreModule } from '@app/eventstore';
import { OpinionsWriteModule, type Clock, type DecideContext, type IdSource } from '@app/opinions';
import { INFRASTRUCTURE } from './api.tokens';
import { ReadSideModule } from './queries/read-side.module';
import { AnswerOpinionController } from './opinions/answer-opinion/answer-opinion.controller';
import { AssignOpinionController } from './opinions/assign-opinion/assign-opinion.controller';
import { CloseSessionController } from './opinions/close-session/close-session.controller';
import { HoldSessionController } from './opinions/hold-session/hold-session.controller';
import { OpinionHistoryController } from './opinions/opinion-history/opinion-history.controller';
import { OpinionHistoryQuery } from './opinions/opinion-history/opinion-history.query';
import { RaiseOpinionController } from './opinions/raise-opinion/raise-opinion.controller';
import { ReassignOpinionController } from './opinions/reassign-opinion/reassign-opinion.controller';
import { ResolveOpinionController } from './opinions/resolve-opinion/resolve-opinion.controller';
import { ReturnAnswerController } from './opinions/return-answer/return-answer.controller';
import { ScheduleSessionController } from './opinions/schedule-session/schedule-session.controller';

export interface ApiOptions {
  config: AppConfig;
  infra: Infrastructure;
  reference: DecideContext;
  clock?: Clock;
  ids?: IdSource;
  /** Stop the embedded nodes when the app shuts down (main.ts); tests manage their nodes themselves. */
  ownsInfrastructure?: boolean;
}

/** Read-side feature modules (queries, health, metrics), registered by their owners. */
const readSideModules = (options: ApiOptions): Array<DynamicModule | (new () => unknown)> => [ReadSideModule.forRoot(options)];

@Injectable()
class InfrastructureStopper implements OnApplicationShutdown {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    private readonly client: EventStoreDBClient,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.dispose().catch(() => undefined);
    await this.infra.stop();
  }
}

@Global()
@Module({})
class CoreModule {
  static forRoot(options: ApiOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: INFRASTRUCTURE, useValue: options.infra },
        { provide: Directory, useValue: options.reference.directory },
        { provide: WorkingCalendar, useValue: options.reference.calendar },
      ],
      exports: [AppConfig, INFRASTRUCTURE, Directory, WorkingCalendar],
    };
  }
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(options.infra.eventstoreUrl, { appendThread: options.config.APPEND_THREAD === 'true' }),
        AuthModule.forRoot({ secret: jwtSecret(options.config), directory: options.reference.directory }),
        OpinionsWriteModule.forRoot({ context: options.reference, clock: options.clock, ids: options.ids }),
        ...readSideModules(options),
      ],
      controllers: [
        ScheduleSessionController,
        HoldSessionController,
        CloseSessionController,
        RaiseOpinionController,
        AssignOpinionController,
        ReassignOpinionController,
        AnswerOpinionController,
        ReturnAnswerController,
        ResolveOpinionController,
        OpinionHistoryController,
      ],
      providers: [OpinionHistoryQuery, ...(options.ownsInfrastructure ? [InfrastructureStopper] : [])],
    };
  }
}
