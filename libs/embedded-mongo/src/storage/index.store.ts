import { Query } from 'mingo';
import { Doc, EMPTY_ARRAY, isPlainDoc, pathValues, valueKey } from '../bson/bson-value';
import { rawPathKey } from '../bson/raw-doc';
import { DocStore } from './doc.store';

/** An index definition as listed by `listIndexes`. */
export interface IndexSpec {
  v: number;
  key: Record<string, unknown>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

/** One index entry of a document: hash key plus the raw values (for E11000 messages). */
export interface IndexEntry {
  key: string;
  values: unknown[];
}

/** Writes a deferred index lets pile up before it stops tracking them and rebuilds on its next lookup instead. */
const MIN_BEHIND = 1024;

/**
 * A hash index over one or more fields. Multikey fields contribute one entry
 * per element; a missing field indexes as null unless the index is sparse.
 *
 * A unique index is kept in step on every write (inserts and updates check it). Any other index is
 * only read by lookups, so it is `deferred`: writes only note which documents changed, and the next
 * lookup brings the hash map up to date first; once more documents are behind than half the
 * collection (at least {@link MIN_BEHIND}), it stops noting and the next lookup rebuilds it from
 * the collection. Each write still costs at most one key computation and map update, but only when
 * the index is used: an index no query can use (e.g. one whose fields are never all pinned by
 * equality) costs writes nothing.
 */
export class IndexStore {
  readonly fields: string[];
  readonly unique: boolean;
  readonly deferred: boolean;
  /** Each field split on dots. */
  private readonly paths: string[][];
  /** The same, each name as UTF-8 bytes (to read documents held as BSON). */
  private readonly bytePaths: Buffer[][];
  private readonly partial?: Query;
  /** key → owner _id key (unique) or set of owner _id keys. */
  private readonly map = new Map<string, string | Set<string>>();
  /** Deferred: owners written since `map` was brought up to date → the document `map` indexes for them (null: none). */
  private readonly behind = new Map<string, Doc | null>();
  /** Deferred: `map` is to be rebuilt from the collection's documents. */
  private stale = false;

  /** `docs`: the collection's documents by _id key, which a deferred index catches up from. */
  constructor(
    readonly spec: IndexSpec,
    private readonly docs: DocStore = new DocStore(),
  ) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((f) => f.split('.'));
    this.bytePaths = this.paths.map((parts) => parts.map((part) => Buffer.from(part)));
    this.unique = spec.unique === true;
    this.deferred = !this.unique;
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, {});
  }

  /** Deferred: `owner` was written; `indexed` is what it was before (null: it did not exist). */
  written(owner: string, indexed: Doc | null): void {
    if (this.stale) return;
    if (!this.behind.has(owner)) this.behind.set(owner, indexed);
    if (this.behind.size > MIN_BEHIND && this.behind.size > this.docs.size / 2) this.rebuildLater();
  }

  /** Deferred: forgets the entries; the next lookup builds them from the collection. */
  rebuildLater(): void {
    this.stale = true;
    this.behind.clear();
    this.map.clear();
  }

  /** Brings a deferred index's map up to date with the collection. */
  private catchUp(): void {
    if (this.stale) {
      this.stale = false;
      for (const [id, stored] of this.docs.storedEntries()) for (const key of this.storedKeys(id, stored)) this.add(key, id);
      return;
    }
    if (this.behind.size === 0) return;
    for (const [id, indexed] of this.behind) {
      const now = this.docs.peek(id);
      if (indexed === now) continue;
      if (indexed) for (const key of this.keysFor(indexed)) this.remove(key, id);
      if (now) for (const key of this.storedKeys(id, now)) this.add(key, id);
    }
    this.behind.clear();
  }

  /** True when equality lookups on all fields may use this index without missing documents. */
  get usableForEquality(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /**
   * False when an update naming only `paths` cannot change this index's entries: no path is,
   * contains or lies inside an indexed field, and there is no partial filter to re-evaluate.
   */
  mayChange(paths: string[]): boolean {
    if (this.partial) return true;
    for (const p of paths) {
      for (const f of this.fields) {
        if (p === f || (p.length > f.length && p.startsWith(f) && p[f.length] === '.') || (f.length > p.length && f.startsWith(p) && f[p.length] === '.')) return true;
      }
    }
    return false;
  }

  /**
   * The distinct hash keys `doc` has in this index (what {@link entriesFor} keys), without building
   * entries: fields reached through sub-documents only, with no array on the way or at the end,
   * are read directly; anything else (multikey, partial filters) goes through `entriesFor`.
   */
  keysFor(doc: Doc): string[] {
    const direct = this.partial ? undefined : this.directKeys((i) => directKey(doc, this.paths[i]));
    return direct ?? this.entriesFor(doc).map((e) => e.key);
  }

  /**
   * keysFor of a stored document: one held as BSON is read from its bytes when they tell
   * ({@link rawPathKey}), so bringing an index up to date decodes only documents they do not.
   */
  private storedKeys(id: string, stored: Doc | Buffer): string[] {
    if (!(stored instanceof Uint8Array)) return this.keysFor(stored);
    const direct = this.partial ? undefined : this.directKeys((i) => rawPathKey(stored, this.bytePaths[i]));
    return direct ?? this.keysFor(this.docs.get(id)!);
  }

  /** The one key made of each field's key (`keyAt`: null when missing), or undefined when a field has no single key. */
  private directKeys(keyAt: (field: number) => string | null | undefined): string[] | undefined {
    let key = '';
    let present = false;
    for (let i = 0; i < this.paths.length; i++) {
      const k = keyAt(i);
      if (k === undefined) return undefined;
      if (k !== null) present = true;
      const part = k ?? 'z';
      key = i === 0 ? part : key + '\u0001' + part;
    }
    return present || !this.spec.sparse ? [key] : [];
  }

  entriesFor(doc: Doc): IndexEntry[] {
    if (this.partial && !this.partial.test(doc)) return [];
    if (this.fields.length === 1) {
      const vals = pathValues(doc, this.fields[0]);
      if (vals.length === 0) return this.spec.sparse ? [] : [{ key: 'z', values: [null] }];
      if (vals.length === 1) return [entry([vals[0]])];
      return dedupe(vals.map((v) => entry([v])));
    }
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((v) => v.length === 0)) return [];
    let tuples: unknown[][] = [[]];
    for (const vals of perField) {
      const options = vals.length === 0 ? [null] : vals;
      tuples = tuples.flatMap((t) => options.map((v) => [...t, v]));
    }
    return dedupe(tuples.map(entry));
  }

  /** Owners (by _id key) of a hash key. */
  lookup(key: string): string[] {
    this.catchUp();
    const hit = this.map.get(key);
    if (hit === undefined) return [];
    return typeof hit === 'string' ? [hit] : [...hit];
  }

  /** The _id key of another document already holding `key`, if any. */
  conflict(key: string, self: string): string | undefined {
    const hit = this.map.get(key);
    if (hit === undefined) return undefined;
    if (typeof hit === 'string') return hit === self ? undefined : hit;
    for (const owner of hit) if (owner !== self) return owner;
    return undefined;
  }

  add(key: string, owner: string): void {
    const hit = this.map.get(key);
    if (hit === undefined) this.map.set(key, owner);
    else if (typeof hit === 'string') {
      if (hit !== owner) this.map.set(key, new Set([hit, owner]));
    } else hit.add(owner);
  }

  remove(key: string, owner: string): void {
    const hit = this.map.get(key);
    if (hit === owner) this.map.delete(key);
    else if (hit instanceof Set) {
      hit.delete(owner);
      if (hit.size === 1) this.map.set(key, hit.values().next().value as string);
    }
  }

  clear(): void {
    this.map.clear();
    this.behind.clear();
    this.stale = false;
  }
}

const MISSING = Symbol('missing');
const MULTI = Symbol('multikey');

/** valueKey of the one value at `parts` (null: missing), undefined when pathValues has to tell. */
function directKey(doc: Doc, parts: string[]): string | null | undefined {
  const v = directValue(doc, parts);
  return v === MULTI ? undefined : v === MISSING ? null : valueKey(v);
}

/**
 * The value at `parts` as {@link pathValues} finds it when that is at most one plain value:
 * MISSING when a step is absent or not a sub-document, MULTI when an array (or a field present
 * as undefined) makes it pathValues' business.
 */
function directValue(doc: Doc, parts: string[]): unknown {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) return MULTI;
    if (!isPlainDoc(cur)) return MISSING;
    const next = cur[parts[i]];
    if (next === undefined) return parts[i] in cur ? MULTI : MISSING;
    cur = next;
  }
  return Array.isArray(cur) ? MULTI : cur;
}

/** Index key of a tuple of field values; parts never contain \u0001 since strings are JSON-escaped. */
export function tupleKey(values: unknown[]): string {
  return values.length === 1 ? valueKey(values[0]) : values.map(valueKey).join('\u0001');
}

function entry(values: unknown[]): IndexEntry {
  const shown = values.map((v) => (v === EMPTY_ARRAY ? undefined : v));
  return { key: tupleKey(values), values: shown };
}

function dedupe(entries: IndexEntry[]): IndexEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true)));
}
