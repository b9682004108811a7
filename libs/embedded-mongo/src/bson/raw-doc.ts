import { isUtf8 } from 'node:buffer';
import { deserialize } from 'bson';
import { Doc, valueKey } from './bson-value';

const DESERIALIZE = { validation: { utf8: true } } as const;
const DESERIALIZE_VALID_UTF8 = { validation: { utf8: false } } as const;

/**
 * Decodes one BSON document as the node stores it. Strings must be valid UTF-8. bson checks each
 * string it decodes by scanning the decoded text; when the whole document is valid UTF-8 (one
 * native pass, the usual case) every string in it is too, so that scan is skipped: a string's bytes
 * follow the high byte of its positive int32 length (below 0x80, so not part of a multi-byte
 * character) and end before a 0 terminator, so none can start or end inside a multi-byte character
 * of a valid whole. Documents that are not (binary data, or a bad string) are decoded with the
 * per-string check.
 */
export const decodeDoc = (bytes: Uint8Array): Doc => deserialize(bytes, isUtf8(bytes) ? DESERIALIZE_VALID_UTF8 : DESERIALIZE);

/**
 * A document to insert, still as its BSON bytes (its own copy, `_id` first as mongod stores it),
 * with its `_id`'s index key: all a collection without in-step indexes needs to store it. It is
 * decoded by {@link decodeDoc} when something first reads it, to exactly what an insert of the
 * decoded document would have stored.
 */
export class RawDoc {
  constructor(
    readonly bytes: Buffer,
    readonly idKey: string,
  ) {}

  decode(): Doc {
    return decodeDoc(this.bytes);
  }
}

const T_DOUBLE = 0x01;
const T_STRING = 0x02;
const T_DOC = 0x03;
const T_ARRAY = 0x04;
const T_BINARY = 0x05;
const T_OID = 0x07;
const T_BOOL = 0x08;
const T_DATE = 0x09;
const T_NULL = 0x0a;
const T_INT32 = 0x10;
const T_TIMESTAMP = 0x11;
const T_INT64 = 0x12;
const MAX_DEPTH = 100;

/**
 * `bytes` (one whole BSON document) as a {@link RawDoc}, or undefined when it has to be decoded
 * now: anything this scanner does not vouch for — a string value that is not valid UTF-8 (bson
 * refuses it), an element type outside the common ones (regex, code, decimal, undefined,
 * old binary…), a malformed size, a top-level `$` field (a root `$ref`/`$id` decodes as a DBRef), a
 * missing or repeated `_id`, an `_id` that is not a string, int, double, safe int64 or ObjectId.
 * It accepts only documents bson decodes without error, so a bad one fails as before, when decoded.
 */
export function rawForInsert(bytes: Uint8Array): RawDoc | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 5 || b.readInt32LE(0) !== b.length) return undefined;
  const end = b.length - 1;
  if (b[end] !== 0) return undefined;
  let idAt = -1;
  let idValue = -1;
  let idEnd = -1;
  for (let p = 4; p < end; ) {
    const type = b[p];
    const name = p + 1;
    const zero = b.indexOf(0, name);
    if (zero < 0 || zero >= end) return undefined;
    if (b[name] === 0x24 /* $ */) return undefined;
    const next = valueEnd(b, type, zero + 1, end, 0);
    if (next < 0) return undefined;
    if (zero - name === 3 && b[name] === 0x5f && b[name + 1] === 0x69 && b[name + 2] === 0x64) {
      if (idAt >= 0) return undefined;
      [idAt, idValue, idEnd] = [p, zero + 1, next];
    }
    p = next;
  }
  if (idAt < 0) return undefined;
  const idKey = scalarKey(b, b[idAt], idValue, idEnd);
  if (idKey === undefined) return undefined;
  const copy = Buffer.allocUnsafe(b.length);
  if (idAt === 4) b.copy(copy);
  else {
    // mongod stores _id first: [size][_id element][fields before it][fields after it, terminator].
    b.copy(copy, 0, 0, 4);
    let at = 4 + b.copy(copy, 4, idAt, idEnd);
    at += b.copy(copy, at, 4, idAt);
    b.copy(copy, at, idEnd);
  }
  return new RawDoc(copy, idKey);
}

/** Offset after the value of type `type` at `p` when it is well formed and ends by `end`, else -1. */
function valueEnd(b: Buffer, type: number, p: number, end: number, depth: number): number {
  let next: number;
  switch (type) {
    case T_DOUBLE:
    case T_DATE:
    case T_TIMESTAMP:
    case T_INT64:
      next = p + 8;
      break;
    case T_INT32:
      next = p + 4;
      break;
    case T_OID:
      next = p + 12;
      break;
    case T_NULL:
      next = p;
      break;
    case T_BOOL:
      if (p >= end || b[p] > 1) return -1;
      next = p + 1;
      break;
    case T_STRING: {
      if (p + 4 > end) return -1;
      const len = b.readInt32LE(p);
      if (len < 1 || len > end - p - 4) return -1;
      next = p + 4 + len;
      if (b[next - 1] !== 0 || !validUtf8(b, p + 4, next - 1)) return -1;
      break;
    }
    case T_BINARY: {
      if (p + 5 > end) return -1;
      const len = b.readInt32LE(p);
      if (len < 0 || b[p + 4] === 0x02 || len > end - p - 5) return -1;
      next = p + 5 + len;
      break;
    }
    case T_DOC:
    case T_ARRAY:
      return subDocEnd(b, p, end, depth + 1);
    default:
      return -1;
  }
  return next <= end ? next : -1;
}

/** Offset after the well-formed embedded document (or array) at `p` that ends by `end`, else -1. */
function subDocEnd(b: Buffer, p: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH || p + 5 > end) return -1;
  const size = b.readInt32LE(p);
  if (size < 5 || size > end - p) return -1;
  const last = p + size - 1;
  if (b[last] !== 0) return -1;
  let q = p + 4;
  while (q < last) {
    const zero = b.indexOf(0, q + 1);
    if (zero < 0 || zero >= last) return -1;
    q = valueEnd(b, b[q], zero + 1, last, depth);
    if (q < 0) return -1;
  }
  return q === last ? last + 1 : -1;
}

/** Whether b[from, to) is valid UTF-8, as bson requires of string values (not of field names). */
function validUtf8(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] >= 0x80) return isUtf8(b.subarray(from, to));
  return true;
}

/** valueKey of the decoded scalar at [p, end), for the types rawForInsert takes as `_id`. */
function scalarKey(b: Buffer, type: number, p: number, end: number): string | undefined {
  switch (type) {
    case T_STRING:
      return JSON.stringify(b.toString('utf8', p + 4, end - 1));
    case T_INT32:
      return valueKey(b.readInt32LE(p));
    case T_DOUBLE:
      return valueKey(b.readDoubleLE(p));
    case T_INT64: {
      const n = b.readBigInt64LE(p);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? valueKey(Number(n)) : undefined;
    }
    case T_OID:
      return 'o' + b.toString('hex', p, p + 12);
  }
  return undefined;
}
