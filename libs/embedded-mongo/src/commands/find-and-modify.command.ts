import { find } from 'mingo';
import { Doc, isPlainDoc } from '../bson/bson-value';
import { failedToParse, fromMingoError } from '../mongo.errors';
import { runFind } from '../query/find.query';
import { applyUpdate, buildUpsert } from '../query/update.apply';
import { collectionArg, CommandHandler } from './command.context';

function project(doc: Doc | null, fields: unknown): Doc | null {
  if (!doc || !isPlainDoc(fields) || Object.keys(fields).length === 0) return doc;
  try {
    return find([doc], {}, fields).all()[0] as Doc;
  } catch (err) {
    throw fromMingoError(err);
  }
}

/**
 * findAndModify: one document chosen by query + sort, removed or updated (or upserted);
 * returns the before or after image. Write failures are top-level errors, as on mongod.
 */
const findAndModify: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const { cmd } = ctx;
  const query = isPlainDoc(cmd.query) ? cmd.query : {};
  if (cmd.remove && cmd.update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
  if (!cmd.remove && cmd.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
  if (cmd.remove && cmd.upsert) throw failedToParse('Cannot specify both upsert=true and remove=true');
  const { catalog } = ctx.node;
  const coll = catalog.get(ctx.db, name);
  const sort = isPlainDoc(cmd.sort) ? cmd.sort : undefined;
  const [doc] = runFind(coll, { filter: query, sort, limit: 1 });

  if (cmd.remove) {
    if (doc) coll!.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc ?? null, cmd.fields) };
  }
  const u = cmd.update as Doc | Doc[];
  const arrayFilters = cmd.arrayFilters as Doc[] | undefined;
  if (doc) {
    const next = applyUpdate(doc, u, { filter: query, arrayFilters });
    if (next) coll!.replace(doc, next);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(cmd.new ? (next ?? doc) : doc, cmd.fields),
    };
  }
  if (!cmd.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  const inserted = buildUpsert(query, u, arrayFilters);
  catalog.getOrCreate(ctx.db, name).coll.insert(inserted);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
    value: cmd.new ? project(inserted, cmd.fields) : null,
  };
};

/** The findAndModify command (driver: findOneAndUpdate/Replace/Delete). */
export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify, findandmodify: findAndModify };
