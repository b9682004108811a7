import { CollectionStore } from './collection.store';

/** All databases and their collections held by one node. */
export class CatalogStore {
  private readonly dbs = new Map<string, Map<string, CollectionStore>>();

  get(db: string, name: string): CollectionStore | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Returns the collection, creating it implicitly as writes and createIndexes do on mongod. */
  getOrCreate(db: string, name: string): { coll: CollectionStore; created: boolean } {
    const existing = this.get(db, name);
    if (existing) return { coll: existing, created: false };
    const coll = new CollectionStore(db, name);
    this.add(coll);
    return { coll, created: true };
  }

  add(coll: CollectionStore): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map()));
    colls.set(coll.name, coll);
  }

  drop(db: string, name: string): CollectionStore | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    return coll;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  collections(db: string): CollectionStore[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  all(): CollectionStore[] {
    return this.databases().flatMap((db) => this.collections(db));
  }

  /** Moves a collection (documents and indexes) to a new namespace. */
  rename(from: CollectionStore, toDb: string, toName: string): void {
    this.drop(from.db, from.name);
    from.db = toDb;
    from.name = toName;
    this.add(from);
  }
}
