import { aggregate } from 'mingo';
import { sortDocs } from '../bson/bson-order';
import { cloneDoc, Doc, isPlainDoc } from '../bson/bson-value';
import { badValue, fromMingoError, MongoCommandError } from '../mongo.errors';
import { CatalogStore } from '../storage/catalog.store';
import { CollectionStore } from '../storage/collection.store';
import { selectDocs } from './query.planner';
import { writeMerge, writeOut } from './aggregate.output';

/** Where a pipeline runs: the catalog (for $lookup/$out/$merge), its database and optional variables. */
export interface PipelineContext {
  catalog: CatalogStore;
  db: string;
  variables?: Doc;
}

const stageName = (stage: unknown): string => {
  if (!isPlainDoc(stage) || Object.keys(stage).length !== 1) {
    throw new MongoCommandError(40323, 'Location40323', 'A pipeline stage specification object must contain exactly one field.');
  }
  return Object.keys(stage)[0];
};

/**
 * Rewrites stages where mingo 7.2.7 departs from mongod into equivalent ones it gets right
 * (sub-pipelines too): `$count` on empty input must emit nothing, as `$group` does;
 * `$bucket` miscounts at boundaries, so it becomes `$group` on a `$switch` of the ranges.
 */
export function rewriteStages(pipeline: Doc[]): Doc[] {
  return pipeline.flatMap((stage) => {
    const name = stageName(stage);
    const spec = fixExpressions(stage[name]);
    if (name === '$count') {
      if (typeof spec !== 'string' || spec.length === 0 || spec.startsWith('$') || spec.includes('.')) {
        throw new MongoCommandError(40156, 'Location40156', 'the count field must be a non-empty string');
      }
      return [{ $group: { _id: null, [spec]: { $sum: 1 } } }, { $project: { _id: 0 } }];
    }
    if (name === '$bucket' && isPlainDoc(spec)) return bucketAsGroup(spec);
    if (name === '$facet' && isPlainDoc(spec)) {
      return [{ $facet: Object.fromEntries(Object.entries(spec).map(([k, p]) => [k, rewriteStages(p as Doc[])])) }];
    }
    if ((name === '$lookup' || name === '$unionWith') && isPlainDoc(spec) && Array.isArray(spec.pipeline)) {
      return [{ [name]: { ...spec, pipeline: rewriteStages(spec.pipeline as Doc[]) } }];
    }
    return [{ [name]: spec }];
  });
}

function bucketAsGroup(spec: Doc): Doc[] {
  const bounds = spec.boundaries;
  if (!Array.isArray(bounds) || bounds.length < 2) {
    throw new MongoCommandError(40192, 'Location40192', "The $bucket 'boundaries' field must have at least 2 values");
  }
  const branches = bounds.slice(0, -1).map((lo, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, lo] }, { $lt: [spec.groupBy, bounds[i + 1]] }] },
    then: lo,
  }));
  const $switch: Doc = { branches };
  if (spec.default !== undefined) $switch.default = spec.default;
  const output = isPlainDoc(spec.output) ? spec.output : { count: { $sum: 1 } };
  return [{ $group: { _id: { $switch }, ...output } }, { $sort: { _id: 1 } }];
}

/** mingo's `$dateFromParts` defaults day to 0 (the month before); mongod defaults month and day to 1. */
function fixExpressions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fixExpressions);
  if (!isPlainDoc(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = fixExpressions(x);
    if (k === '$dateFromParts' && isPlainDoc(x) && !('isoWeekYear' in x)) out[k] = { month: 1, day: 1, ...(out[k] as Doc) };
  }
  return out;
}

/** mingo writes dotted `$set`/`$addFields`/`$unset` paths into its input objects; those need copies. */
function mutatesInput(pipeline: unknown): boolean {
  const text = JSON.stringify(pipeline, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  return /"\$(?:set|addFields|unset|project)":(?:\{"[^"]*\.|"[^"]*\.|\[)/.test(text);
}

/**
 * Runs an aggregation pipeline. A leading `$match` uses the indexes, every top-level
 * `$sort` uses BSON type order, the rest runs on mingo; a final `$out`/`$merge` writes
 * through the catalog and yields no documents.
 */
export function runPipeline(ctx: PipelineContext, coll: CollectionStore | undefined, raw: unknown): Doc[] {
  if (!Array.isArray(raw)) throw new MongoCommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  const pipeline = rewriteStages(raw as Doc[]);
  const names = pipeline.map(stageName);
  names.forEach((n, i) => {
    if ((n === '$out' || n === '$merge') && i !== names.length - 1) {
      throw new MongoCommandError(40601, 'Location40601', `${n} can only be the final stage in the pipeline`);
    }
  });
  const output = names[names.length - 1] === '$out' || names[names.length - 1] === '$merge' ? pipeline.pop() : undefined;

  let stages = pipeline;
  let docs: Doc[];
  if (names[0] === '$match' && isPlainDoc(pipeline[0].$match)) {
    docs = selectDocs(coll, pipeline[0].$match as Doc, 0, ctx.variables);
    stages = pipeline.slice(1);
  } else docs = coll ? [...coll.docs.values()] : [];
  if (mutatesInput(stages)) docs = docs.map(cloneDoc);

  const options = {
    idKey: '_id',
    variables: ctx.variables,
    collectionResolver: (name: string) => [...(ctx.catalog.get(ctx.db, name)?.docs.values() ?? [])].map(cloneDoc),
  };
  let segment: Doc[] = [];
  const flush = () => {
    if (segment.length) docs = aggregate(docs, segment, options) as Doc[];
    segment = [];
  };
  try {
    for (const stage of stages) {
      if ('$sort' in stage) {
        flush();
        if (!isPlainDoc(stage.$sort) || Object.keys(stage.$sort).length === 0) throw badValue('$sort stage must have at least one sort key');
        docs = sortDocs(docs, stage.$sort);
      } else segment.push(stage);
    }
    flush();
  } catch (err) {
    throw fromMingoError(err);
  }
  if (output) {
    if ('$out' in output) writeOut(ctx, output.$out, docs);
    else writeMerge(ctx, output.$merge, docs);
    return [];
  }
  return docs;
}
