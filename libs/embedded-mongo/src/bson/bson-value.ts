import type { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';

/** A stored document: what `bson.deserialize` yields with promoted values. */
export type Doc = Record<string, unknown>;

/** The BSON class name of a value, or undefined for plain JS values. */
export function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

/** A document's first field name. */
export function firstKey(doc: Doc): string | undefined {
  for (const k in doc) return k;
  return undefined;
}

/** True for `{...}` documents, as opposed to arrays, dates and BSON value classes. */
export function isPlainDoc(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Numeric view of int/double/Long/Decimal128, or undefined for non-numbers. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const t = bsonType(v);
  if (t === 'Long') return (v as Long).toNumber();
  if (t === 'Int32' || t === 'Double') return (v as { value: number }).value;
  if (t === 'Decimal128') return Number((v as Decimal128).toString());
  return undefined;
}

export const isNumeric = (v: unknown) => asNumber(v) !== undefined;

/**
 * Canonical string of a value for hash indexes: numerically equal values
 * (1, 1.0, Long(1)) share a key, embedded documents stay field-order sensitive as in mongod.
 */
export function valueKey(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'z';
    case 'number':
      return v === 0 ? 'n0' : 'n' + v;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'bigint':
      return 'n' + v;
    case 'symbol':
      return 'u';
  }
  if (v === null) return 'z';
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  if (Array.isArray(v)) return '[' + v.map(valueKey).join(',') + ']';
  switch (bsonType(v)) {
    case 'ObjectId':
      return 'o' + (v as ObjectId).toHexString();
    case 'Long': {
      const l = v as Long;
      const n = l.toNumber();
      return Number.isSafeInteger(n) ? valueKey(n) : 'n' + l.toString();
    }
    case 'Int32':
    case 'Double':
      return valueKey((v as { value: number }).value);
    case 'Decimal128': {
      const s = (v as Decimal128).toString();
      const n = Number(s);
      return Number.isFinite(n) && String(n) === s.replace(/E\+?/, 'e+').replace('e+-', 'e-') ? valueKey(n) : 'N' + s;
    }
    case 'Binary': {
      const b = v as Binary;
      return 'x' + b.sub_type + ':' + Buffer.from(b.buffer).toString('base64');
    }
    case 'Timestamp':
      return 'T' + (v as Timestamp).toString();
    case 'MinKey':
      return 'm';
    case 'MaxKey':
      return 'M';
  }
  const o = v as Doc;
  let s = '{';
  for (const k in o) s += JSON.stringify(k) + ':' + valueKey(o[k]) + ',';
  return s + '}';
}

/**
 * `valueKey(a) === valueKey(b)` without building either string: identical primitives answer
 * at once, documents and arrays compare field by field (order-sensitive) and stop at the first
 * difference; anything else falls back to comparing keys.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return valueKey(a) === valueKey(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return valueKey(a) === valueKey(b);
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainDoc(a) || !isPlainDoc(b)) return valueKey(a) === valueKey(b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameValue(a[ka[i]], b[kb[i]])) return false;
  return true;
}

/** Deep copy of documents and arrays; BSON values are immutable in practice and shared. */
export function cloneDoc<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneDoc) as T;
  if (isPlainDoc(v)) {
    const out: Doc = {};
    for (const k in v) out[k] = cloneDoc(v[k]);
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  return v;
}

/**
 * Values reached by a dotted path, descending through arrays the way mongod
 * does for indexes and sort keys. A trailing array contributes its elements.
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(cur)) {
      if (cur.length === 0) out.push(EMPTY_ARRAY);
      else for (const e of cur) out.push(e);
    } else out.push(cur);
    return;
  }
  if (Array.isArray(cur)) {
    const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
    if (idx >= 0 && idx < cur.length) collect(cur[idx], parts, i + 1, out);
    else for (const e of cur) if (isPlainDoc(e) && parts[i] in e) collect(e, parts, i, out);
    return;
  }
  if (isPlainDoc(cur) && parts[i] in cur) collect(cur[parts[i]], parts, i + 1, out);
}

/** Marker for an empty array at the end of a path: sorts below null, indexes as undefined. */
export const EMPTY_ARRAY = Symbol('emptyArray');
