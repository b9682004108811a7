import type { StoredEvent } from '@app/eventstore';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Projection, ReadModelDocument } from '../projection';

/**
 * Applies events to one projection's collection: loads the touched documents once, folds the
 * events in memory, writes only what changed in one unordered bulkWrite. Safe to repeat: documents
 * ignore events at or before the position they remember.
 */
export async function applyEvents<D extends ReadModelDocument>(
  collection: Collection<Document>,
  projection: Projection<D>,
  events: readonly StoredEvent[],
): Promise<number> {
  const relevant = events.filter((e) => projection.canHandle(e));
  if (relevant.length === 0) return 0;
  const ids = [...new Set(relevant.map((e) => projection.documentId(e)))];
  const existing = (await collection.find({ _id: { $in: ids } } as Document).toArray()) as unknown as D[];
  const docs = new Map<string, D | null>(existing.map((d) => [d._id, d]));
  const changed = new Set<string>();
  for (const event of relevant) {
    const id = projection.documentId(event);
    const before = docs.get(id) ?? null;
    const after = projection.evolve(before, event);
    if (after !== before) {
      docs.set(id, after);
      changed.add(id);
    }
  }
  if (changed.size === 0) return 0;
  const operations = [...changed].map((id): AnyBulkWriteOperation<Document> => {
    const doc = docs.get(id);
    return doc
      ? { replaceOne: { filter: { _id: id } as Document, replacement: doc as Document, upsert: true } }
      : { deleteOne: { filter: { _id: id } as Document } };
  });
  await collection.bulkWrite(operations, { ordered: false });
  return operations.length;
}

/** Creates the projection's indexes (idempotent: same names and keys). */
export async function ensureIndexes(collection: Collection<Document>, projection: Projection): Promise<void> {
  if (projection.indexes.length) await collection.createIndexes(projection.indexes);
}
