import { Doc } from '../bson/bson-value';
import { decodeDoc } from '../bson/raw-doc';

/**
 * A collection's documents by _id key, in insertion order. A document may be held as its BSON
 * bytes (an insert nothing has read yet, see {@link RawDoc}): the first read of it (get, or any
 * iteration) decodes it and keeps the decoded object in its place, so each document is decoded at
 * most once and readers only ever see objects.
 */
export class DocStore implements ReadonlyMap<string, Doc> {
  private readonly map = new Map<string, Doc | Buffer>();

  get size(): number {
    return this.map.size;
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  get(id: string): Doc | undefined {
    const stored = this.map.get(id);
    return stored === undefined ? undefined : this.held(id, stored);
  }

  set(id: string, doc: Doc | Buffer): this {
    this.map.set(id, doc);
    return this;
  }

  delete(id: string): boolean {
    return this.map.delete(id);
  }

  clear(): void {
    this.map.clear();
  }

  keys(): MapIterator<string> {
    return this.map.keys();
  }

  *entries(): MapIterator<[string, Doc]> {
    for (const [id, stored] of this.map) yield [id, this.held(id, stored)];
  }

  *values(): MapIterator<Doc> {
    for (const [id, stored] of this.map) yield this.held(id, stored);
  }

  [Symbol.iterator](): MapIterator<[string, Doc]> {
    return this.entries();
  }

  forEach(callback: (doc: Doc, id: string, map: ReadonlyMap<string, Doc>) => void, thisArg?: unknown): void {
    for (const [id, doc] of this.entries()) callback.call(thisArg, doc, id, this);
  }

  /** Each document as held, decoded object or BSON bytes, without decoding any (snapshots). */
  stored(): MapIterator<Doc | Buffer> {
    return this.map.values();
  }

  /** The same, with the _id keys (indexes read keys from bytes). */
  storedEntries(): MapIterator<[string, Doc | Buffer]> {
    return this.map.entries();
  }

  /** One document as held, without decoding it. */
  peek(id: string): Doc | Buffer | undefined {
    return this.map.get(id);
  }

  /** A stored document as an object: held bytes are decoded once and the object kept in their place. */
  private held(id: string, stored: Doc | Buffer): Doc {
    if (!(stored instanceof Uint8Array)) return stored;
    const doc = decodeDoc(stored);
    this.map.set(id, doc);
    return doc;
  }
}
