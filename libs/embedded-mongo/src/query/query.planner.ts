import { Query } from 'mingo';
import { bsonType, Doc, isPlainDoc, valueKey } from '../bson/bson-value';
import { fromMingoError } from '../mongo.errors';
import { CollectionStore } from '../storage/collection.store';
import { tupleKey } from '../storage/index.store';

const MINGO_OPTIONS = { idKey: '_id' };
/**
 * Hash lookups an equality may take instead of a scan: at least this many, and never fewer than
 * the collection has documents (a scan tests every one of them with mingo, whose `$in` also walks
 * the whole list per document).
 */
const MIN_LOOKUP_LIMIT = 1000;
const lookupLimit = (coll: CollectionStore) => Math.max(MIN_LOOKUP_LIMIT, coll.docs.size);

/** Compiles a filter with mingo, reporting unknown operators the way mongod does. */
export function compileFilter(filter: Doc | undefined, variables?: Doc): Query {
  const { $comment: _comment, ...rest } = filter ?? {};
  try {
    return new Query(rest, variables ? { ...MINGO_OPTIONS, variables } : MINGO_OPTIONS);
  } catch (err) {
    throw fromMingoError(err);
  }
}

/** A value an equality predicate can look up by hash: not an array, regex or operator document. */
function hashable(v: unknown): boolean {
  if (Array.isArray(v) || v instanceof RegExp || bsonType(v) === 'BSONRegExp') return false;
  return !(isPlainDoc(v) && Object.keys(v).some((k) => k.startsWith('$')));
}

/** Top-level equality (`f: v`, `f: {$eq: v}`, `f: {$in: [...]}`, inside `$and`) by field. */
export function equalities(filter: Doc, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      v.forEach((sub) => isPlainDoc(sub) && equalities(sub, out));
      continue;
    }
    if (k.startsWith('$')) continue;
    let values: unknown[] | undefined;
    if (isPlainDoc(v) && Object.keys(v).length === 1 && '$eq' in v) values = [v.$eq];
    else if (isPlainDoc(v) && Object.keys(v).length === 1 && Array.isArray(v.$in)) values = v.$in;
    else values = [v];
    if (values.every(hashable) && !out.has(k)) out.set(k, values);
  }
  return out;
}

/**
 * Candidate documents for `filter` from the _id map or a hash index when the filter
 * pins every indexed field by equality; undefined means a collection scan is needed.
 */
export function indexCandidates(coll: CollectionStore, filter: Doc): Doc[] | undefined {
  return indexLookup(coll, filter)?.docs;
}

/**
 * As {@link indexCandidates}, plus `exact`: the filter is nothing but the equalities the
 * hash lookup answered, so the candidates need no further matching (and no mingo compile).
 */
export function indexLookup(coll: CollectionStore, filter: Doc): { docs: Doc[]; exact: boolean } | undefined {
  const eq = equalities(filter);
  if (eq.size === 0) return undefined;
  const keys = Object.keys(filter);
  const onlyFields = (fields: string[]) => keys.every((k) => fields.includes(k) && eq.has(k));
  const ids = eq.get('_id');
  if (ids && ids.length <= lookupLimit(coll)) {
    const out: Doc[] = [];
    const seen = new Set<string>();
    for (const v of ids) {
      const k = valueKey(v);
      const doc = coll.docs.get(k);
      if (doc && !seen.has(k)) out.push(doc), seen.add(k);
    }
    return { docs: out, exact: onlyFields(['_id']) };
  }
  const usable = coll.indexes
    .filter((ix) => ix.usableForEquality && ix.fields.every((f) => eq.has(f)))
    .sort((a, b) => Number(b.unique) - Number(a.unique) || b.fields.length - a.fields.length);
  const ix = usable[0];
  if (!ix) return undefined;
  let tuples: unknown[][] = [[]];
  for (const f of ix.fields) tuples = tuples.flatMap((t) => eq.get(f)!.map((v) => [...t, v]));
  if (tuples.length > lookupLimit(coll)) return undefined;
  const owners = new Set<string>();
  for (const t of tuples) for (const id of ix.lookup(tupleKey(t))) owners.add(id);
  return { docs: [...owners].map((id) => coll.docs.get(id)!).filter(Boolean), exact: onlyFields(ix.fields) };
}

/**
 * Documents of `coll` matching `filter`, at most `limit` of them (0 = all),
 * in natural order for scans. Uses an index for equality filters.
 */
export function selectDocs(coll: CollectionStore | undefined, filter: Doc | undefined, limit = 0, variables?: Doc): Doc[] {
  if (!coll) {
    compileFilter(filter, variables);
    return [];
  }
  const hit = filter ? indexLookup(coll, filter) : undefined;
  if (hit?.exact) return limit > 0 ? hit.docs.slice(0, limit) : hit.docs;
  const query = compileFilter(filter, variables);
  const source: Iterable<Doc> = hit?.docs ?? coll.docs.values();
  const out: Doc[] = [];
  try {
    for (const doc of source) {
      if (!query.test(doc)) continue;
      out.push(doc);
      if (limit > 0 && out.length >= limit) break;
    }
  } catch (err) {
    throw fromMingoError(err);
  }
  return out;
}
