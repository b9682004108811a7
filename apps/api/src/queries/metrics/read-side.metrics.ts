import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ProjectionHealthService, type ProjectionHealth } from '../health/projection-health';

/** A registry per app instance (tests start several apps in one process). */
@Injectable()
export class ReadSideMetrics {
  readonly registry = new Registry();
  private snapshot?: { at: number; value: Promise<ProjectionHealth[]> };

  constructor(@Inject(ProjectionHealthService) private readonly projections: ProjectionHealthService) {
    collectDefaultMetrics({ register: this.registry });
    const perProjection = (name: string, help: string, value: (p: ProjectionHealth) => number) => {
      const current = () => this.current();
      return new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          for (const p of await current()) this.set({ projection: p.name }, value(p));
        },
      });
    };
    perProjection('projection_checkpoint_position', 'Last $all position applied by the read model', (p) => (p.position === null ? 0 : Number(p.position)));
    perProjection('projection_lag_events', 'Projected events in $all not yet applied (capped at 1000)', (p) => p.lagEvents);
    perProjection('projection_lag_seconds', 'Age of the oldest event not yet applied', (p) => p.lagSeconds);
    new Gauge({
      name: 'projector_events_applied',
      help: 'Events applied by the projector running in this process since it started',
      registers: [this.registry],
      collect() {
        this.set(projections.projector?.status().eventsApplied ?? 0);
      },
    });
  }

  /** One lag measurement per scrape, shared by the gauges. */
  private current(): Promise<ProjectionHealth[]> {
    if (!this.snapshot || Date.now() - this.snapshot.at > 500) this.snapshot = { at: Date.now(), value: this.projections.projections() };
    return this.snapshot.value;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
