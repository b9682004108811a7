import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import { ALL_PROJECTIONS, CheckpointsStore, measureLag, type Projector } from '@app/read-models';
import { PROJECTOR, READ_DB } from '../read-side.tokens';

export interface ProjectionHealth {
  name: string;
  /** Checkpoint position (decimal string) or null before the first event. */
  position: string | null;
  lagEvents: number;
  lagEventsCapped: boolean;
  lagSeconds: number;
  updatedAt: Date | null;
}

/** Checkpoints from MongoDB and lag against the head of `$all`: the same whether the projector runs here or elsewhere. */
@Injectable()
export class ProjectionHealthService {
  private readonly checkpoints: CheckpointsStore;

  constructor(
    @Inject(READ_DB) private readonly db: Db,
    @Inject(EventStoreDBClient) private readonly client: EventStoreDBClient,
    @Inject(PROJECTOR) readonly projector: Projector | null,
  ) {
    this.checkpoints = new CheckpointsStore(db);
  }

  async projections(): Promise<ProjectionHealth[]> {
    const docs = await this.checkpoints.all(ALL_PROJECTIONS.map((p) => p.name));
    return Promise.all(
      ALL_PROJECTIONS.map(async (p) => {
        const doc = docs.get(p.name);
        const position = doc?.position ? BigInt(doc.position) : undefined;
        const lag = await measureLag(this.client, position);
        return {
          name: p.name,
          position: position?.toString() ?? null,
          lagEvents: lag.events,
          lagEventsCapped: lag.capped,
          lagSeconds: lag.seconds,
          updatedAt: doc?.updatedAt ?? null,
        };
      }),
    );
  }

  async pingMongo(): Promise<void> {
    await this.db.command({ ping: 1 });
  }
}
