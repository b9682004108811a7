import { crc32 } from 'node:zlib';

/** Revision the server gives the `$streamDeleted` tombstone event (long.MaxValue). */
export const TOMBSTONE_REVISION = 9223372036854775807n;

/** One event as kept in the log; `position` is the byte offset of its record. */
export interface StoredEvent {
  position: number;
  stream: string;
  /** Stream revision; `-1` marks the tombstone record (reported as long.MaxValue). */
  revision: number;
  id: string;
  type: string;
  contentType: string;
  /** Milliseconds since the Unix epoch, plus sub-millisecond ticks kept separately. */
  createdTicks: bigint;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** Set on the last record of one append, so recovery can drop a half-written append. */
  endOfAppend: boolean;
}

export type NewRecord = Omit<StoredEvent, 'position'>;

/** Frame header: body length (u32) + CRC32 of the body (u32). */
export const FRAME_HEADER = 8;
const FLAG_END = 1;

/** Serialises one record as `len | crc32 | body`; strings are encoded straight into the frame. */
export function encodeRecord(r: NewRecord): Buffer {
  const streamLen = Buffer.byteLength(r.stream, 'utf8');
  const idLen = Buffer.byteLength(r.id, 'utf8');
  const typeLen = Buffer.byteLength(r.type, 'utf8');
  const contentTypeLen = Buffer.byteLength(r.contentType, 'utf8');
  const bodyLen =
    1 + 8 + 8 + 2 + streamLen + 1 + idLen + 2 + typeLen + 2 + contentTypeLen +
    4 + r.data.length + 4 + r.customMetadata.length;
  const buf = Buffer.allocUnsafe(FRAME_HEADER + bodyLen);
  let o = FRAME_HEADER;
  o = buf.writeUInt8(r.endOfAppend ? FLAG_END : 0, o);
  o = buf.writeDoubleLE(r.revision, o);
  o = buf.writeBigInt64LE(r.createdTicks, o);
  o = buf.writeUInt16LE(streamLen, o);
  o += buf.write(r.stream, o, 'utf8');
  o = buf.writeUInt8(idLen, o);
  o += buf.write(r.id, o, 'utf8');
  o = buf.writeUInt16LE(typeLen, o);
  o += buf.write(r.type, o, 'utf8');
  o = buf.writeUInt16LE(contentTypeLen, o);
  o += buf.write(r.contentType, o, 'utf8');
  o = buf.writeUInt32LE(r.data.length, o);
  buf.set(r.data, o);
  o += r.data.length;
  o = buf.writeUInt32LE(r.customMetadata.length, o);
  buf.set(r.customMetadata, o);
  buf.writeUInt32LE(bodyLen, 0);
  buf.writeUInt32LE(crc32(buf.subarray(FRAME_HEADER)), 4);
  return buf;
}

/** Result of decoding at an offset: the event and the offset just past it, or why it failed. */
export type DecodeResult = { ok: true; event: StoredEvent; next: number } | { ok: false; reason: 'short' | 'corrupt' };

/** Field offsets of the record being decoded; decoding is synchronous, so one object serves every call. */
let decodeFields: RecordFields | undefined;

/**
 * Decodes the record starting at `offset` in `buf`; `base` is the log offset of `buf[0]`.
 * Any inconsistency (short frame, CRC mismatch, bad lengths) is reported, never thrown: the checks
 * are {@link scanRecord}'s, and the event is built from the offsets it found.
 */
export function decodeRecord(buf: Buffer, offset: number, base: number): DecodeResult {
  const f = (decodeFields ??= newRecordFields());
  const scanned = scanRecord(buf, offset, f);
  if (scanned !== 'ok') return { ok: false, reason: scanned };
  const event: StoredEvent = {
    position: base + offset,
    stream: buf.toString('utf8', f.stream, f.streamEnd),
    revision: f.revision,
    id: buf.toString('utf8', f.id, f.idEnd),
    type: buf.toString('utf8', f.type, f.typeEnd),
    contentType: buf.toString('utf8', f.contentType, f.contentTypeEnd),
    createdTicks: buf.readBigInt64LE(offset + FRAME_HEADER + 9),
    data: buf.subarray(f.data, f.dataEnd),
    customMetadata: buf.subarray(f.meta, f.metaEnd),
    endOfAppend: f.endOfAppend,
  };
  return { ok: true, event, next: f.next };
}

/**
 * Where the fields of one record lie in its buffer, filled in place by {@link scanRecord} so reads
 * that only copy bytes onward (the `$all` read) decode no strings and allocate nothing per record.
 * Offsets are into the scanned buffer; `[x, xEnd)` is a field's bytes.
 */
export interface RecordFields {
  next: number;
  endOfAppend: boolean;
  revision: number;
  /** createdTicks as its low (unsigned) and high (signed) 32 bits. */
  ticksLo: number;
  ticksHi: number;
  stream: number;
  streamEnd: number;
  id: number;
  idEnd: number;
  type: number;
  typeEnd: number;
  contentType: number;
  contentTypeEnd: number;
  data: number;
  dataEnd: number;
  meta: number;
  metaEnd: number;
}

export const newRecordFields = (): RecordFields => ({
  next: 0, endOfAppend: false, revision: 0, ticksLo: 0, ticksHi: 0, stream: 0, streamEnd: 0, id: 0, idEnd: 0,
  type: 0, typeEnd: 0, contentType: 0, contentTypeEnd: 0, data: 0, dataEnd: 0, meta: 0, metaEnd: 0,
});

/**
 * The checks of {@link decodeRecord} (frame length, CRC, field bounds), recording field offsets
 * into `f` instead of building a {@link StoredEvent}. The string fields' bytes are the UTF-8 the
 * record was written from (encodeRecord only writes well-formed UTF-8), so copying them yields
 * exactly what encoding the decoded strings again would.
 */
export function scanRecord(buf: Buffer, offset: number, f: RecordFields): 'ok' | 'short' | 'corrupt' {
  if (offset + FRAME_HEADER > buf.length) return 'short';
  const bodyLen = buf.readUInt32LE(offset);
  const end = offset + FRAME_HEADER + bodyLen;
  if (bodyLen < 34) return 'corrupt';
  if (end > buf.length) return 'short';
  const start = offset + FRAME_HEADER;
  if (crc32(buf.subarray(start, end)) !== buf.readUInt32LE(offset + 4)) return 'corrupt';
  let o = start;
  f.endOfAppend = (buf[o++] & FLAG_END) !== 0;
  f.revision = buf.readDoubleLE(o);
  o += 8;
  f.ticksLo = buf.readUInt32LE(o);
  f.ticksHi = buf.readInt32LE(o + 4);
  o += 8;
  let n = buf.readUInt16LE(o);
  f.stream = o += 2;
  f.streamEnd = o += n;
  if (o + 1 > end) return 'corrupt';
  n = buf[o];
  f.id = o += 1;
  f.idEnd = o += n;
  if (o + 2 > end) return 'corrupt';
  n = buf.readUInt16LE(o);
  f.type = o += 2;
  f.typeEnd = o += n;
  if (o + 2 > end) return 'corrupt';
  n = buf.readUInt16LE(o);
  f.contentType = o += 2;
  f.contentTypeEnd = o += n;
  if (o + 4 > end) return 'corrupt';
  n = buf.readUInt32LE(o);
  f.data = o += 4;
  f.dataEnd = o += n;
  if (o + 4 > end) return 'corrupt';
  n = buf.readUInt32LE(o);
  f.meta = o += 4;
  f.metaEnd = o += n;
  if (o !== end) return 'corrupt';
  f.next = end;
  return 'ok';
}
