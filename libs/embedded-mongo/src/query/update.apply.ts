import { ObjectId } from 'bson';
import { applyFastPath } from './update.fast-path';
import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo';
import { formatValue } from '../bson/bson-format';
import { bsonType, cloneDoc, Doc, isNumeric, isPlainDoc, valueKey } from '../bson/bson-value';
import {
  badValue,
  failedToParse,
  fromMingoError,
  immutableField,
  MongoCommandError,
  typeMismatch,
  unknownModifier,
} from '../mongo.errors';

const MODIFIERS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$push',
  '$addToSet', '$pop', '$pull', '$pullAll', '$bit', '$setOnInsert',
]);

/** How an update's `u` is to be applied. */
export type UpdateKind = 'pipeline' | 'replacement' | 'operators';

/** Classifies and validates `u` up front, so a bad modifier fails before any document changes. */
export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainDoc(u)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(u);
  if (!keys.some((k) => k.startsWith('$'))) return 'replacement';
  for (const k of keys) {
    if (!MODIFIERS.has(k)) throw unknownModifier(k);
    if (!isPlainDoc(u[k])) {
      throw failedToParse(`Modifiers operate on fields but we found type ${typeName(u[k])} instead. For example: {$mod: {<field>: ...}} not {${k}: ${formatValue(u[k])}}`);
    }
  }
  return 'operators';
}

/** mongod's type alias for a value, as used in its error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  const t = bsonType(v);
  const names: Record<string, string> = { ObjectId: 'objectId', Long: 'long', Decimal128: 'decimal', Binary: 'binData', Timestamp: 'timestamp' };
  return t ? (names[t] ?? t.toLowerCase()) : 'object';
}

interface ApplyContext {
  filter?: Doc;
  arrayFilters?: Doc[];
  /** True when building an upserted document: `$setOnInsert` applies and the filter is not re-checked. */
  inserting?: boolean;
}

/**
 * Applies `u` to a copy of `doc`. Returns the new document, or undefined when
 * nothing changed (so `nModified` stays honest). Never mutates `doc`.
 */
export function applyUpdate(doc: Doc, u: Doc | Doc[], ctx: ApplyContext): Doc | undefined {
  const kind = updateKind(u);
  let next: Doc;
  if (kind === 'replacement') {
    const { _id, ...rest } = u as Doc;
    if (_id !== undefined && doc._id !== undefined && valueKey(_id) !== valueKey(doc._id)) throw idChanged();
    next = { _id: doc._id ?? _id, ...cloneDoc(rest) };
    if (next._id === undefined) delete next._id;
  } else if (kind === 'pipeline') {
    const holder = [cloneDoc(doc)];
    guard(() => mingoUpdateOne(holder, {}, u as Doc[] as never));
    next = holder[0];
  } else {
    next = cloneDoc(doc);
    const ops = { ...(u as Doc) };
    if (ctx.inserting && ops.$setOnInsert) ops.$set = { ...(ops.$set as Doc), ...(ops.$setOnInsert as Doc) };
    delete ops.$setOnInsert;
    validateTypes(next, ops);
    const fast = applyFastPath(next, ops);
    if (fast === false) return undefined;
    if (fast === true) {
      if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw idChanged();
      return next;
    }
    if (fast === undefined) next = cloneDoc(doc);
    const touched = prepareMissingArrays(next, ops);
    const changed = guard(() =>
      mingoUpdate(next, ops, ctx.arrayFilters, ctx.inserting ? undefined : ctx.filter),
    );
    if (changed.length === 0 && !touched) return undefined;
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw idChanged();
  if (kind !== 'operators' && valueKey(next) === valueKey(doc)) return undefined;
  return next;
}

/**
 * The document an upsert inserts: equality fields of the filter, then the update
 * (with `$setOnInsert`), then a fresh ObjectId if still without _id, placed first.
 */
export function buildUpsert(filter: Doc, u: Doc | Doc[], arrayFilters?: Doc[]): Doc {
  const seed: Doc = {};
  seedFromFilter(filter, seed);
  const kind = updateKind(u);
  const base = kind === 'replacement' ? (seed._id !== undefined ? { _id: seed._id } : {}) : seed;
  const next = applyUpdate(base, u, { inserting: true, arrayFilters }) ?? base;
  const { _id, ...rest } = next;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function seedFromFilter(filter: Doc, seed: Doc): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) v.forEach((sub) => isPlainDoc(sub) && seedFromFilter(sub, seed));
    if (k.startsWith('$')) continue;
    if (isPlainDoc(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      if ('$eq' in v) setPath(seed, k, cloneDoc(v.$eq));
    } else setPath(seed, k, cloneDoc(v));
  }
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainDoc(cur[p])) cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Value at a plain dotted path, or the first non-container met on the way. */
function walk(doc: Doc, path: string): { value: unknown; blockedAt?: string; found: boolean } {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur) && /^\d+$/.test(parts[i])) cur = cur[Number(parts[i])];
    else if (isPlainDoc(cur)) {
      if (!(parts[i] in cur)) return { value: undefined, found: false };
      cur = cur[parts[i]];
    } else if (cur === undefined) return { value: undefined, found: false };
    else return { value: cur, blockedAt: parts.slice(0, i).join('.'), found: false };
  }
  return { value: cur, found: cur !== undefined };
}

/** Rejects what mongod rejects but mingo silently skips: arithmetic on non-numbers, array ops on scalars. */
function validateTypes(doc: Doc, ops: Doc): void {
  const idShown = `{_id: ${formatValue(doc._id)}}`;
  for (const [op, fields] of Object.entries(ops)) {
    for (const [path, arg] of Object.entries(fields as Doc)) {
      if (path.includes('$')) continue;
      const at = walk(doc, path);
      if (at.blockedAt !== undefined && op !== '$unset' && op !== '$pull' && op !== '$pullAll' && op !== '$pop') {
        const field = path.slice(at.blockedAt.length + 1).split('.')[0];
        throw new MongoCommandError(28, 'PathNotViable', `Cannot create field '${field}' in element {${at.blockedAt.split('.').pop()}: ${formatValue(at.value)}}`);
      }
      if (op === '$inc' || op === '$mul') {
        if (!isNumeric(arg)) throw typeMismatch(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`);
        if (at.found && !isNumeric(at.value)) {
          throw typeMismatch(`Cannot apply ${op} to a value of non-numeric type. ${idShown} has the field '${path.split('.').pop()}' of non-numeric type ${typeName(at.value)}`);
        }
      }
      if ((op === '$push' || op === '$addToSet') && at.found && !Array.isArray(at.value)) {
        throw badValue(`The field '${path}' must be an array but is of type ${typeName(at.value)} in document ${idShown}`);
      }
      if ((op === '$pull' || op === '$pullAll') && at.found && !Array.isArray(at.value)) throw badValue('Cannot apply $pull to a non-array value');
      if (op === '$pop' && at.found && !Array.isArray(at.value)) {
        throw typeMismatch(`Path '${path}' contains an element of non-array type '${typeName(at.value)}'`);
      }
    }
  }
}

/** mingo ignores `$slice`/`$sort` when `$push {$each}` creates the array; create it first. */
function prepareMissingArrays(doc: Doc, ops: Doc): boolean {
  let touched = false;
  for (const [path, arg] of Object.entries((ops.$push as Doc) ?? {})) {
    if (path.includes('$') || !isPlainDoc(arg) || !('$each' in arg)) continue;
    if (!walk(doc, path).found) setPath(doc, path, []), (touched = true);
  }
  return touched;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromMingoError(err);
  }
}

const idChanged = () => immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
