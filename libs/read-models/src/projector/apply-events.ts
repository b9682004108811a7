import type { StoredEvent } from '@app/eventstore';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Projection, ReadModelDocument } from '../projection';

/**
 * Documents the single writer of a collection has just written, so the next batch need not read
 * them back. Bounded; dropped whenever a write fails or the projector restarts from its checkpoints.
 */
export class DocumentCache<D extends ReadModelDocument = ReadModelDocument> {
  private readonly docs = new Map<string, D | null>();
  constructor(private readonly capacity = 20_000) {}

  has(id: string): boolean {
    return this.docs.has(id);
  }
  get(id: string): D | null | undefined {
    return this.docs.get(id);
  }
  set(id: string, doc: D | null): void {
    this.docs.delete(id);
    this.docs.set(id, doc);
    if (this.docs.size > this.capacity) this.docs.delete(this.docs.keys().next().value as string);
  }
  clear(): void {
    this.docs.clear();
  }
}

const isDuplicateKeyOnly = (error: unknown): boolean => {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (e.code === 11000) return true;
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return writeErrors.length > 0 && writeErrors.every((w) => w.code === 11000);
};

/**
 * Applies events to one projection's collection: loads the touched documents once (or takes them
 * from the cache), folds the events in memory, writes only what changed in one unordered bulkWrite.
 * Safe to repeat: documents ignore events at or before the position they remember.
 */
export async function applyEvents<D extends ReadModelDocument>(
  collection: Collection<Document>,
  projection: Projection<D>,
  events: readonly StoredEvent[],
  cache?: DocumentCache<D>,
): Promise<number> {
  const relevant = events.filter((e) => projection.canHandle(e));
  if (relevant.length === 0) return 0;
  if (projection.appendOnly) {
    const docs = relevant.map((e) => projection.evolve(null, e)).filter((d): d is D => d !== null);
    if (docs.length === 0) return 0;
    await collection.insertMany(docs as Document[], { ordered: false }).catch((error: unknown) => {
      // A replayed event finds its entry already there.
      if (!isDuplicateKeyOnly(error)) throw error;
    });
    return docs.length;
  }
  const ids = [...new Set(relevant.map((e) => projection.documentId(e)))];
  const docs = new Map<string, D | null>();
  const missing: string[] = [];
  for (const id of ids) {
    if (cache?.has(id)) docs.set(id, cache.get(id) ?? null);
    else missing.push(id);
  }
  if (missing.length) {
    const found = (await collection.find({ _id: { $in: missing } } as Document).toArray()) as unknown as D[];
    for (const d of found) docs.set(d._id, d);
  }
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
  if (changed.size > 0) {
    const operations = [...changed].map((id): AnyBulkWriteOperation<Document> => {
      const doc = docs.get(id);
      return doc
        ? { replaceOne: { filter: { _id: id } as Document, replacement: doc as Document, upsert: true } }
        : { deleteOne: { filter: { _id: id } as Document } };
    });
    try {
      await collection.bulkWrite(operations, { ordered: false });
    } catch (error) {
      cache?.clear();
      throw error;
    }
  }
  if (cache) for (const id of ids) cache.set(id, docs.get(id) ?? null);
  return changed.size;
}

/** Creates the projection's indexes (idempotent: same names and keys). */
export async function ensureIndexes(collection: Collection<Document>, projection: Projection): Promise<void> {
  if (projection.indexes.length) await collection.createIndexes(projection.indexes);
}
