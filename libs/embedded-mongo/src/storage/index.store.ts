import { Query } from 'mingo';
import { Doc, EMPTY_ARRAY, isPlainDoc, pathValues, valueKey } from '../bson/bson-value';

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

/**
 * A hash index over one or more fields. Multikey fields contribute one entry
 * per element; a missing field indexes as null unless the index is sparse.
 */
export class IndexStore {
  readonly fields: string[];
  readonly unique: boolean;
  /** Each field split on dots. */
  private readonly paths: string[][];
  private readonly partial?: Query;
  /** key → owner _id key (unique) or set of owner _id keys. */
  private readonly map = new Map<string, string | Set<string>>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((f) => f.split('.'));
    this.unique = spec.unique === true;
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, {});
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
    if (this.partial) return this.entriesFor(doc).map((e) => e.key);
    let key = '';
    let present = false;
    for (let i = 0; i < this.paths.length; i++) {
      const v = directValue(doc, this.paths[i]);
      if (v === MULTI) return this.entriesFor(doc).map((e) => e.key);
      if (v !== MISSING) present = true;
      const part = v === MISSING ? 'z' : valueKey(v);
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
  }
}

const MISSING = Symbol('missing');
const MULTI = Symbol('multikey');

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
