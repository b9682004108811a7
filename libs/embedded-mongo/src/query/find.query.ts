import { find } from 'mingo';
import { sortDocs } from '../bson/bson-order';
import { Doc } from '../bson/bson-value';
import { fromMingoError } from '../mongo.errors';
import { CollectionStore } from '../storage/collection.store';
import { selectDocs } from './query.planner';

/** The parts of a `find` command that shape its result set. */
export interface FindSpec {
  filter?: Doc;
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
  variables?: Doc;
}

/** Runs filter → sort (BSON type order) → skip → limit → projection over a collection. */
export function runFind(coll: CollectionStore | undefined, spec: FindSpec): Doc[] {
  const skip = Math.max(0, spec.skip ?? 0);
  const limit = Math.abs(spec.limit ?? 0);
  const hasSort = spec.sort && Object.keys(spec.sort).length > 0;
  let docs = selectDocs(coll, spec.filter, hasSort || limit === 0 ? 0 : skip + limit, spec.variables);
  try {
    if (hasSort) docs = sortDocs(docs, spec.sort!);
    if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
    if (spec.projection && Object.keys(spec.projection).length > 0) {
      // mingo needs the filter again for positional (`a.$`) projections.
      docs = find(docs, spec.filter ?? {}, spec.projection).all() as Doc[];
    }
  } catch (err) {
    throw fromMingoError(err);
  }
  return docs;
}
