import type { Collection, Document, Filter, Sort } from 'mongodb';

/** A page of results and the opaque cursor of the next one (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SortKey = [field: string, direction: 1 | -1];

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API issued for this list');
    this.name = 'InvalidCursorError';
  }
}

const read = (doc: Document, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Document | null)?.[k], doc);

export const encodeCursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) return values;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/**
 * Keyset pagination: sorts on `keys` (the last must be `_id`, which makes the order total) and
 * continues strictly after the cursor's values, so pages stay stable while documents are added.
 * Sort fields must hold strings on every document (the read models keep '' for "none").
 */
export async function findPage<D extends Document>(
  collection: Collection<D>,
  filter: Filter<D>,
  keys: SortKey[],
  options: { limit: number; cursor?: string; projection?: Document },
): Promise<Page<D>> {
  const clauses: Document[] = [filter as Document];
  if (options.cursor) {
    const values = decodeCursor(options.cursor, keys.length);
    const after: Document[] = keys.map(([field, direction], i) => ({
      ...Object.fromEntries(keys.slice(0, i).map(([f], j) => [f, values[j]])),
      [field]: { [direction === 1 ? '$gt' : '$lt']: values[i] },
    }));
    clauses.push({ $or: after });
  }
  const sort: Sort = Object.fromEntries(keys) as Sort;
  const docs = (await collection
    .find({ $and: clauses } as Filter<D>, { projection: options.projection })
    .sort(sort)
    .limit(options.limit + 1)
    .toArray()) as D[];
  const items = docs.slice(0, options.limit);
  const last = items[items.length - 1];
  const nextCursor = docs.length > options.limit && last ? encodeCursor(keys.map(([f]) => read(last, f))) : null;
  return { items, nextCursor };
}
