import type { Db } from 'mongodb';
import { CheckpointsStore } from '../checkpoints/checkpoints.store';
import type { Projector } from '../projector/projector';
import { ALL_PROJECTIONS } from '../registry';

/** The read models have not reached the position the caller wrote at within the wait (HTTP 503 + Retry-After). */
export class ReadModelStaleError extends Error {
  constructor(
    readonly wanted: bigint,
    readonly reached: bigint | undefined,
  ) {
    super(`Read models are at position ${reached ?? 'none'}, not yet at ${wanted}; retry shortly`);
    this.name = 'ReadModelStaleError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes: waits until every read model's checkpoint has passed a position. With the
 * projector in this process it is notified per batch; otherwise it polls the checkpoints in MongoDB.
 */
export class ReadModelFreshness {
  private readonly checkpoints: CheckpointsStore;

  constructor(
    db: Db,
    private readonly projector?: Projector,
    private readonly pollMs = 15,
  ) {
    this.checkpoints = new CheckpointsStore(db);
  }

  /** Lowest checkpoint over the read models (undefined: some read model has applied nothing yet). */
  async position(): Promise<bigint | undefined> {
    if (this.projector) return this.projector.position;
    const positions = await this.checkpoints.positions(ALL_PROJECTIONS.map((p) => p.name));
    let lowest: bigint | undefined;
    for (const p of positions.values()) {
      if (p === undefined) return undefined;
      if (lowest === undefined || p < lowest) lowest = p;
    }
    return lowest;
  }

  /** Resolves when the read models have applied `position`; throws ReadModelStaleError after `timeoutMs`. */
  async require(position: bigint, timeoutMs: number): Promise<void> {
    if (this.projector) {
      if (await this.projector.waitFor(position, timeoutMs)) return;
      throw new ReadModelStaleError(position, this.projector.position);
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.position();
      if (reached !== undefined && reached >= position) return;
      if (Date.now() >= deadline) throw new ReadModelStaleError(position, reached);
      await sleep(this.pollMs);
    }
  }
}
