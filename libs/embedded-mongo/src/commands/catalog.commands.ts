import { find } from 'mingo';
import { Doc, isPlainDoc, valueKey } from '../bson/bson-value';
import { badValue, fromMingoError, MongoCommandError, namespaceExists, namespaceNotFound } from '../mongo.errors';
import { ID_INDEX } from '../storage/collection.store';
import { IndexSpec } from '../storage/index.store';
import { collectionArg, CommandHandler } from './command.context';

const INDEX_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation'];

const listCollections: CommandHandler = (ctx) => {
  const infos = ctx.node.catalog.collections(ctx.db).map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false },
    idIndex: ID_INDEX,
  }));
  let docs: Doc[] = infos;
  try {
    if (isPlainDoc(ctx.cmd.filter)) docs = find(infos, ctx.cmd.filter).all() as Doc[];
  } catch (err) {
    throw fromMingoError(err);
  }
  if (ctx.cmd.nameOnly) docs = docs.map((d) => ({ name: d.name, type: d.type }));
  const batchSize = (ctx.cmd.cursor as Doc | undefined)?.batchSize as number | undefined;
  return ctx.node.cursors.first(`${ctx.db}.$cmd.listCollections`, docs, batchSize);
};

const create: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  if (ctx.node.catalog.get(ctx.db, name)) throw namespaceExists(`Collection ${ctx.db}.${name} already exists.`);
  const { coll } = ctx.node.catalog.getOrCreate(ctx.db, name);
  for (const k of ['capped', 'size', 'max', 'validator', 'validationLevel', 'validationAction']) {
    if (ctx.cmd[k] !== undefined) coll.options[k] = ctx.cmd[k];
  }
  return {};
};

const drop: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const coll = ctx.node.catalog.drop(ctx.db, name);
  // Current mongod answers ok:1 for a missing collection; the 6.x driver would throw on 26.
  return coll ? { nIndexesWas: coll.indexes.length + 1, ns: coll.ns } : {};
};

const renameCollection: CommandHandler = (ctx) => {
  if (ctx.db !== 'admin') throw new MongoCommandError(13, 'Unauthorized', 'renameCollection may only be run against the admin database.');
  const [from, to] = [ctx.cmd.renameCollection, ctx.cmd.to].map((ns) => {
    const s = String(ns);
    const dot = s.indexOf('.');
    if (dot <= 0 || dot === s.length - 1) throw new MongoCommandError(73, 'InvalidNamespace', `Invalid namespace specified '${s}'`);
    return { db: s.slice(0, dot), name: s.slice(dot + 1) };
  });
  const { catalog } = ctx.node;
  const source = catalog.get(from.db, from.name);
  if (!source) throw namespaceNotFound(`Source collection ${from.db}.${from.name} does not exist`);
  if (from.db === to.db && from.name === to.name) throw new MongoCommandError(20, 'IllegalOperation', "Can't rename a collection to itself");
  if (catalog.get(to.db, to.name)) {
    if (!ctx.cmd.dropTarget) throw namespaceExists('target namespace exists');
    catalog.drop(to.db, to.name);
  }
  catalog.rename(source, to.db, to.name);
  return {};
};

function sameOptions(a: IndexSpec, b: Doc): boolean {
  return INDEX_OPTIONS.every((k) => valueKey(a[k] ?? (k === 'unique' || k === 'sparse' ? false : undefined)) === valueKey(b[k] ?? (k === 'unique' || k === 'sparse' ? false : undefined)));
}

const createIndexes: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const specs = ctx.cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0) throw badValue('Must specify at least one index to create');
  const { coll, created } = ctx.node.catalog.getOrCreate(ctx.db, name);
  const before = coll.indexes.length + 1;
  let added = 0;
  for (const raw of specs as Doc[]) {
    if (!isPlainDoc(raw.key) || Object.keys(raw.key).length === 0) throw new MongoCommandError(67, 'CannotCreateIndex', 'Index keys cannot be empty.');
    if (typeof raw.name !== 'string') throw new MongoCommandError(9, 'FailedToParse', "Error in specification: the 'name' field is a required property of an index specification");
    const keyStr = valueKey(raw.key);
    const existing = coll.indexSpecs();
    const byName = existing.find((s) => s.name === raw.name);
    const byKey = existing.find((s) => valueKey(s.key) === keyStr);
    if (byName && valueKey(byName.key) !== keyStr) {
      throw new MongoCommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(raw)}, existing index: ${JSON.stringify(byName)}`);
    }
    if (byKey && byKey.name !== raw.name) throw new MongoCommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${byKey.name}`);
    if (byKey && raw.name !== '_id_' && !sameOptions(byKey, raw)) {
      throw new MongoCommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(raw)}, existing index: ${JSON.stringify(byKey)}`);
    }
    if (byKey) continue;
    const spec: IndexSpec = { v: 2, key: raw.key, name: raw.name };
    for (const k of INDEX_OPTIONS) if (raw[k] !== undefined) spec[k] = raw[k];
    try {
      coll.createIndex(spec);
    } catch (err) {
      if (created && coll.docs.size === 0) ctx.node.catalog.drop(ctx.db, name);
      throw err;
    }
    added++;
  }
  const reply: Doc = { numIndexesBefore: before, numIndexesAfter: before + added, createdCollectionAutomatically: created };
  if (added === 0) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const coll = ctx.node.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ctx.db}.${name}`);
  const batchSize = (ctx.cmd.cursor as Doc | undefined)?.batchSize as number | undefined;
  return ctx.node.cursors.first(`${ctx.db}.$cmd.listIndexes.${name}`, coll.indexSpecs() as Doc[], batchSize);
};

const dropIndexes: CommandHandler = (ctx) => {
  const name = collectionArg(ctx);
  const coll = ctx.node.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.length + 1;
  const target = ctx.cmd.index;
  if (target === '*') {
    coll.indexes.splice(0);
    return { nIndexesWas, msg: 'non-_id indexes dropped for collection' };
  }
  const names: string[] = Array.isArray(target)
    ? target.map(String)
    : isPlainDoc(target)
      ? coll.indexSpecs().filter((s) => valueKey(s.key) === valueKey(target)).map((s) => s.name)
      : [String(target)];
  if (names.length === 0) throw new MongoCommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
  for (const n of names) {
    if (n === '_id_') throw new MongoCommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.some((ix) => ix.spec.name === n)) throw new MongoCommandError(27, 'IndexNotFound', `index not found with name [${n}]`);
  }
  names.forEach((n) => coll.dropIndex(n));
  return { nIndexesWas };
};

/** Catalog commands: collections and indexes. */
export const catalogCommands: Record<string, CommandHandler> = {
  listCollections,
  create,
  drop,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
};
