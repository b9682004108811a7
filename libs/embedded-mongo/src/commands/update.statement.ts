import { bsonType, cloneDoc, Doc, isPlainDoc, sameValue, valueKey } from '../bson/bson-value';
import { compareBson } from '../bson/bson-order';
import { failedToParse } from '../mongo.errors';
import { selectDocs } from '../query/query.planner';
import { applyUpdate, buildUpsert, UpdateKind, updateKind } from '../query/update.apply';
import { fastOperatorUpdate } from '../query/update.fast-path';
import { CatalogStore } from '../storage/catalog.store';

/** Where an update statement runs. */
export interface StatementTarget {
  catalog: CatalogStore;
  db: string;
  name: string;
}

/** What one update statement did, for the command's `n`, `nModified` and `upserted`. */
export interface StatementResult {
  n: number;
  nModified: number;
  /** Set when the statement inserted a document. */
  upsertedId?: unknown;
}

/** One statement of an `update` command: the fast path when it applies, else the general one. */
export function runUpdateStatement(target: StatementTarget, stmt: Doc, fastPaths = true): StatementResult {
  const u = stmt.u as Doc | Doc[];
  const kind = updateKind(u);
  if (stmt.multi && kind === 'replacement') throw failedToParse('multi update is not supported for replacement-style update');
  return (fastPaths ? updateById(target, stmt, kind) : undefined) ?? updateGeneral(target, stmt, kind);
}

/** Index selection, mingo matching and {@link applyUpdate}/{@link buildUpsert}: every update shape. */
export function updateGeneral(target: StatementTarget, stmt: Doc, kind: UpdateKind): StatementResult {
  const { catalog, db, name } = target;
  const q = (stmt.q ?? {}) as Doc;
  const u = stmt.u as Doc | Doc[];
  const arrayFilters = stmt.arrayFilters as Doc[] | undefined;
  const coll = catalog.get(db, name);
  const matches = selectDocs(coll, q, stmt.multi ? 0 : 1);
  if (matches.length === 0 && stmt.upsert) {
    const doc = buildUpsert(q, u, arrayFilters);
    catalog.getOrCreate(db, name).coll.insert(doc);
    return { n: 1, nModified: 0, upsertedId: doc._id };
  }
  let n = 0;
  let nModified = 0;
  for (const doc of matches) {
    const next = applyUpdate(doc, u, { filter: q, arrayFilters });
    n++;
    if (next) {
      coll!.replace(doc, next);
      nModified++;
    }
  }
  return { n, nModified };
}

/**
 * The projector's shape, `{q: {_id: v[, field: scalar guard…]}, u: {$set…}|replacement, upsert}`: one hash lookup, a
 * copy-on-write update, index maintenance only for indexes on the named paths, and the upserted
 * document built directly from `{_id: v}`. Undefined when anything else is asked (the general
 * path then answers, errors included); when defined, equal to what the general path does.
 */
export function updateById(target: StatementTarget, stmt: Doc, kind: UpdateKind): StatementResult | undefined {
  if (kind === 'pipeline' || stmt.arrayFilters !== undefined) return undefined;
  const q = stmt.q;
  if (!isPlainDoc(q)) return undefined;
  if (!('_id' in q)) return undefined;
  const id = q._id;
  if (!plainEquality(id)) return undefined;
  let guards = 0;
  for (const k in q) if (k !== '_id') guards++;
  const u = stmt.u as Doc;
  const { catalog, db, name } = target;
  const coll = catalog.get(db, name);
  const key = valueKey(id);
  const doc = coll?.docs.get(key);

  if (guards > 0) {
    // `{_id: v, field: scalar | {$op: scalar}}`, as an optimistic guard sends: the conditions are
    // checked on the one document the _id names. A miss with upsert would insert (or collide on
    // _id), which the general path decides.
    const matched = doc ? matchesGuards(doc, q) : false;
    if (matched === undefined) return undefined;
    if (!matched) return stmt.upsert ? undefined : { n: 0, nModified: 0 };
  }

  if (doc) {
    if (kind === 'operators') {
      const r = fastOperatorUpdate(doc, u, false);
      if (!r) return undefined;
      if (!r.changed) return { n: 1, nModified: 0 };
      coll!.replace(doc, r.doc, r.paths, key);
      return { n: 1, nModified: 1 };
    }
    const next = replacement(doc._id, u);
    if (!next) return undefined;
    if (sameValue(next, doc)) return { n: 1, nModified: 0 };
    coll!.replace(doc, next, undefined, key);
    return { n: 1, nModified: 1 };
  }
  if (!stmt.upsert) return { n: 0, nModified: 0 };

  let inserted: Doc | undefined;
  const seed = { _id: cloneId(id) };
  if (kind === 'operators') inserted = fastOperatorUpdate(seed, u, true)?.doc;
  else inserted = replacement(seed._id, u);
  if (!inserted) return undefined;
  catalog.getOrCreate(db, name).coll.insert(inserted, key);
  return { n: 1, nModified: 0, upsertedId: inserted._id };
}

/**
 * applyUpdate's replacement document for `id`: `_id` first, then the replacement's other fields.
 * The statement's own documents are decoded per request and referenced by nothing else, so they
 * are stored as they are. Undefined when `u` names a different _id (the general path raises it).
 */
function replacement(id: unknown, u: Doc): Doc | undefined {
  const next: Doc = { _id: id };
  for (const k in u) {
    if (k !== '_id') next[k] = u[k];
    else if (u._id !== undefined && !sameValue(u._id, id)) return undefined;
  }
  return next;
}

const GUARD_OPS = new Set(['$eq', '$lt', '$lte', '$gt', '$gte']);

/**
 * Whether `doc` satisfies every condition of `q` besides `_id`, each a top-level field compared
 * with a string or a finite number (`field: v` or `field: {$eq|$lt|$lte|$gt|$gte: v}`). Only
 * same-type comparisons are decided here (a string with a string, a number with a number) and a
 * missing field, which matches none of these; anything else (arrays, other types, NaN, dotted
 * paths, other operators) is undefined so the general path answers.
 */
export function matchesGuards(doc: Doc, q: Doc): boolean | undefined {
  let matched = true;
  for (const field in q) {
    if (field === '_id') continue;
    if (field.length === 0 || field.startsWith('$') || field.includes('.')) return undefined;
    const cond = q[field];
    let op = '$eq';
    let arg = cond;
    if (isPlainDoc(cond)) {
      let ops = 0;
      for (const k in cond) (op = k), (arg = cond[k]), ops++;
      if (ops !== 1 || !GUARD_OPS.has(op)) return undefined;
    }
    if (!guardScalar(arg)) return undefined;
    const value = doc[field];
    if (value === undefined) {
      matched = false;
      continue;
    }
    if (!guardScalar(value) || typeof value !== typeof arg) return undefined;
    const c = compareBson(value, arg);
    const ok = op === '$eq' ? c === 0 : op === '$lt' ? c < 0 : op === '$lte' ? c <= 0 : op === '$gt' ? c > 0 : c >= 0;
    if (!ok) matched = false;
  }
  return matched;
}

const guardScalar = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v));

/**
 * A filter value matched by plain hash equality: no operators, arrays or regexes. Not null or
 * undefined either: a null _id takes the general path's own route through `??`.
 */
function plainEquality(v: unknown): boolean {
  if (v === undefined || v === null || Array.isArray(v) || v instanceof RegExp) return false;
  if (isPlainDoc(v)) {
    for (const k in v) if (k.startsWith('$')) return false;
    return true;
  }
  return bsonType(v) !== 'BSONRegExp';
}

/** The filter's _id as the general path seeds it: documents and dates copied, BSON values shared. */
const cloneId = (id: unknown): unknown => (typeof id === 'object' ? cloneDoc(id) : id);
