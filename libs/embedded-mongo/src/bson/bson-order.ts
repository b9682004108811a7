import type { Binary, Long, ObjectId, Timestamp } from 'bson';
import { asNumber, bsonType, Doc, EMPTY_ARRAY, isPlainDoc, pathValues } from './bson-value';

/** mongod's canonical type order; numbers of every width share a rank. */
function typeRank(v: unknown): number {
  if (v === EMPTY_ARRAY) return 0;
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (Array.isArray(v)) return 6;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
  }
  return 5;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Total order over BSON values as mongod compares them (sort, $min/$max, index order). */
export function compareBson(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    case 5:
      return compareDocs(a as Doc, b as Doc);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7: {
      const x = a as Binary;
      const y = b as Binary;
      if (x.length() !== y.length()) return sign(x.length() - y.length());
      if (x.sub_type !== y.sub_type) return sign(x.sub_type - y.sub_type);
      return Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer));
    }
    case 8: {
      const x = (a as ObjectId).toHexString();
      const y = (b as ObjectId).toHexString();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 9:
      return sign(Number(a) - Number(b));
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
  return 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsonType(a) === 'Long' && bsonType(b) === 'Long') return (a as Long).compare(b as Long);
  const x = typeof a === 'bigint' ? Number(a) : asNumber(a)!;
  const y = typeof b === 'bigint' ? Number(b) : asNumber(b)!;
  // mongod orders NaN below every other number.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return sign(x - y);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareBson(a[i], b[i]);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function compareDocs(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    // Element type first, then field name, then value: BSON's own byte order.
    const r = typeRank(a[ka[i]]) - typeRank(b[kb[i]]);
    if (r !== 0) return sign(r);
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    const c = compareBson(a[ka[i]], b[kb[i]]);
    if (c !== 0) return c;
  }
  return sign(ka.length - kb.length);
}

/** The value a document sorts by on one path: min element ascending, max descending. */
function sortKey(doc: Doc, path: string, dir: number): unknown {
  const vals = pathValues(doc, path);
  if (vals.length === 0) return null;
  let best = vals[0];
  for (let i = 1; i < vals.length; i++) {
    const c = compareBson(vals[i], best);
    if (dir > 0 ? c < 0 : c > 0) best = vals[i];
  }
  return best;
}

function parseSpec(spec: Record<string, unknown>): { path: string; dir: number }[] {
  return Object.entries(spec).map(([path, d]) => {
    if (isPlainDoc(d) && '$meta' in d) return { path, dir: 1 };
    if (d !== 1 && d !== -1) throw new Error('$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    return { path, dir: d };
  });
}

/** Sorts a copy of `docs` by a `{field: 1|-1}` spec in BSON type order; keys are computed once per document. */
export function sortDocs(docs: Doc[], spec: Record<string, unknown>): Doc[] {
  const fields = parseSpec(spec);
  const keyed = docs.map((d) => ({ d, k: fields.map((f) => sortKey(d, f.path, f.dir)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareBson(a.k[i], b.k[i]);
      if (c !== 0) return c * fields[i].dir;
    }
    return 0;
  });
  return keyed.map((x) => x.d);
}
