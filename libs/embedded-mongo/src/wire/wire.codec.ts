import { serialize } from 'bson';
import { Doc, firstKey } from '../bson/bson-value';
import { decodeDoc, RawDoc, rawForInsert } from '../bson/raw-doc';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const HEADER_SIZE = 16;
/** Largest frame accepted; mongod advertises the same `maxMessageSizeBytes`. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const FLAG_CHECKSUM = 1 << 0;
export const FLAG_MORE_TO_COME = 1 << 1;

/** A decoded request frame. */
export type Request =
  | { opCode: typeof OP_MSG; requestId: number; flags: number; command: Doc }
  | { opCode: typeof OP_QUERY; requestId: number; collection: string; query: Doc };

/** Thrown when a frame's content cannot be decoded; the frame itself was well delimited. */
export class FrameError extends Error {}

function readDoc(buf: Buffer, off: number, end: number): { doc: Doc; next: number } {
  const bytes = docBytes(buf, off, end);
  return { doc: decode(bytes), next: off + bytes.length };
}

/** The BSON document at `off` (a view), its size checked against `end`. */
function docBytes(buf: Buffer, off: number, end: number): Buffer {
  if (off + 5 > end) throw new FrameError('truncated BSON document');
  const size = buf.readInt32LE(off);
  if (size < 5 || off + size > end) throw new FrameError(`invalid BSON document size ${size}`);
  return buf.subarray(off, off + size);
}

function decode(bytes: Buffer): Doc {
  try {
    return decodeDoc(bytes);
  } catch (err) {
    throw new FrameError(`invalid BSON: ${(err as Error).message}`);
  }
}

function readCString(buf: Buffer, off: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, off);
  if (zero < 0 || zero >= end) throw new FrameError('unterminated cstring');
  return { value: buf.toString('utf8', off, zero), next: zero + 1 };
}

/**
 * Decodes one complete frame (header included). OP_MSG kind-1 sections are
 * merged into the command as `cmd[identifier] = docs`, as mongod does.
 */
export function decodeFrame(frame: Buffer): Request {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = frame.readUInt32LE(16);
    const end = frame.length - (flags & FLAG_CHECKSUM ? 4 : 0);
    let off = 20;
    let command: Doc | undefined;
    const sequences: [string, (Doc | RawDoc)[]][] = [];
    while (off < end) {
      const kind = frame[off++];
      if (kind === 0) {
        if (command) throw new FrameError('OP_MSG contains more than one body section');
        const r = readDoc(frame, off, end);
        command = r.doc;
        off = r.next;
      } else if (kind === 1) {
        if (off + 4 > end) throw new FrameError('truncated document sequence');
        const size = frame.readInt32LE(off);
        const seqEnd = off + size;
        if (size < 5 || seqEnd > end) throw new FrameError('invalid document sequence size');
        const id = readCString(frame, off + 4, seqEnd);
        // An insert's documents (after its body, as drivers send them) are kept as BSON until read.
        const lazy = id.value === 'documents' && command !== undefined && firstKey(command) === 'insert';
        const docs: (Doc | RawDoc)[] = [];
        for (let p = id.next; p < seqEnd; ) {
          const bytes = docBytes(frame, p, seqEnd);
          docs.push((lazy && rawForInsert(bytes)) || decode(bytes));
          p += bytes.length;
        }
        sequences.push([id.value, docs]);
        off = seqEnd;
      } else throw new FrameError(`Unknown section kind ${kind}`);
    }
    if (!command) throw new FrameError('OP_MSG requests require a body section');
    for (const [id, docs] of sequences) command[id] = docs;
    return { opCode, requestId, flags, command };
  }
  if (opCode === OP_QUERY) {
    const coll = readCString(frame, 20, frame.length);
    const { doc } = readDoc(frame, coll.next + 8, frame.length);
    return { opCode, requestId, collection: coll.value, query: doc };
  }
  throw new FrameError(`unsupported opCode ${opCode}`);
}

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(0, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

const SERIALIZE = { checkKeys: false, ignoreUndefined: false } as const;

/** OP_MSG reply: flags 0, one kind-0 section, never a checksum. */
export function encodeMsgReply(responseTo: number, body: Doc): Buffer {
  const doc = serialize(body, SERIALIZE);
  const len = HEADER_SIZE + 5 + doc.length;
  const pre = Buffer.alloc(5);
  return Buffer.concat([header(len, responseTo, OP_MSG), pre, doc], len);
}

/** OP_REPLY for the legacy OP_QUERY handshake: one document, cursor 0. */
export function encodeLegacyReply(responseTo: number, body: Doc, flags = 0): Buffer {
  const doc = serialize(body, SERIALIZE);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(flags, 0);
  fields.writeInt32LE(1, 16);
  const len = HEADER_SIZE + 20 + doc.length;
  return Buffer.concat([header(len, responseTo, OP_REPLY), fields, doc], len);
}
