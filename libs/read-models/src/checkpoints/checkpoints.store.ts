import type { Collection, Db } from 'mongodb';
import { fromPositionKey, positionKey } from '../position';
import { CHECKPOINTS_COLLECTION, type CheckpointDocument } from './checkpoint.document';

/** Reads and writes projection checkpoints. */
export class CheckpointsStore {
  readonly collection: Collection<CheckpointDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CheckpointDocument>(CHECKPOINTS_COLLECTION);
  }

  async all(names: readonly string[]): Promise<Map<string, CheckpointDocument>> {
    const docs = await this.collection.find({ _id: { $in: [...names] } }).toArray();
    return new Map(docs.map((d) => [d._id, d]));
  }

  /** Positions per projection (undefined: start of `$all`). */
  async positions(names: readonly string[]): Promise<Map<string, bigint | undefined>> {
    const docs = await this.all(names);
    // A document without a position only carries a rebuild marker.
    return new Map(names.map((n) => [n, docs.get(n)?.position ? fromPositionKey(docs.get(n)!.position) : undefined]));
  }

  /**
   * Records that everything up to `position` is written for these projections. The projector is the
   * only writer of a projection's checkpoint (a rebuild pauses it first), so a plain upsert is enough.
   */
  async advance(names: readonly string[], position: bigint, eventCreated: Date): Promise<void> {
    if (names.length === 0) return;
    const update = { $set: { position: positionKey(position), eventCreated, updatedAt: new Date() } };
    await this.collection.bulkWrite(
      names.map((name) => ({ updateOne: { filter: { _id: name }, update, upsert: true } })),
      { ordered: false },
    );
  }

  /** Sets a checkpoint exactly (rebuild swap), clearing any rebuild marker. */
  async reset(name: string, position: bigint | undefined, eventCreated: Date | null): Promise<void> {
    if (position === undefined) {
      await this.collection.deleteOne({ _id: name });
      return;
    }
    await this.collection.replaceOne(
      { _id: name },
      { position: positionKey(position), eventCreated, updatedAt: new Date() },
      { upsert: true },
    );
  }
}
