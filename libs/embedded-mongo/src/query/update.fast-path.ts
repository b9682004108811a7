import { Doc, isPlainDoc, valueKey } from '../bson/bson-value';

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
