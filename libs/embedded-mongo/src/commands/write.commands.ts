import { Doc, isPlainDoc } from '../bson/bson-value';
import { failedToParse, fromMingoError, MongoCommandError } from '../mongo.errors';
import { selectDocs } from '../query/query.planner';
import { applyUpdate, buildUpsert, updateKind } from '../query/update.apply';
import { collectionArg, CommandContext, CommandHandler } from './command.context';

/**
 * Runs each statement, collecting `writeErrors` by statement index; an ordered
 * batch stops at its first failure, an unordered one carries on.
 */
function eachStatement(ctx: CommandContext, field: string, run: (stmt: Doc, index: number) => void): Doc[] {
  const stmts = ctx.cmd[field];
  if (!Array.isArray(stmts)) throw failedToParse(`BSON field '${Object.keys(ctx.cmd)[0]}.${field}' is missing but a required field`);
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < stmts.length; i++) {
    try {
      if (!isPlainDoc(stmts[i])) throw new MongoCommandError(14, 'TypeMismatch', `BSON field '${field}' items must be objects`);
      run(stmts[i] as Doc, i);
    } catch (err) {
      const e = err instanceof MongoCommandError ? err : fromMingoError(err);
      writeErrors.push({ index: i, code: e.code, ...e.extra, errmsg: e.message });
      if (ordered) break;
    }
  }
  return writeErrors;
}

const withErrors = (reply: Doc, writeErrors: Doc[]) => (writeErrors.length ? { ...reply, writeErrors } : reply);

const insert: CommandHandler = (ctx) => {
  const { coll } = ctx.node.catalog.getOrCreate(ctx.db, collectionArg(ctx));
  let n = 0;
  const writeErrors = eachStatement(ctx, 'documents', (doc) => {
    coll.insert(doc);
    n++;
  });
  return withErrors({ n }, writeErrors);
};

const update: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const { catalog } = ctx.node;
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors = eachStatement(ctx, 'updates', (stmt, index) => {
    const q = (stmt.q ?? {}) as Doc;
    const u = stmt.u as Doc | Doc[];
    const kind = updateKind(u);
    if (stmt.multi && kind === 'replacement') throw failedToParse('multi update is not supported for replacement-style update');
    const arrayFilters = stmt.arrayFilters as Doc[] | undefined;
    const coll = catalog.get(ctx.db, name);
    const matches = selectDocs(coll, q, stmt.multi ? 0 : 1);
    if (matches.length === 0 && stmt.upsert) {
      const doc = buildUpsert(q, u, arrayFilters);
      catalog.getOrCreate(ctx.db, name).coll.insert(doc);
      n++;
      upserted.push({ index, _id: doc._id });
      return;
    }
    for (const doc of matches) {
      const next = applyUpdate(doc, u, { filter: q, arrayFilters });
      n++;
      if (next) {
        coll!.replace(doc, next);
        nModified++;
      }
    }
  });
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
};

const del: CommandHandler = (ctx) => {
  const coll = ctx.node.catalog.get(ctx.db, collectionArg(ctx));
  let n = 0;
  const writeErrors = eachStatement(ctx, 'deletes', (stmt) => {
    const limit = Number(stmt.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw failedToParse('The limit field in delete objects must be 0 or 1. Got ' + limit);
    for (const doc of selectDocs(coll, (stmt.q ?? {}) as Doc, limit)) {
      coll!.remove(doc);
      n++;
    }
  });
  return withErrors({ n }, writeErrors);
};

/** CRUD write commands: insert, update, delete. */
export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: del };
