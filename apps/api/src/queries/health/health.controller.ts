import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { EventStore } from '@app/eventstore';
import { CONSULTED_VIEWS, type ConsultedView } from '@app/opinions';
import { ProjectionHealthService } from './projection-health';

/** Liveness of both stores plus projection checkpoints and lag (events and seconds). Public. */
@ApiTags('Vận hành (operations)')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(ProjectionHealthService) private readonly projections: ProjectionHealthService,
    private readonly store: EventStore,
    private readonly modules: ModuleRef,
  ) {}

  /** The write side's live views (sessions), when this process runs the write side. */
  private consultedViews(): readonly ConsultedView[] {
    try {
      return this.modules.get<readonly ConsultedView[]>(CONSULTED_VIEWS, { strict: false });
    } catch {
      return [];
    }
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Tình trạng hệ thống: kho sự kiện, MongoDB, độ trễ của các mô hình đọc' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const eventstore = this.indicators.check('eventstore');
        try {
          // Reads may work while appends cannot (the append thread stopped): then the store is down for this process.
          const appendFailure = this.store.appendFailure;
          if (appendFailure) return eventstore.down({ message: appendFailure.message });
          const head = await this.store.headPosition();
          const views = this.consultedViews();
          // Not live (e.g. just started, or resubscribing): commands read sessions from the store meanwhile.
          return eventstore.up({ headPosition: head?.toString() ?? null, ...(views.length > 0 && { sessionsFollowedLive: views.every((view) => view.live) }) });
        } catch (error) {
          return eventstore.down({ message: String((error as Error).message) });
        }
      },
      async () => {
        const mongo = this.indicators.check('mongodb');
        try {
          await this.projections.pingMongo();
          return mongo.up();
        } catch (error) {
          return mongo.down({ message: String((error as Error).message) });
        }
      },
      async () => {
        const indicator = this.indicators.check('projections');
        try {
          const list = await this.projections.projections();
          const running = this.projections.projector?.status();
          return indicator.up({ inProcess: running !== undefined, caughtUp: running?.caughtUp, projections: list });
        } catch (error) {
          return indicator.down({ message: String((error as Error).message) });
        }
      },
    ]);
  }
}
