import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient, type Db } from 'mongodb';
import type { AppConfig, Infrastructure } from '@app/config';
import { Directory } from '@app/directory';
import { AuditQuery, OpinionsQuery, ReadModelFreshness, SessionsQuery, startProjector, type Projector } from '@app/read-models';
import { AuditLogController } from './audit-log/audit-log.controller';
import { DepartmentQueueController } from './department-queue/department-queue.controller';
import { HealthController } from './health/health.controller';
import { ProjectionHealthService } from './health/projection-health';
import { ListOpinionsController } from './list-opinions/list-opinions.controller';
import { ListSessionsController } from './list-sessions/list-sessions.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ReadSideMetrics } from './metrics/read-side.metrics';
import { OpinionDetailsController } from './opinion-details/opinion-details.controller';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor';
import { PROJECTOR, READ_CLOCK, READ_DB, READ_MONGO_CLIENT } from './read-side.tokens';
import { SessionBacklogController } from './session-backlog/session-backlog.controller';
import { SessionDetailsController } from './session-details/session-details.controller';

export interface ReadSideOptions {
  config: AppConfig;
  infra: Infrastructure;
  clock?: { now(): Date };
}

/**
 * The projector runs inside the API when RUN_PROJECTOR=true, or when it is unset and the nodes are
 * embedded (npm start, tests). In production RUN_PROJECTOR=false and `apps/projector` runs alone:
 * two projectors must never write the same read models.
 */
export const runsProjectorInProcess = ({ config, infra }: ReadSideOptions): boolean =>
  config.RUN_PROJECTOR === 'true' || (config.RUN_PROJECTOR === undefined && (infra.embeddedEventStore || infra.embeddedMongo));

@Injectable()
class ReadSideStopper implements BeforeApplicationShutdown {
  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector | null,
    @Inject(READ_MONGO_CLIENT) private readonly mongo: MongoClient,
  ) {}

  // Before the app's onApplicationShutdown hooks dispose the EventStoreDB client and stop embedded nodes.
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
    await this.mongo.close();
  }
}

/** Query API, health, metrics and (in embedded mode) the projector. */
@Module({})
export class ReadSideModule {
  static forRoot(options: ReadSideOptions): DynamicModule {
    const now = () => options.clock?.now() ?? new Date();
    return {
      module: ReadSideModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [
        ListSessionsController,
        SessionDetailsController,
        SessionBacklogController,
        ListOpinionsController,
        OpinionDetailsController,
        DepartmentQueueController,
        AuditLogController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: READ_MONGO_CLIENT, useFactory: () => MongoClient.connect(options.infra.mongoUrl, { serverSelectionTimeoutMS: 5000 }) },
        { provide: READ_DB, useFactory: (client: MongoClient) => client.db(options.config.MONGO_DB), inject: [READ_MONGO_CLIENT] },
        { provide: READ_CLOCK, useValue: now },
        {
          provide: PROJECTOR,
          useFactory: (client: EventStoreDBClient, db: Db) =>
            runsProjectorInProcess(options) ? startProjector({ client, db, logger: new Logger('Projector') }) : null,
          inject: [EventStoreDBClient, READ_DB],
        },
        { provide: ReadModelFreshness, useFactory: (db: Db, projector: Projector | null) => new ReadModelFreshness(db, projector ?? undefined), inject: [READ_DB, PROJECTOR] },
        { provide: OpinionsQuery, useFactory: (db: Db, directory: Directory) => new OpinionsQuery(db, directory, now), inject: [READ_DB, Directory] },
        { provide: SessionsQuery, useFactory: (db: Db, directory: Directory) => new SessionsQuery(db, directory, now), inject: [READ_DB, Directory] },
        { provide: AuditQuery, useFactory: (db: Db) => new AuditQuery(db), inject: [READ_DB] },
        ProjectionHealthService,
        ReadSideMetrics,
        ReadYourWritesInterceptor,
        ReadSideStopper,
      ],
    };
  }
}
