import { Doc, isPlainDoc, sameValue, valueKey } from '../bson/bson-value';

const FAST_OPS = new Set(['$set', '$unset', '$inc']);

/**
 * `$set`/`$unset`/`$inc` on plain dotted paths through sub-documents, applied in place
 * on a private copy. Each mingo update call rebuilds its operator context (~100 µs),
 * which capped projector upserts at a few thousand per second; this covers what
 * read-model projections send. Returns undefined when the update needs mingo
 * (positional paths, arrays on the way, non-number arithmetic), else whether anything changed.
 */
export function applyFastPath(doc: Doc, ops: Doc): boolean | undefined {
  for (const [op, fields] of Object.entries(ops)) {
    if (!FAST_OPS.has(op)) return undefined;
    for (const [path, arg] of Object.entries(fields as Doc)) {
      if (path.includes('$') || !plainPath(doc, path)) return undefined;
      if (op === '$inc' && typeof arg !== 'number') return undefined;
    }
  }
  let changed = false;
  for (const [op, fields] of Object.entries(ops)) {
    for (const [path, arg] of Object.entries(fields as Doc)) {
      const parts = path.split('.');
      const leaf = parts.pop()!;
      if (op === '$unset') {
        const parent = descend(doc, parts, false);
        if (parent && leaf in parent) delete parent[leaf], (changed = true);
        continue;
      }
      const parent = descend(doc, parts, true)!;
      const before = parent[leaf];
      if (op === '$inc') {
        if (before !== undefined && typeof before !== 'number') return undefined;
        parent[leaf] = ((before as number | undefined) ?? 0) + (arg as number);
        changed ||= before === undefined || arg !== 0;
      } else {
        if (before !== undefined && valueKey(before) === valueKey(arg) && typeof before === typeof arg) continue;
        parent[leaf] = arg;
        changed = true;
      }
    }
  }
  return changed;
}

/** True when every prefix of `path` in `doc` is a sub-document or absent (no arrays, no scalars). */
function plainPath(doc: Doc, path: string): boolean {
  let cur: unknown = doc;
  const parts = path.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    cur = (cur as Doc)[parts[i]];
    if (cur === undefined) return true;
    if (!isPlainDoc(cur)) return false;
  }
  return true;
}

function descend(doc: Doc, parts: string[], create: boolean): Doc | undefined {
  let cur = doc;
  for (const p of parts) {
    if (cur[p] === undefined) {
      if (!create) return undefined;
      cur[p] = {};
    }
    cur = cur[p] as Doc;
  }
  return cur;
}

/** A single-document operator update applied without mingo or a deep copy. */
export interface FastUpdate {
  /** The new document: a shallow copy of the old one, with copies only of the sub-documents on changed paths. */
  doc: Doc;
  changed: boolean;
  /** Every path the update named; indexes on none of them keep their entries. */
  paths: string[];
}

/**
 * What {@link applyUpdate} computes for `$set`/`$unset`/`$inc`/`$setOnInsert` on plain paths,
 * and `$push` of `{$each: [one or more]}` (no other modifier) onto an existing array,
 * in the same order and with the same no-op rules, but copy-on-write: unchanged sub-documents
 * stay shared with `doc`, which is never mutated (stored documents are never written in place).
 * Returns undefined whenever the general path might differ or fail (other operators, `$` or
 * empty path parts, `_id`, overlapping paths, arrays or scalars on the way, non-number `$inc`),
 * so callers fall back to it and its errors.
 */
export function fastOperatorUpdate(doc: Doc, u: Doc, inserting: boolean): FastUpdate | undefined {
  // The order applyUpdate applies fields in: modifiers as given; when inserting, $setOnInsert's
  // fields join $set (after its own fields), or come last when there is no $set.
  const steps: Steps = { ops: [], paths: [], args: [] };
  const soi = inserting ? u.$setOnInsert : undefined;
  let hasSet = false;
  for (const op in u) {
    if (op === '$setOnInsert') continue;
    if (op !== '$set' && op !== '$unset' && op !== '$inc' && op !== '$push') return undefined;
    if (!take(steps, op, u[op])) return undefined;
    if (op === '$set') {
      hasSet = true;
      if (soi !== undefined && !take(steps, op, soi)) return undefined;
    }
  }
  if (soi !== undefined && !hasSet && !take(steps, '$set', soi)) return undefined;
  const { ops, paths, args } = steps;
  const n = paths.length;

  // Validate against the stored document before copying anything.
  let split: (string[] | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const path = paths[i];
    if (path.length === 0 || path.includes('$')) return undefined;
    let value: unknown;
    if (path.includes('.')) {
      const parts = path.split('.');
      if (parts[0] === '_id') return undefined;
      let cur: unknown = doc;
      for (let j = 0; j < parts.length; j++) {
        if (parts[j].length === 0) return undefined;
        if (cur !== undefined) {
          if (!isPlainDoc(cur)) return undefined;
          cur = cur[parts[j]];
        }
      }
      value = cur;
      (split ??= new Array(n))[i] = parts;
    } else {
      if (path === '_id') return undefined;
      value = doc[path];
    }
    if (ops[i] === '$inc' && (typeof args[i] !== 'number' || (value !== undefined && typeof value !== 'number'))) return undefined;
    if (ops[i] === '$push') {
      // Onto an existing array only: the general path decides where a created array goes.
      if (!Array.isArray(value)) return undefined;
      const each = eachOnly(args[i]);
      if (!each) return undefined;
      args[i] = each;
    }
  }
  if (overlapping(paths, split)) return undefined;

  const out: Doc = { ...doc };
  let fresh: Set<unknown> | undefined;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const parts = split?.[i];
    const op = ops[i];
    let parent: Doc | undefined = out;
    let leaf = paths[i];
    if (parts) {
      leaf = parts[parts.length - 1];
      for (let j = 0; j < parts.length - 1 && parent; j++) {
        const child: Doc | undefined = parent[parts[j]] as Doc | undefined;
        if (child === undefined) {
          if (op === '$unset') parent = undefined;
          else {
            const created: Doc = {};
            (fresh ??= new Set()).add(created);
            parent = parent[parts[j]] = created;
          }
        } else if (fresh?.has(child)) parent = child;
        else if (op === '$unset' && !hasPath(child, parts, j + 1)) parent = undefined;
        else {
          const copy: Doc = { ...child };
          (fresh ??= new Set()).add(copy);
          parent = parent[parts[j]] = copy;
        }
      }
      if (!parent) continue;
    }
    const before = parent[leaf];
    const arg = args[i];
    if (op === '$unset') {
      if (leaf in parent) delete parent[leaf], (changed = true);
    } else if (op === '$inc') {
      parent[leaf] = ((before as number | undefined) ?? 0) + (arg as number);
      changed ||= before === undefined || arg !== 0;
    } else if (op === '$push') {
      // A new array (the stored one is shared with the old document); the elements are the
      // statement's own, decoded for this request.
      parent[leaf] = [...(before as unknown[]), ...(arg as unknown[])];
      changed = true;
    } else if (before === undefined || typeof before !== typeof arg || !sameValue(before, arg)) {
      parent[leaf] = arg;
      changed = true;
    }
  }
  return { doc: out, changed, paths };
}

/** The elements of a `$push` argument of the form `{$each: [one or more]}`; undefined for anything else (a bare value, other modifiers, an empty `$each`). */
function eachOnly(arg: unknown): unknown[] | undefined {
  if (!isPlainDoc(arg)) return undefined;
  let each: unknown;
  for (const k in arg) {
    if (k !== '$each') return undefined;
    each = arg[k];
  }
  return Array.isArray(each) && each.length > 0 ? each : undefined;
}

interface Steps {
  ops: string[];
  paths: string[];
  args: unknown[];
}

function take(steps: Steps, op: string, fields: unknown): boolean {
  if (!isPlainDoc(fields)) return false;
  for (const path in fields) steps.ops.push(op), steps.paths.push(path), steps.args.push(fields[path]);
  return true;
}

/** True when a path repeats or one path is a prefix of another (mongod calls that a conflict). */
function overlapping(paths: string[], split: (string[] | undefined)[] | undefined): boolean {
  const n = paths.length;
  if (n < 2) return false;
  if (!split && n <= 8) {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (paths[i] === paths[j]) return true;
    return false;
  }
  const seen = new Set(paths);
  if (seen.size !== n) return true;
  if (split) {
    for (const parts of split) {
      if (!parts) continue;
      let prefix = parts[0];
      for (let j = 1; j < parts.length; j++) {
        if (seen.has(prefix)) return true;
        prefix += '.' + parts[j];
      }
    }
  }
  return false;
}

/** True when `parts[from..]` leads to an existing field of `doc` through sub-documents. */
function hasPath(doc: Doc, parts: string[], from: number): boolean {
  let cur: unknown = doc;
  for (let j = from; j < parts.length; j++) {
    if (!isPlainDoc(cur) || !(parts[j] in cur)) return false;
    cur = cur[parts[j]];
  }
  return true;
}
