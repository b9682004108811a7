import { calculateObjectSize, Long } from 'bson';
import { Doc } from '../bson/bson-value';
import { MongoCommandError } from '../mongo.errors';

/** Keeps each reply batch under the 16 MiB BSON document limit, with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
}

/** Server-side cursors: materialised result sets handed out batch by batch under int64 ids. */
export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  // Start high enough that ids look like mongod's, low enough to stay exact as doubles.
  private nextId = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

  /** Builds `{firstBatch, id, ns}`; the cursor stays open only if documents remain. */
  first(ns: string, docs: Doc[], batchSize?: number, singleBatch = false): Doc {
    const cursor: OpenCursor = { ns, docs, pos: 0 };
    // batchSize 0 opens the cursor with an empty first batch, as on mongod.
    const firstBatch = batchSize === 0 ? [] : this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && cursor.pos < docs.length) {
      id = this.nextId++;
      this.open.set(id, cursor);
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns } };
  }

  /** Next batch for `getMore`; unknown or foreign ids are CursorNotFound (43). */
  next(rawId: unknown, ns: string, batchSize?: number): Doc {
    const id = Number(rawId);
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) throw new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    const nextBatch = this.take(cursor, batchSize ?? 0);
    const done = cursor.pos >= cursor.docs.length;
    if (done) this.open.delete(id);
    return { cursor: { nextBatch, id: Long.fromNumber(done ? 0 : id), ns } };
  }

  /** Closes cursors; reports which existed, as `killCursors` does. */
  kill(ids: unknown[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = Number(raw);
      (this.open.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
  }

  clear(): void {
    this.open.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): Doc[] {
    const limit = batchSize > 0 ? batchSize : Infinity;
    const out: Doc[] = [];
    let bytes = 0;
    while (cursor.pos < cursor.docs.length && out.length < limit) {
      const doc = cursor.docs[cursor.pos];
      const size = calculateObjectSize(doc, { checkKeys: false } as never);
      if (out.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      out.push(doc);
      bytes += size;
      cursor.pos++;
    }
    return out;
  }
}
