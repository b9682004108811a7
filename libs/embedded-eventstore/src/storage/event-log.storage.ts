import { constants, writev } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, newRecordFields, scanRecord, type RecordFields, type StoredEvent } from './event-record.codec';

/** Magic header so a foreign file is refused instead of being "repaired" away. */
const HEADER = Buffer.from('ESLOGv1\n\0\0\0\0\0\0\0\0', 'latin1');
const RECOVERY_CHUNK = 8 * 1024 * 1024;
/** The log file is opened O_DSYNC where the platform has it: a completed write is then durable. */
const SYNC_ON_WRITE = constants.O_DSYNC !== undefined;

/** Limits of the decoded-tail cache that serves live subscribers and recent reads without disk I/O. */
export interface TailLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * Append-only record log. With a directory it is one file written with O_DSYNC writev;
 * without one everything stays in the tail (in-memory mode for tests).
 * Writes may overlap and are published to readers (commit) in write order; reads may run concurrently.
 */
export class EventLog {
  private tail: StoredEvent[] = [];
  private tailBytes = 0;
  private tailSizes: number[] = [];
  private writeOffset: number;

  private constructor(
    private readonly file: FileHandle | undefined,
    private endOffset: number,
    private readonly limits: TailLimits,
  ) {
    this.writeOffset = endOffset;
  }

  /** Offset the next record will be written at; every event below it is durable. */
  get end(): number {
    return this.endOffset;
  }

  /** Opens (or creates) the log, replays complete appends through `onRecord`, and cuts a torn or corrupt tail. */
  static async open(
    dataDir: string | undefined,
    onRecord: (event: StoredEvent, size: number) => void,
    limits: TailLimits = { maxEvents: 50_000, maxBytes: 64 * 1024 * 1024 },
  ): Promise<{ log: EventLog; truncatedBytes: number }> {
    if (dataDir === undefined) {
      return { log: new EventLog(undefined, HEADER.length, { maxEvents: Infinity, maxBytes: Infinity }), truncatedBytes: 0 };
    }
    await mkdir(dataDir, { recursive: true });
    // Positional writes only (O_APPEND would make Linux ignore the position of overlapping writes);
    // with O_DSYNC each write returns once its data is on disk, one syscall instead of write + fdatasync.
    const file = await open(join(dataDir, 'events.log'), constants.O_RDWR | constants.O_CREAT | (constants.O_DSYNC ?? 0));
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(HEADER.length);
      await file.read(head, 0, HEADER.length, 0);
      const headerOk = size >= HEADER.length && head.equals(HEADER);
      // A header cut short by a crash during creation is the only non-matching header we accept.
      const tornHeader = size < HEADER.length && HEADER.subarray(0, size).equals(head.subarray(0, size));
      if (!headerOk && !tornHeader) throw new Error(`${dataDir}/events.log is not an event log`);
      if (!headerOk) {
        await file.truncate(0);
        await file.write(HEADER, 0, HEADER.length, 0);
        await file.datasync();
        return { log: new EventLog(file, HEADER.length, limits), truncatedBytes: size };
      }
      const validEnd = await recover(file, size, onRecord);
      if (validEnd < size) {
        await file.truncate(validEnd);
        await file.datasync();
      }
      return { log: new EventLog(file, validEnd, limits), truncatedBytes: size - validEnd };
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  /** Offset past everything written, durable or not: where the next frames go. */
  get writtenEnd(): number {
    return this.writeOffset;
  }

  /**
   * Writes frames after everything written so far and resolves once they are on disk (not yet
   * readable: see {@link commit}). Several may be in flight at once; each covers only its own
   * frames, so callers acknowledge a write only once every earlier one has resolved too.
   */
  async writeDurable(frames: Buffer[]): Promise<void> {
    let bytes = 0;
    for (const f of frames) bytes += f.length;
    const at = this.writeOffset;
    this.writeOffset += bytes;
    if (!this.file) return;
    // The callback form on the handle's descriptor: FileHandle.writev builds a promise request
    // with its own stats array for every group (a third of writeDurable's main-thread samples in perf).
    const fd = this.file.fd;
    const bytesWritten = await new Promise<number>((resolve, reject) => writev(fd, frames, at, (err, n) => (err ? reject(err) : resolve(n))));
    if (bytesWritten !== bytes) throw new Error(`short log write (${bytesWritten} of ${bytes} bytes at ${at})`);
    if (!SYNC_ON_WRITE) await this.file.datasync();
  }

  /** Publishes synced frames to readers; called in write order. */
  commit(frames: Buffer[], events: StoredEvent[]): void {
    for (let i = 0; i < events.length; i++) {
      this.endOffset += frames[i].length;
      this.remember(events[i], frames[i].length);
    }
  }

  /** Decodes every record in `[start, end)`; both must be record boundaries below `end`. */
  async readRange(start: number, end: number): Promise<StoredEvent[]> {
    const t = this.tail;
    if (t.length > 0 && start >= t[0].position) {
      let lo = 0;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t[mid].position < start) lo = mid + 1;
        else hi = mid;
      }
      const out: StoredEvent[] = [];
      for (let i = lo; i < t.length && t[i].position < end; i++) out.push(t[i]);
      return out;
    }
    if (!this.file) return [];
    const buf = Buffer.allocUnsafe(end - start);
    const { bytesRead } = await this.file.read(buf, 0, buf.length, start);
    const out: StoredEvent[] = [];
    let o = 0;
    while (o < bytesRead) {
      const r = decodeRecord(buf, o, start);
      if (!r.ok) throw new Error(`log record at ${start + o} is unreadable (${r.reason})`);
      out.push(r.event);
      o = r.next;
    }
    return out;
  }

  /**
   * {@link readRange}, each event mapped as it is found: tail events through `fromEvent`, records
   * read from the file through `fromRecord` (given the record's field offsets in `buf`, see
   * scanRecord) so they are never decoded into strings. Records are CRC-checked as readRange does.
   */
  async readRangeMapped<T>(
    start: number,
    end: number,
    fromEvent: (e: StoredEvent) => T,
    fromRecord: (buf: Buffer, f: RecordFields, position: number) => T,
  ): Promise<T[]> {
    const t = this.tail;
    if (t.length > 0 && start >= t[0].position) {
      const out: T[] = [];
      for (const e of await this.readRange(start, end)) out.push(fromEvent(e));
      return out;
    }
    if (!this.file) return [];
    const buf = Buffer.allocUnsafe(end - start);
    const { bytesRead } = await this.file.read(buf, 0, buf.length, start);
    const view = bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    const out: T[] = [];
    const f = this.fields;
    let o = 0;
    while (o < bytesRead) {
      const r = scanRecord(view, o, f);
      if (r !== 'ok') throw new Error(`log record at ${start + o} is unreadable (${r})`);
      out.push(fromRecord(view, f, start + o));
      o = f.next;
    }
    return out;
  }

  private readonly fields = newRecordFields();

  async close(): Promise<void> {
    await this.file?.close();
  }

  private remember(event: StoredEvent, size: number): void {
    this.tail.push(event);
    this.tailSizes.push(size);
    this.tailBytes += size;
    if (this.tail.length > this.limits.maxEvents * 2 || this.tailBytes > this.limits.maxBytes) this.trim();
  }

  // Trims in bulk (down to half the limits) so the array shift is amortised.
  private trim(): void {
    let drop = 0;
    let bytes = this.tailBytes;
    while (drop < this.tail.length - 1 && (this.tail.length - drop > this.limits.maxEvents || bytes > this.limits.maxBytes / 2)) {
      bytes -= this.tailSizes[drop];
      drop++;
    }
    this.tail = this.tail.slice(drop);
    this.tailSizes = this.tailSizes.slice(drop);
    this.tailBytes = bytes;
  }
}

/**
 * Scans the log; returns the end of the last complete append. Records of an append whose
 * final record is missing or corrupt are never passed on, so a torn append stays invisible.
 */
async function recover(file: FileHandle, size: number, onRecord: (e: StoredEvent, size: number) => void): Promise<number> {
  let validEnd = HEADER.length;
  let pending: Array<[StoredEvent, number]> = [];
  let chunkStart = HEADER.length;
  let chunkSize = RECOVERY_CHUNK;
  while (chunkStart < size) {
    const buf = Buffer.allocUnsafe(Math.min(chunkSize, size - chunkStart));
    const { bytesRead } = await file.read(buf, 0, buf.length, chunkStart);
    const view = buf.subarray(0, bytesRead);
    let o = 0;
    let stop = false;
    while (o < view.length) {
      const r = decodeRecord(view, o, chunkStart);
      if (!r.ok) {
        if (r.reason === 'short' && chunkStart + view.length < size) {
          // Record spans the chunk boundary: re-read from its start, big enough to hold it.
          const need = view.length - o >= 4 ? view.readUInt32LE(o) + 8 : 8;
          chunkSize = Math.max(RECOVERY_CHUNK, need);
        } else stop = true;
        break;
      }
      pending.push([r.event, r.next - o]);
      if (r.event.endOfAppend) {
        for (const [e, s] of pending) onRecord(e, s);
        pending = [];
        validEnd = chunkStart + r.next;
      }
      o = r.next;
    }
    if (stop || o === 0 && chunkSize <= view.length) break;
    chunkStart += o;
  }
  return validEnd;
}
