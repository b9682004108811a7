import { bsonType, cloneDoc, Doc, isPlainDoc, sameValue, valueKey } from '../bson/bson-value';
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
 * The projector's shape, `{q: {_id: v}, u: {$set…}|replacement, upsert}`: one hash lookup, a
 * copy-on-write update, index maintenance only for indexes on the named paths, and the upserted
 * document built directly from `{_id: v}`. Undefined when anything else is asked (the general
 * path then answers, errors included); when defined, equal to what the general path does.
 */
export function updateById(target: StatementTarget, stmt: Doc, kind: UpdateKind): StatementResult | undefined {
  if (kind === 'pipeline' || stmt.arrayFilters !== undefined) return undefined;
  const q = stmt.q;
  if (!isPlainDoc(q)) return undefined;
  let id: unknown;
  let fields = 0;
  for (const k in q) (id = q[k]), fields++;
  if (fields !== 1 || !('_id' in q) || !plainEquality(id)) return undefined;
  const u = stmt.u as Doc;
  const { catalog, db, name } = target;
  const coll = catalog.get(db, name);
  const key = valueKey(id);
  const doc = coll?.docs.get(key);

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
