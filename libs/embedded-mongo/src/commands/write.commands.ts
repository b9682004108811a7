import { Doc, isPlainDoc } from '../bson/bson-value';
import { RawDoc } from '../bson/raw-doc';
import { failedToParse, fromMingoError, MongoCommandError } from '../mongo.errors';
import { selectDocs } from '../query/query.planner';
import { collectionArg, CommandContext, CommandHandler } from './command.context';
import { runUpdateStatement } from './update.statement';

/**
 * Runs each statement, collecting `writeErrors` by statement index; an ordered
 * batch stops at its first failure, an unordered one carries on.
 */
function eachStatement<S = Doc>(ctx: CommandContext, field: string, run: (stmt: S, index: number) => void): Doc[] {
  const stmts = ctx.cmd[field];
  if (!Array.isArray(stmts)) throw failedToParse(`BSON field '${Object.keys(ctx.cmd)[0]}.${field}' is missing but a required field`);
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < stmts.length; i++) {
    try {
      // RawDoc: a document of an insert's document sequence, still as BSON (see decodeFrame).
      if (!isPlainDoc(stmts[i]) && !(stmts[i] instanceof RawDoc)) throw new MongoCommandError(14, 'TypeMismatch', `BSON field '${field}' items must be objects`);
      run(stmts[i] as S, i);
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
  const writeErrors = eachStatement<Doc | RawDoc>(ctx, 'documents', (doc) => {
    if (doc instanceof RawDoc) coll.insertRaw(doc);
    else coll.insert(doc);
    n++;
  });
  return withErrors({ n }, writeErrors);
};

/** The update command; `fastPaths: false` runs every statement through the general path (for tests). */
function updateCommand(fastPaths: boolean): CommandHandler {
  return (ctx) => {
    const target = { catalog: ctx.node.catalog, db: ctx.db, name: collectionArg(ctx) };
    let n = 0;
    let nModified = 0;
    const upserted: Doc[] = [];
    const writeErrors = eachStatement(ctx, 'updates', (stmt, index) => {
      const r = runUpdateStatement(target, stmt, fastPaths);
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index, _id: r.upsertedId });
    });
    const reply: Doc = { n, nModified };
    if (upserted.length) reply.upserted = upserted;
    return withErrors(reply, writeErrors);
  };
}

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
export const writeCommands: Record<string, CommandHandler> = { insert, update: updateCommand(true), delete: del };

/** The same commands with update fast paths switched off, so tests can compare both. */
export const generalWriteCommands: Record<string, CommandHandler> = { ...writeCommands, update: updateCommand(false) };
