import { Doc, EMPTY_ARRAY, isPlainDoc, pathValues, valueKey } from '../bson/bson-value';
import { badValue, MongoCommandError } from '../mongo.errors';
import { runFind } from '../query/find.query';
import { selectDocs } from '../query/query.planner';
import { collectionArg, CommandHandler } from './command.context';

function nonNegative(ctx: { cmd: Doc }, field: string): number | undefined {
  const v = ctx.cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new MongoCommandError(14, 'TypeMismatch', `BSON field '${field}' is the wrong type '${typeof v}', expected types '[long, int, decimal, double]'`);
  if (v < 0 && field !== 'limit') throw badValue(`BSON field '${field}' value must be >= 0, actual value '${v}'`);
  return v;
}

const optionalDoc = (v: unknown): Doc | undefined => (isPlainDoc(v) ? v : undefined);

const find: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const limit = nonNegative(ctx, 'limit');
  const docs = runFind(ctx.node.catalog.get(ctx.db, name), {
    filter: optionalDoc(ctx.cmd.filter),
    sort: optionalDoc(ctx.cmd.sort),
    projection: optionalDoc(ctx.cmd.projection),
    skip: nonNegative(ctx, 'skip'),
    limit,
    variables: optionalDoc(ctx.cmd.let),
  });
  // A negative limit is the legacy spelling of "one batch, then close".
  const singleBatch = ctx.cmd.singleBatch === true || (limit ?? 0) < 0;
  return ctx.node.cursors.first(`${ctx.db}.${name}`, docs, nonNegative(ctx, 'batchSize'), singleBatch);
};

const getMore: CommandHandler = (ctx) => {
  const coll = ctx.cmd.collection;
  if (typeof coll !== 'string') throw new MongoCommandError(40414, 'Location40414', "BSON field 'getMore.collection' is missing but a required field");
  return ctx.node.cursors.next(ctx.cmd.getMore, `${ctx.db}.${coll}`, nonNegative(ctx, 'batchSize'));
};

const killCursors: CommandHandler = (ctx) => {
  const ids = ctx.cmd.cursors;
  if (!Array.isArray(ids)) throw new MongoCommandError(40414, 'Location40414', "BSON field 'killCursors.cursors' is missing but a required field");
  return ctx.node.cursors.kill(ids);
};

const count: CommandHandler = (ctx) => {
  const coll = ctx.node.catalog.get(ctx.db, collectionArg(ctx));
  const query = optionalDoc(ctx.cmd.query) ?? {};
  const skip = nonNegative(ctx, 'skip') ?? 0;
  const limit = Math.abs(nonNegative(ctx, 'limit') ?? 0);
  let n = Object.keys(query).length === 0 ? (coll?.docs.size ?? 0) : selectDocs(coll, query).length;
  n = Math.max(0, n - skip);
  return { n: limit ? Math.min(n, limit) : n };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.cmd.key;
  if (typeof key !== 'string') throw new MongoCommandError(40414, 'Location40414', "BSON field 'distinct.key' is missing but a required field");
  const docs = selectDocs(ctx.node.catalog.get(ctx.db, collectionArg(ctx)), optionalDoc(ctx.cmd.query) ?? {});
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of pathValues(doc, key)) {
      if (v === EMPTY_ARRAY) continue;
      const k = valueKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()] };
};

/** Query commands: find with its cursor protocol, count, distinct. */
export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct };
