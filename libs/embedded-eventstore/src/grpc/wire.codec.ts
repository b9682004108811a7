/**
 * Hand-written protobuf encoders/decoders for the node's hot paths (Read events, BatchAppend).
 * google-protobuf's builder objects cost more than the rest of the node per event; these write
 * the exact bytes its `serializeBinary()` writes (same field order, same omission of proto3
 * defaults, map entries sorted by key) and read what its `deserializeBinary()` reads.
 * Fidelity is pinned by wire.codec.unit.spec.ts against the generated classes.
 */
import { InvalidAppendError, type ExpectedRevision, type ProposedEvent } from '../engine/append.types';
import { TOMBSTONE_REVISION, type RecordFields, type StoredEvent } from '../storage/event-record.codec';
import { shared } from './proto';
import { uuidString } from './wire.mapping';

const TWO_32 = 4294967296;

/** Bytes of a uint64 varint; `v` is a non-negative integer (number ≤ 2^53, or bigint < 2^64). */
export function varintSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    let n = 1;
    while (v >= 128n) {
      v >>= 7n;
      n++;
    }
    return n;
  }
  if (v < 128) return 1;
  if (v < 16384) return 2;
  if (v < 2097152) return 3;
  if (v < 268435456) return 4;
  let n = 4;
  v = Math.floor(v / 268435456);
  while (v >= 1) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes a uint64 varint at `o`; returns the offset past it. */
export function writeVarint(buf: Buffer, o: number, v: number | bigint): number {
  if (typeof v === 'bigint') {
    while (v >= 128n) {
      buf[o++] = Number(v & 127n) | 128;
      v >>= 7n;
    }
    buf[o++] = Number(v);
    return o;
  }
  while (v >= TWO_32) {
    buf[o++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  while (v >= 128) {
    buf[o++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[o++] = v;
  return o;
}

/** Size of a length-delimited field (one-byte tag) holding `len` bytes. */
const lenField = (len: number): number => 1 + varintSize(len) + len;

/** The revision the wire carries: the tombstone record is long.MaxValue. */
const wireRevision = (revision: number): number | bigint => (revision < 0 ? TOMBSTONE_REVISION : revision);

interface ReadEventLengths {
  idLen: number;
  streamLen: number;
  typeLen: number;
  ctLen: number;
  createdLen: number;
  metaLen: number;
  dataLen: number;
  revision: number | bigint;
  pos: number;
}

/** Sizes of the nested messages of a ReadResp event, shared by both encoders below. */
function readEventLayout(l: ReadEventLengths) {
  // Map entries, sorted by key as google-protobuf writes them: content-type, created, type.
  const ctEntry = lenField(12) + lenField(l.ctLen);
  const createdEntry = lenField(7) + lenField(l.createdLen);
  const typeEntry = lenField(4) + lenField(l.typeLen);
  const uuidMsg = lenField(l.idLen);
  const streamMsg = l.streamLen > 0 ? lenField(l.streamLen) : 0;
  const posSize = l.pos === 0 ? 0 : 1 + varintSize(l.pos);
  const recorded =
    lenField(uuidMsg) +
    lenField(streamMsg) +
    (l.revision === 0 ? 0 : 1 + varintSize(l.revision)) +
    2 * posSize +
    lenField(ctEntry) +
    lenField(createdEntry) +
    lenField(typeEntry) +
    (l.metaLen > 0 ? lenField(l.metaLen) : 0) +
    (l.dataLen > 0 ? lenField(l.dataLen) : 0);
  const readEvent = lenField(recorded) + 1 + varintSize(l.pos);
  return { ctEntry, createdEntry, typeEntry, uuidMsg, streamMsg, recorded, readEvent, total: lenField(readEvent) };
}

/**
 * Encodes `ReadResp{event: ReadEvent{event: RecordedEvent, commit_position}}` for a stored event,
 * byte-identical to building it with the generated classes (see `readEvent` in call-writer.ts).
 */
export function encodeReadEvent(e: StoredEvent): Buffer {
  const idLen = Buffer.byteLength(e.id, 'utf8');
  const streamLen = Buffer.byteLength(e.stream, 'utf8');
  const typeLen = Buffer.byteLength(e.type, 'utf8');
  const ctLen = Buffer.byteLength(e.contentType, 'utf8');
  const created = e.createdTicks.toString();
  const createdLen = created.length;
  const revision = wireRevision(e.revision);
  const pos = e.position;

  const { ctEntry, createdEntry, typeEntry, uuidMsg, streamMsg, recorded, readEvent, total } = readEventLayout({
    idLen,
    streamLen,
    typeLen,
    ctLen,
    createdLen,
    metaLen: e.customMetadata.length,
    dataLen: e.data.length,
    revision,
    pos,
  });

  const b = Buffer.allocUnsafe(total);
  let o = 0;
  b[o++] = 0x0a; // ReadResp.event
  o = writeVarint(b, o, readEvent);
  b[o++] = 0x0a; // ReadEvent.event
  o = writeVarint(b, o, recorded);
  b[o++] = 0x0a; // RecordedEvent.id
  o = writeVarint(b, o, uuidMsg);
  b[o++] = 0x12; // UUID.string
  o = writeVarint(b, o, idLen);
  o += b.write(e.id, o, 'utf8');
  b[o++] = 0x12; // RecordedEvent.stream_identifier
  o = writeVarint(b, o, streamMsg);
  if (streamLen > 0) {
    b[o++] = 0x1a; // StreamIdentifier.stream_name
    o = writeVarint(b, o, streamLen);
    o += b.write(e.stream, o, 'utf8');
  }
  if (revision !== 0) {
    b[o++] = 0x18; // stream_revision
    o = writeVarint(b, o, revision);
  }
  if (pos !== 0) {
    b[o++] = 0x20; // prepare_position
    o = writeVarint(b, o, pos);
    b[o++] = 0x28; // commit_position
    o = writeVarint(b, o, pos);
  }
  o = writeMapEntry(b, o, ctEntry, 'content-type', 12, e.contentType, ctLen);
  o = writeMapEntry(b, o, createdEntry, 'created', 7, created, createdLen);
  o = writeMapEntry(b, o, typeEntry, 'type', 4, e.type, typeLen);
  if (e.customMetadata.length > 0) {
    b[o++] = 0x3a;
    o = writeVarint(b, o, e.customMetadata.length);
    b.set(e.customMetadata, o);
    o += e.customMetadata.length;
  }
  if (e.data.length > 0) {
    b[o++] = 0x42;
    o = writeVarint(b, o, e.data.length);
    b.set(e.data, o);
    o += e.data.length;
  }
  b[o++] = 0x18; // ReadEvent.commit_position (oneof: written even when 0)
  o = writeVarint(b, o, pos);
  if (o !== total) throw new Error(`ReadResp encoding size mismatch (${o} ≠ ${total})`);
  return b;
}

// Events of one append share their created ticks: its decimal text is made once, not per event.
let ticksLo = -1;
let ticksHi = -1;
let ticksText = '';
function createdText(lo: number, hi: number): string {
  if (lo !== ticksLo || hi !== ticksHi) {
    ticksText = ((BigInt(hi) << 32n) + BigInt(lo)).toString();
    ticksLo = lo;
    ticksHi = hi;
  }
  return ticksText;
}

/**
 * {@link encodeReadEvent} of the event whose record `f` describes in `src` (see scanRecord), at
 * log `position`: the same bytes, copied from the record instead of from decoded strings.
 */
export function encodeReadEventFromRecord(src: Buffer, f: RecordFields, position: number): Buffer {
  const idLen = f.idEnd - f.id;
  const streamLen = f.streamEnd - f.stream;
  const typeLen = f.typeEnd - f.type;
  const ctLen = f.contentTypeEnd - f.contentType;
  const dataLen = f.dataEnd - f.data;
  const metaLen = f.metaEnd - f.meta;
  const created = createdText(f.ticksLo, f.ticksHi);
  const createdLen = created.length;
  const revision = wireRevision(f.revision);
  const pos = position;

  const { ctEntry, createdEntry, typeEntry, uuidMsg, streamMsg, recorded, readEvent, total } = readEventLayout({
    idLen,
    streamLen,
    typeLen,
    ctLen,
    createdLen,
    metaLen,
    dataLen,
    revision,
    pos,
  });

  const b = Buffer.allocUnsafe(total);
  let o = 0;
  b[o++] = 0x0a; // ReadResp.event
  o = writeVarint(b, o, readEvent);
  b[o++] = 0x0a; // ReadEvent.event
  o = writeVarint(b, o, recorded);
  b[o++] = 0x0a; // RecordedEvent.id
  o = writeVarint(b, o, uuidMsg);
  b[o++] = 0x12; // UUID.string
  o = writeVarint(b, o, idLen);
  o += src.copy(b, o, f.id, f.idEnd);
  b[o++] = 0x12; // RecordedEvent.stream_identifier
  o = writeVarint(b, o, streamMsg);
  if (streamLen > 0) {
    b[o++] = 0x1a; // StreamIdentifier.stream_name
    o = writeVarint(b, o, streamLen);
    o += src.copy(b, o, f.stream, f.streamEnd);
  }
  if (revision !== 0) {
    b[o++] = 0x18; // stream_revision
    o = writeVarint(b, o, revision);
  }
  if (pos !== 0) {
    b[o++] = 0x20; // prepare_position
    o = writeVarint(b, o, pos);
    b[o++] = 0x28; // commit_position
    o = writeVarint(b, o, pos);
  }
  o = writeMapKey(b, o, ctEntry, 'content-type', 12, ctLen);
  o += src.copy(b, o, f.contentType, f.contentTypeEnd);
  o = writeMapEntry(b, o, createdEntry, 'created', 7, created, createdLen);
  o = writeMapKey(b, o, typeEntry, 'type', 4, typeLen);
  o += src.copy(b, o, f.type, f.typeEnd);
  if (metaLen > 0) {
    b[o++] = 0x3a;
    o = writeVarint(b, o, metaLen);
    o += src.copy(b, o, f.meta, f.metaEnd);
  }
  if (dataLen > 0) {
    b[o++] = 0x42;
    o = writeVarint(b, o, dataLen);
    o += src.copy(b, o, f.data, f.dataEnd);
  }
  b[o++] = 0x18; // ReadEvent.commit_position
  o = writeVarint(b, o, pos);
  if (o !== total) throw new Error(`ReadResp encoding size mismatch (${o} ≠ ${total})`);
  return b;
}

/** A map entry up to its value's length prefix; the caller writes the `valueLen` value bytes. */
function writeMapKey(b: Buffer, o: number, entryLen: number, key: string, keyLen: number, valueLen: number): number {
  b[o++] = 0x32; // RecordedEvent.metadata entry
  o = writeVarint(b, o, entryLen);
  b[o++] = 0x0a;
  o = writeVarint(b, o, keyLen);
  o += b.write(key, o, 'latin1');
  b[o++] = 0x12;
  return writeVarint(b, o, valueLen);
}

function writeMapEntry(b: Buffer, o: number, entryLen: number, key: string, keyLen: number, value: string, valueLen: number): number {
  b[o++] = 0x32; // RecordedEvent.metadata entry
  o = writeVarint(b, o, entryLen);
  b[o++] = 0x0a;
  o = writeVarint(b, o, keyLen);
  o += b.write(key, o, 'latin1');
  b[o++] = 0x12;
  o = writeVarint(b, o, valueLen);
  o += b.write(value, o, 'utf8');
  return o;
}

/**
 * Encodes a successful `BatchAppendResp{correlation_id, success, stream_identifier}`.
 * `correlation` is the request's encoded `UUID` message, echoed as sent.
 */
export function encodeBatchAppendSuccess(correlation: Uint8Array, stream: string, revision: number, position: number | undefined): Buffer {
  const streamLen = Buffer.byteLength(stream, 'utf8');
  const streamMsg = streamLen > 0 ? lenField(streamLen) : 0;
  let positionMsg = 0;
  if (position !== undefined && position !== 0) positionMsg = 2 * (1 + varintSize(position));
  const success =
    (revision < 0 ? 2 : 1 + varintSize(revision)) + // current_revision | no_stream{}
    (position === undefined ? 2 : lenField(positionMsg)); // position | no_position{}
  const total = lenField(correlation.length) + lenField(success) + lenField(streamMsg);
  const b = Buffer.allocUnsafe(total);
  let o = 0;
  b[o++] = 0x0a; // correlation_id
  o = writeVarint(b, o, correlation.length);
  b.set(correlation, o);
  o += correlation.length;
  b[o++] = 0x1a; // success
  o = writeVarint(b, o, success);
  if (revision < 0) {
    b[o++] = 0x12; // no_stream
    b[o++] = 0;
  } else {
    b[o++] = 0x08; // current_revision
    o = writeVarint(b, o, revision);
  }
  if (position === undefined) {
    b[o++] = 0x22; // no_position
    b[o++] = 0;
  } else {
    b[o++] = 0x1a; // position
    o = writeVarint(b, o, positionMsg);
    if (positionMsg > 0) {
      b[o++] = 0x08; // commit_position
      o = writeVarint(b, o, position);
      b[o++] = 0x10; // prepare_position
      o = writeVarint(b, o, position);
    }
  }
  b[o++] = 0x22; // stream_identifier
  o = writeVarint(b, o, streamMsg);
  if (streamLen > 0) {
    b[o++] = 0x1a;
    o = writeVarint(b, o, streamLen);
    o += b.write(stream, o, 'utf8');
  }
  if (o !== total) throw new Error(`BatchAppendResp encoding size mismatch (${o} ≠ ${total})`);
  return b;
}

/** A decoded `BatchAppendReq`: only what the node uses. */
export interface BatchAppendRequest {
  /** Encoded `UUID` message of the correlation id (echoed in the reply); undefined when absent. */
  correlation: Uint8Array | undefined;
  /** Correlation id as a lower-case string ('' when absent). */
  correlationId: string;
  /** Present on the first chunk of an append. */
  options: { stream: string; expected: ExpectedRevision } | undefined;
  events: ProposedEvent[];
  isFinal: boolean;
  /** First validation problem met while decoding (e.g. no stream identifier), reported as a BatchAppend error. */
  invalid: InvalidAppendError | undefined;
}

/** Protobuf input that does not parse; grpc-js turns a throwing deserializer into INTERNAL. */
export class WireFormatError extends Error {}

class Reader {
  o: number;
  constructor(
    readonly b: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.o = start;
  }

  get more(): boolean {
    return this.o < this.end;
  }

  /** Reads a varint as a number; exact up to 2^53, only used where values are small. */
  varint(): number {
    const b = this.b;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.o >= this.end) throw new WireFormatError('truncated varint');
      const byte = b[this.o++];
      v += (byte & 127) * mul;
      if (byte < 128) return v;
      mul *= 128;
    }
    throw new WireFormatError('varint too long');
  }

  /** Reads a varint as an unsigned 64-bit bigint (as `readUint64String` would). */
  varint64(): bigint {
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.o >= this.end) throw new WireFormatError('truncated varint');
      const byte = this.b[this.o++];
      v |= BigInt(byte & 127) << shift;
      if (byte < 128) return BigInt.asUintN(64, v);
      shift += 7n;
    }
    throw new WireFormatError('varint too long');
  }

  /** Reads a length prefix; returns the start of the payload and moves past it. */
  len(): [number, number] {
    const n = this.varint();
    const start = this.o;
    if (start + n > this.end) throw new WireFormatError('length-delimited field overruns its message');
    this.o = start + n;
    return [start, start + n];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.o += 8;
        break;
      case 2:
        this.len();
        return;
      case 5:
        this.o += 4;
        break;
      default:
        throw new WireFormatError(`unsupported wire type ${wireType}`);
    }
    if (this.o > this.end) throw new WireFormatError('truncated fixed field');
  }
}

const utf8 = (b: Uint8Array, start: number, end: number): string => Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
const view = (b: Uint8Array, start: number, end: number): Uint8Array => b.subarray(start, end);

/** Decodes `BatchAppendReq` straight from the wire, without google-protobuf objects. */
export function decodeBatchAppendReq(buf: Uint8Array): BatchAppendRequest {
  const r = new Reader(buf, 0, buf.length);
  const req: BatchAppendRequest = { correlation: undefined, correlationId: '', options: undefined, events: [], isFinal: false, invalid: undefined };
  while (r.more) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a: {
        const [s, e] = r.len();
        req.correlation = view(buf, s, e);
        req.correlationId = decodeUuid(buf, s, e);
        break;
      }
      case 0x12: {
        const [s, e] = r.len();
        req.options = decodeOptions(buf, s, e, req);
        break;
      }
      case 0x1a: {
        const [s, e] = r.len();
        req.events.push(decodeProposed(buf, s, e));
        break;
      }
      case 0x20:
        req.isFinal = r.varint() !== 0;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return req;
}

/** `UUID` as the string the node keys on; the structured form goes through the generated class (rare). */
function decodeUuid(buf: Uint8Array, start: number, end: number): string {
  const r = new Reader(buf, start, end);
  let value: string | undefined;
  let structured = false;
  while (r.more) {
    const tag = r.varint();
    if (tag === 0x12) {
      const [s, e] = r.len();
      value = utf8(buf, s, e);
      structured = false;
    } else {
      if (tag === 0x0a) structured = true;
      r.skip(tag & 7);
    }
  }
  if (structured) return uuidString(shared.UUID.deserializeBinary(buf.slice(start, end)));
  return value === undefined ? '' : value.toLowerCase();
}

function decodeOptions(buf: Uint8Array, start: number, end: number, req: BatchAppendRequest): BatchAppendRequest['options'] {
  const r = new Reader(buf, start, end);
  let stream: string | undefined;
  // Oneof: the last member on the wire wins, as in google-protobuf.
  let expected: ExpectedRevision = { kind: 'exact', revision: 0n };
  while (r.more) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a: {
        const [s, e] = r.len();
        stream = decodeStreamName(buf, s, e);
        break;
      }
      case 0x10:
        expected = { kind: 'exact', revision: r.varint64() };
        break;
      case 0x1a:
        r.len();
        expected = { kind: 'no_stream' };
        break;
      case 0x22:
        r.len();
        expected = { kind: 'any' };
        break;
      case 0x2a:
        r.len();
        expected = { kind: 'stream_exists' };
        break;
      default:
        r.skip(tag & 7);
    }
  }
  if (stream === undefined) {
    req.invalid ??= new InvalidAppendError('invalid-stream', 'Stream identifier is required');
    return undefined;
  }
  return { stream, expected };
}

function decodeStreamName(buf: Uint8Array, start: number, end: number): string {
  const r = new Reader(buf, start, end);
  let name = '';
  while (r.more) {
    const tag = r.varint();
    if (tag === 0x1a) {
      const [s, e] = r.len();
      name = utf8(buf, s, e);
    } else r.skip(tag & 7);
  }
  return name;
}

function decodeProposed(buf: Uint8Array, start: number, end: number): ProposedEvent {
  const r = new Reader(buf, start, end);
  const event: ProposedEvent = { id: '', type: '', contentType: '', data: EMPTY, customMetadata: EMPTY };
  while (r.more) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a: {
        const [s, e] = r.len();
        event.id = decodeUuid(buf, s, e);
        break;
      }
      case 0x12: {
        const [s, e] = r.len();
        decodeMetadataEntry(buf, s, e, event);
        break;
      }
      case 0x1a: {
        const [s, e] = r.len();
        event.customMetadata = view(buf, s, e);
        break;
      }
      case 0x22: {
        const [s, e] = r.len();
        event.data = view(buf, s, e);
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return event;
}

const EMPTY = new Uint8Array(0);

/** One `map<string,string>` entry; only `type` and `content-type` matter to the node. */
function decodeMetadataEntry(buf: Uint8Array, start: number, end: number, event: ProposedEvent): void {
  const r = new Reader(buf, start, end);
  let key = '';
  let value = '';
  while (r.more) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const [s, e] = r.len();
      key = utf8(buf, s, e);
    } else if (tag === 0x12) {
      const [s, e] = r.len();
      value = utf8(buf, s, e);
    } else r.skip(tag & 7);
  }
  if (key === 'type') event.type = value;
  else if (key === 'content-type') event.contentType = value;
}
