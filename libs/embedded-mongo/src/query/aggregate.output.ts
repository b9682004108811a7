import { ObjectId } from 'bson';
import { Doc, isPlainDoc } from '../bson/bson-value';
import { badValue, MongoCommandError } from '../mongo.errors';
import { CollectionStore, DuplicateKeyError } from '../storage/collection.store';
import type { PipelineContext } from './aggregate.pipeline';
import { selectDocs } from './query.planner';

function target(ctx: PipelineContext, spec: unknown): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainDoc(spec) && typeof spec.coll === 'string') return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  throw badValue('$out/$merge target must be a collection name or {db, coll}');
}

const withId = (doc: Doc): Doc => (doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc);

/**
 * `$out`: builds the new contents aside (keeping the target's indexes) and swaps them
 * in only if every insert succeeded, so a failed `$out` leaves the target untouched.
 */
export function writeOut(ctx: PipelineContext, spec: unknown, docs: Doc[]): void {
  const { db, coll } = target(ctx, spec);
  const fresh = new CollectionStore(db, coll);
  const old = ctx.catalog.get(db, coll);
  old?.indexes.forEach((ix) => fresh.createIndex(ix.spec));
  for (const doc of docs) fresh.insert(withId(doc));
  if (old) ctx.catalog.drop(db, coll);
  ctx.catalog.add(fresh);
}

/** `$merge` with `on`, `whenMatched` (merge/replace/keepExisting/fail) and `whenNotMatched` (insert/discard/fail). */
export function writeMerge(ctx: PipelineContext, spec: unknown, docs: Doc[]): void {
  const opts: Doc = isPlainDoc(spec) && 'into' in spec ? spec : { into: spec };
  const { db, coll: name } = target(ctx, opts.into);
  const on = opts.on === undefined ? ['_id'] : Array.isArray(opts.on) ? (opts.on as string[]) : [String(opts.on)];
  const whenMatched = opts.whenMatched ?? 'merge';
  const whenNotMatched = opts.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string') throw badValue('$merge whenMatched pipelines are not supported by this node');
  const { coll } = ctx.catalog.getOrCreate(db, name);
  for (const doc of docs) {
    const filter: Doc = {};
    for (const f of on) {
      if (doc[f] === undefined && f !== '_id') {
        throw new MongoCommandError(51132, 'Location51132', `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`);
      }
      filter[f] = doc[f];
    }
    const existing = doc._id === undefined && on.includes('_id') ? undefined : selectDocs(coll, filter, 1)[0];
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') throw new MongoCommandError(13113, 'MergeStageNoMatchingDocument', '$merge could not find a matching document in the target collection for at least one document in the source collection');
      coll.insert(withId(doc));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') throw new DuplicateKeyError(coll.ns, '_id_', { _id: 1 }, { _id: existing._id });
    const { _id: _ignored, ...rest } = doc;
    const next = whenMatched === 'replace' ? { _id: existing._id, ...rest } : { ...existing, ...rest };
    coll.replace(existing, next);
  }
}
