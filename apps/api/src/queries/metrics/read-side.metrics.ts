import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ProjectionHealthService } from '../health/projection-health';

/** A registry per app instance (tests start several apps in one process). */
@Injectable()
export class ReadSideMetrics {
  readonly registry = new Registry();

  constructor(@Inject(ProjectionHealthService) projections: ProjectionHealthService) {
    collectDefaultMetrics({ register: this.registry });
    const position = new Gauge({ name: 'projection_checkpoint_position', help: 'Last $all position applied by the read model', labelNames: ['projection'], registers: [this.registry] });
    const lagEvents = new Gauge({ name: 'projection_lag_events', help: 'Projected events in $all not yet applied (capped at 1000)', labelNames: ['projection'], registers: [this.registry] });
    const lagSeconds = new Gauge({ name: 'projection_lag_seconds', help: 'Age of the oldest event not yet applied', labelNames: ['projection'], registers: [this.registry] });
    const applied = new Gauge({
      name: 'projector_events_applied',
      help: 'Events applied by the projector running in this process since start',
      registers: [this.registry],
      collect() {
        this.set(projections.projector?.status().eventsApplied ?? 0);
      },
    });
    void applied;
    // One collect fills all three lag gauges.
    position.collect = async () => {
      for (const p of await projections.projections()) {
        position.set({ projection: p.name }, p.position === null ? 0 : Number(p.position));
        lagEvents.set({ projection: p.name }, p.lagEvents);
        lagSeconds.set({ projection: p.name }, p.lagSeconds);
      }
    };
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
