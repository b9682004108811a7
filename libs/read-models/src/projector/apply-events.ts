import type { StoredEvent } from '@app/eventstore';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { positionKey } from '../position';
import { entryMap, type Projection, type ReadModelDocument } from '../projection';

/**
 * An LRU of what the single writer of a collection last wrote or read, so the next batch need not
 * read it back. Bounded by `capacity`; cleared whenever a write fails or the projector restarts
 * from its checkpoints. `null` means "known absent". A cache made `startsEmpty` (a rebuild's fresh
 * collection) treats a miss as absent until it first evicts, so a rebuild reads nothing back early on.
 */
export class LruCache<V> {
  private readonly items = new Map<string, V>();
  private complete: boolean;
  /**
   * While complete: the ids evicted so far (only these must be read back; any other miss is
   * absent), up to `evictedCapacity`, after which every miss is read back.
   */
  private readonly evicted = new Set<string>();
  /**
   * Walks the keys oldest first, kept across evictions: a fresh `keys()` iterator would step over
   * every entry deleted since the map last rehashed (an LRU deletes one per touch), thousands per
   * eviction. Everything behind it was evicted, and keys touched again are re-inserted ahead of it.
   */
  private cursor: Iterator<string> | undefined;
  constructor(
    private readonly capacity = 20_000,
    startsEmpty = false,
    private readonly evictedCapacity = 0,
  ) {
    this.complete = startsEmpty;
  }

  get size(): number {
    return this.items.size;
  }
  /** The cached value, or undefined when it must be read from the collection. */
  lookup(id: string): V | null | undefined {
    const v = this.items.get(id);
    if (v !== undefined) return v;
    return this.complete && !this.evicted.has(id) ? null : undefined;
  }
  set(id: string, value: V): void {
    this.items.delete(id);
    this.items.set(id, value);
    if (this.items.size > this.capacity) {
      this.cursor ??= this.items.keys();
      let next = this.cursor.next();
      if (next.done) next = (this.cursor = this.items.keys()).next();
      const oldest = next.value as string;
      this.items.delete(oldest);
      if (this.complete && this.evicted.size < this.evictedCapacity) this.evicted.add(oldest);
      else this.forget();
    }
  }
  clear(): void {
    this.items.clear();
    this.cursor = undefined;
    this.forget();
  }
  private forget(): void {
    this.complete = false;
    this.evicted.clear();
  }
}

type Entry = unknown;
/** A document's head (its entries map left empty) and, for projections with `entries`, the entries apart. */
export class DocumentCache<D extends ReadModelDocument = ReadModelDocument> {
  readonly docs: LruCache<D | null>;
  readonly entries: LruCache<Entry | null>;
  constructor(capacity = 20_000, options: { entryCapacity?: number; startsEmpty?: boolean; evictedCapacity?: number } = {}) {
    this.docs = new LruCache<D | null>(capacity, options.startsEmpty, options.evictedCapacity);
    this.entries = new LruCache<Entry | null>(options.entryCapacity ?? 100_000, options.startsEmpty, options.evictedCapacity);
  }
  clear(): void {
    this.docs.clear();
    this.entries.clear();
  }
}

const isDuplicateKeyOnly = (error: unknown): boolean => {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (e.code === 11000) return true;
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return writeErrors.length > 0 && writeErrors.every((w) => w.code === 11000);
};

/** A write that found the document elsewhere than the cache said: another writer, or a stale cache. */
export class ReadModelConflict extends Error {}

const entryPath = (field: string, key: string) => `${field}.${key}`;

/**
 * Applies events to one projection's collection: takes the touched documents from the cache or
 * reads them (for `entries` projections only the touched entries), folds the events in memory, and
 * writes only the changed fields in one unordered bulkWrite. Every update is guarded by the position
 * the document had (`{_id, position}`), inserts fail on an existing `_id`: a write that would land on
 * a document other than the one folded fails, the cache is dropped and the caller retries from what
 * is stored. Safe to repeat: documents ignore events at or before the position they remember.
 * `guarded: false` filters on `_id` alone (a collection with no other writer); a document that is
 * missing still fails the batch.
 */
export async function applyEvents<D extends ReadModelDocument>(
  collection: Collection<Document>,
  projection: Projection<D>,
  events: readonly StoredEvent[],
  cache: DocumentCache<D> = new DocumentCache<D>(),
  options: { guarded?: boolean } = {},
): Promise<number> {
  const folded = await foldEvents(collection, projection, events, cache, options);
  await folded.write();
  return folded.changed;
}

/** A batch folded into its documents (and the cache), not yet written. */
export interface FoldedBatch {
  /** Documents the batch changes. */
  changed: number;
  /** Writes them; a failed write clears the cache (it holds what was not written) and throws. */
  write(): Promise<void>;
}

const NOTHING: FoldedBatch = { changed: 0, write: async () => undefined };

/**
 * The first half of {@link applyEvents}: reads what the cache lacks, folds the events and updates
 * the cache, leaving the write to the caller. `readsAfter` is awaited before reading anything back
 * (a rebuild passes its writes still in flight, so what it reads back is what it wrote).
 */
export async function foldEvents<D extends ReadModelDocument>(
  collection: Collection<Document>,
  projection: Projection<D>,
  events: readonly StoredEvent[],
  cache: DocumentCache<D>,
  options: { guarded?: boolean; readsAfter?: Promise<unknown> } = {},
): Promise<FoldedBatch> {
  const guardedWrites = options.guarded ?? true;
  const relevant = events.filter((e) => projection.canHandle(e));
  if (relevant.length === 0) return NOTHING;
  if (projection.appendOnly) {
    const docs = relevant.map((e) => projection.evolve(null, e)).filter((d): d is D => d !== null);
    if (docs.length === 0) return NOTHING;
    const write = async () => {
      await collection.insertMany(docs as Document[], { ordered: false }).catch((error: unknown) => {
        // A replayed event finds its entry already there.
        if (!isDuplicateKeyOnly(error)) throw error;
      });
    };
    return { changed: docs.length, write };
  }
  const field = projection.entries?.field;
  const ids = relevant.map((e) => projection.documentId(e));
  const keys = field ? relevant.map((e) => projection.entries!.key(e)) : [];
  const docs = new Map<string, D | null>();
  const missingDocs = new Set<string>();
  for (const id of ids) {
    if (docs.has(id)) continue;
    const cached = cache.docs.lookup(id);
    if (cached === undefined) missingDocs.add(id);
    else docs.set(id, cached && field ? ({ ...cached, [field]: {} } as D) : cached);
  }
  const missingEntries = new Map<string, string>();
  const entries = new Map<string, Entry | null>();
  // An entry is known absent without a read when its document is (no document, no entries) or when
  // the event creates it and the document, as known, has not applied that event yet (a live raise).
  const creates = projection.entries?.createdBy;
  const knownAbsent = (i: number): boolean => {
    if (!docs.has(ids[i])) return false;
    const doc = docs.get(ids[i]);
    return !doc || (creates !== undefined && creates(relevant[i]) && doc.position < positionKey(relevant[i].position));
  };
  keys.forEach((key, i) => {
    if (key === undefined || entries.has(key)) return;
    const cached = cache.entries.lookup(key);
    if (cached !== undefined) entries.set(key, cached);
    else if (knownAbsent(i)) entries.set(key, null);
    else missingEntries.set(key, ids[i]);
  });
  if (missingDocs.size || missingEntries.size) await options.readsAfter;
  await Promise.all([
    missingDocs.size &&
      collection
        .find({ _id: { $in: [...missingDocs] } } as Document, field ? { projection: { [field]: 0 } } : {})
        .toArray()
        .then((found) => {
          for (const d of found) docs.set(d._id as unknown as string, (field ? { ...d, [field]: {} } : d) as unknown as D);
          for (const id of missingDocs) if (!docs.has(id)) docs.set(id, null);
        }),
    missingEntries.size &&
      collection
        .find({ _id: { $in: [...new Set(missingEntries.values())] } } as Document, {
          projection: Object.fromEntries([...missingEntries.keys()].map((k) => [entryPath(field!, k), 1])),
        })
        .toArray()
        .then((found) => {
          for (const d of found) for (const [k, v] of Object.entries((d[field!] ?? {}) as Record<string, Entry>)) entries.set(k, v);
          for (const k of missingEntries.keys()) if (!entries.has(k)) entries.set(k, null);
        }),
  ]);
  // The entries this batch touches, per document: as loaded (what the write compares with) and as
  // folded so far. evolve sees a map holding only the event's own entry, so an event costs the same
  // however many entries of its document the batch has touched (copying the whole map per event was
  // quadratic); the document gets the touched entries back once folded.
  const before = new Map<string, D | null>(docs);
  const entriesBefore = new Map<string, Record<string, Entry>>();
  const entriesAfter = new Map<string, Record<string, Entry>>();
  const touched = (byId: Map<string, Record<string, Entry>>, id: string) => {
    let map = byId.get(id);
    if (!map) byId.set(id, (map = entryMap()));
    return map;
  };
  if (field) {
    keys.forEach((key, i) => {
      const entry = key === undefined ? null : entries.get(key);
      if (!entry || !docs.get(ids[i])) return;
      touched(entriesBefore, ids[i])[key!] = entry;
      touched(entriesAfter, ids[i])[key!] = entry;
    });
  }
  const changed = new Set<string>();
  relevant.forEach((event, i) => {
    const id = ids[i];
    const was = docs.get(id) ?? null;
    const key = field ? keys[i] : undefined;
    if (field && was) {
      const current = key === undefined ? undefined : entriesAfter.get(id)?.[key];
      const own = entryMap();
      if (current !== undefined) own[key!] = current;
      (was as unknown as Record<string, unknown>)[field] = own;
    }
    const after = projection.evolve(was, event);
    if (after !== was) {
      docs.set(id, after);
      changed.add(id);
    }
    // A deleted document takes its entries with it.
    if (field && !after) entriesAfter.delete(id);
    else if (field && key !== undefined) {
      const entry = (after as unknown as Record<string, Record<string, Entry> | undefined>)[field]?.[key];
      if (entry === undefined) delete entriesAfter.get(id)?.[key];
      else touched(entriesAfter, id)[key] = entry;
    }
  });
  if (field) {
    for (const [id, doc] of docs) if (doc) (doc as unknown as Record<string, unknown>)[field] = entriesAfter.get(id) ?? {};
  }
  let guarded = 0;
  const operations = [...changed].flatMap((id): AnyBulkWriteOperation<Document>[] => {
    const old = before.get(id) ?? null;
    const doc = docs.get(id) ?? null;
    if (!old) return doc ? [{ insertOne: { document: doc as Document } }] : [];
    guarded++;
    const filter = (guardedWrites ? { _id: id, position: old.position } : { _id: id }) as Document;
    if (!doc) return [{ deleteOne: { filter } }];
    return [{ updateOne: { filter, update: changes(old, doc, field, entriesBefore.get(id)) } }];
  });
  // The cache holds the batch's result before it is written; a failed write clears it.
  for (const [id, doc] of docs) cache.docs.set(id, doc && field ? ({ ...doc, [field]: {} } as D) : doc);
  if (field) {
    keys.forEach((key, i) => {
      if (key === undefined) return;
      const doc = docs.get(ids[i]) as unknown as Record<string, Record<string, Entry>> | null;
      cache.entries.set(key, doc?.[field]?.[key] ?? null);
    });
  }
  const write = async () => {
    if (operations.length === 0) return;
    try {
      const result = await collection.bulkWrite(operations, { ordered: false });
      if (result.matchedCount + result.deletedCount < guarded) {
        throw new ReadModelConflict(`${projection.name}: ${guarded - result.matchedCount - result.deletedCount} documents were not at the position the projector folded from`);
      }
    } catch (error) {
      cache.clear();
      throw error;
    }
  };
  return { changed: changed.size, write };
}

/**
 * `$set`/`$unset` of the top-level fields that changed (by reference), and of the entries that
 * differ from `entriesBefore` (as loaded). An array that only grew (its old elements kept by
 * reference, as the folds' `[...old, added]` do) sends only what was added, with `$push: {$each}`:
 * the write lands only on the document at the folded-from position (or, unguarded, on the one the
 * cache holds), whose array is exactly the old one.
 */
function changes(before: ReadModelDocument, after: ReadModelDocument, field: string | undefined, entriesBefore: Record<string, unknown> = {}): Document {
  // Keys `field.<id>` are new names every time: a dictionary (see entryMap).
  const $set: Document = field ? entryMap() : {};
  let $unset: Document | undefined;
  let $push: Document | undefined;
  const a = after as unknown as Record<string, unknown>;
  const b = before as unknown as Record<string, unknown>;
  for (const k of Object.keys(a)) {
    if (k === field) {
      for (const [key, entry] of Object.entries(a[k] as Record<string, unknown>)) if (entry !== entriesBefore[key]) $set[entryPath(k, key)] = entry;
      continue;
    }
    if (a[k] === b[k]) continue;
    const added = appended(b[k], a[k]);
    if (added) ($push ??= {})[k] = { $each: added };
    else $set[k] = a[k];
  }
  for (const k of Object.keys(b)) if (!(k in a)) ($unset ??= {})[k] = '';
  const update: Document = { $set };
  if ($unset) update.$unset = $unset;
  if ($push) update.$push = $push;
  return update;
}

/** The elements `now` adds after those of `was`, when it keeps all of them (by reference) in order; else undefined. */
function appended(was: unknown, now: unknown): unknown[] | undefined {
  if (!Array.isArray(was) || !Array.isArray(now) || now.length <= was.length) return undefined;
  for (let i = 0; i < was.length; i++) if (was[i] !== now[i]) return undefined;
  return now.slice(was.length);
}

/** Creates the projection's indexes (idempotent: same names and keys). */
export async function ensureIndexes(collection: Collection<Document>, projection: Projection): Promise<void> {
  if (projection.indexes.length) await collection.createIndexes(projection.indexes);
}
