import { ObjectId } from 'bson';
import { formatValue } from '../bson/bson-format';
import { Doc, firstKey, valueKey } from '../bson/bson-value';
import { RawDoc } from '../bson/raw-doc';
import { DocStore } from './doc.store';
import { MongoCommandError } from '../mongo.errors';
import { IndexSpec, IndexStore } from './index.store';

/** mongod's E11000 error, with the `keyPattern`/`keyValue` the driver exposes. */
export class DuplicateKeyError extends MongoCommandError {
  constructor(ns: string, index: string, keyPattern: Doc, keyValue: Doc) {
    super(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${index} dup key: ${formatValue(keyValue)}`, {
      keyPattern,
      keyValue,
    });
  }
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection: documents in natural (insertion) order keyed by their _id,
 * which doubles as the unique _id index, plus secondary hash indexes (unique ones kept in step on
 * every write, the others brought up to date when a lookup uses them).
 */
export class CollectionStore {
  readonly docs = new DocStore();
  readonly indexes: IndexStore[] = [];

  constructor(
    public db: string,
    public name: string,
    readonly options: Doc = {},
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** Indexes kept in step on every write (unique ones); the others are deferred (see {@link IndexStore}). */
  private get inStep(): IndexStore[] {
    return this.indexes.filter((ix) => !ix.deferred);
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)];
  }

  /** Adds a document; like mongod, _id becomes the first field (an ObjectId if absent). `idKey` may pass valueKey(doc._id). */
  insert(doc: Doc, idKey?: string): Doc {
    if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
    else if (firstKey(doc) !== '_id') doc = { _id: doc._id, ...doc };
    const id = idKey ?? valueKey(doc._id);
    if (this.docs.has(id)) throw new DuplicateKeyError(this.ns, '_id_', { _id: 1 }, { _id: doc._id });
    const inStep = this.inStep;
    if (inStep.length > 0) {
      const perIndex = inStep.map((ix) => ix.keysFor(doc));
      this.checkUnique(doc, perIndex, id, inStep);
      inStep.forEach((ix, i) => perIndex[i].forEach((key) => ix.add(key, id)));
    }
    this.store(id, doc);
    return doc;
  }

  /**
   * Adds a document received as BSON. Without in-step indexes a copy of its bytes is stored (see
   * {@link DocStore}), which only the _id check needs; otherwise it is decoded and inserted.
   */
  insertRaw(raw: RawDoc): void {
    if (this.inStep.length > 0) return void this.insert(raw.decode(), raw.idKey);
    if (this.docs.has(raw.idKey)) throw new DuplicateKeyError(this.ns, '_id_', { _id: 1 }, { _id: raw.decode()._id });
    this.store(raw.idKey, raw.stored());
  }

  private store(id: string, doc: Doc | Buffer): void {
    for (const ix of this.indexes) if (ix.deferred) ix.written(id, null);
    this.docs.set(id, doc);
  }

  /**
   * Swaps a stored document for its updated version (same _id), keeping indexes consistent.
   * With `paths` (every path the update named), indexes on none of them are left alone.
   */
  replace(oldDoc: Doc, newDoc: Doc, paths?: string[], idKey?: string): void {
    const id = idKey ?? valueKey(oldDoc._id);
    if (this.indexes.length > 0) {
      const changing = paths ? this.indexes.filter((ix) => ix.mayChange(paths)) : this.indexes;
      const affected = changing.filter((ix) => !ix.deferred);
      const before = affected.map((ix) => ix.keysFor(oldDoc));
      const after = affected.map((ix) => ix.keysFor(newDoc));
      this.checkUnique(newDoc, after, id, affected);
      affected.forEach((ix, i) => {
        const a = before[i];
        const b = after[i];
        if (a.length === 1 && b.length === 1 && a[0] === b[0]) return;
        a.forEach((key) => ix.remove(key, id));
        b.forEach((key) => ix.add(key, id));
      });
      for (const ix of changing) if (ix.deferred) ix.written(id, oldDoc);
    }
    this.docs.set(id, newDoc);
  }

  remove(doc: Doc): void {
    const id = valueKey(doc._id);
    for (const ix of this.indexes) {
      if (ix.deferred) ix.written(id, doc);
      else for (const key of ix.keysFor(doc)) ix.remove(key, id);
    }
    this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
    this.indexes.forEach((ix) => ix.clear());
  }

  /** Builds a secondary index over the existing documents; a unique build over duplicates fails whole. */
  createIndex(spec: IndexSpec): void {
    const ix = new IndexStore(spec, this.docs);
    if (ix.deferred) ix.rebuildLater();
    else {
      for (const [id, doc] of this.docs) {
        const keys = ix.keysFor(doc);
        this.checkUnique(doc, [keys], id, [ix]);
        keys.forEach((key) => ix.add(key, id));
      }
    }
    this.indexes.push(ix);
  }

  dropIndex(name: string): void {
    const i = this.indexes.findIndex((ix) => ix.spec.name === name);
    if (i >= 0) this.indexes.splice(i, 1);
  }

  /** Throws E11000 when one of `doc`'s keys (`perIndex`, one list per index) is another document's in a unique index. */
  private checkUnique(doc: Doc, perIndex: string[][], self: string, indexes = this.indexes): void {
    indexes.forEach((ix, i) => {
      if (!ix.unique) return;
      for (const key of perIndex[i]) {
        if (ix.conflict(key, self) === undefined) continue;
        const values = ix.entriesFor(doc).find((e) => e.key === key)!.values;
        const keyValue: Doc = {};
        ix.fields.forEach((f, j) => (keyValue[f] = values[j] === undefined ? null : values[j]));
        throw new DuplicateKeyError(this.ns, ix.spec.name, { ...ix.spec.key }, keyValue);
      }
    });
  }
}
