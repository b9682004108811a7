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
 * A document to insert, checked but still as its BSON bytes (a view into the request), with its
 * `_id`'s index key: all a collection without in-step indexes needs to store it ({@link stored}).
 * It is decoded by {@link decodeDoc} when something first reads it, to exactly what an insert of
 * the decoded document would have stored.
 */
export class RawDoc {
  constructor(
    readonly bytes: Buffer,
    readonly idKey: string,
    /** Where the `_id` element starts and ends in `bytes`. */
    private readonly idAt: number,
    private readonly idEnd: number,
  ) {}

  decode(): Doc {
    return decodeDoc(this.bytes);
  }

  /** The bytes to keep: the document's own copy, `_id` first as mongod stores it. */
  stored(): Buffer {
    const b = this.bytes;
    const copy = Buffer.allocUnsafe(b.length);
    if (this.idAt === 4) b.copy(copy);
    else {
      // [size][_id element][fields before it][fields after it, terminator].
      b.copy(copy, 0, 0, 4);
      let at = 4 + b.copy(copy, 4, this.idAt, this.idEnd);
      at += b.copy(copy, at, 4, this.idAt);
      b.copy(copy, at, this.idEnd);
    }
    return copy;
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
const ID = Buffer.from('_id');

/**
 * `bytes` (one whole BSON document) as a {@link RawDoc}, or undefined when it has to be decoded
 * now: anything this scanner does not vouch for — a string value that is not valid UTF-8 (bson
 * refuses it), an element type outside the common ones (regex, code, decimal, undefined,
 * old binary…), a malformed size, a top-level `$` field (a root `$ref`/`$id` decodes as a DBRef), a
 * missing or repeated `_id`, an `_id` that is not a string, number (safe int64), ObjectId, bool, null or date.
 * It accepts only documents bson decodes without error, so a bad one fails as before, when decoded.
 */
export function rawForInsert(bytes: Uint8Array): RawDoc | undefined {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 5 || int32(b, 0) !== b.length) return undefined;
  const end = b.length - 1;
  if (b[end] !== 0) return undefined;
  // A whole document of valid UTF-8 has only valid strings (see decodeDoc): one native pass then
  // spares checking each string.
  const checkStrings = !isUtf8(b);
  let idAt = -1;
  let idValue = -1;
  let idEnd = -1;
  for (let p = 4; p < end; ) {
    const type = b[p];
    const name = p + 1;
    const zero = nameEnd(b, name, end);
    if (zero < 0) return undefined;
    if (b[name] === 0x24 /* $ */) return undefined;
    const next = valueEnd(b, type, zero + 1, end, 0, checkStrings);
    if (next < 0) return undefined;
    if (zero - name === 3 && sameBytes(b, name, ID)) {
      if (idAt >= 0) return undefined;
      [idAt, idValue, idEnd] = [p, zero + 1, next];
    }
    p = next;
  }
  if (idAt < 0) return undefined;
  const idKey = scalarKey(b, b[idAt], idValue, idEnd);
  if (idKey === undefined) return undefined;
  return new RawDoc(b, idKey, idAt, idEnd);
}

/** Offset after the value of type `type` at `p` when it is well formed and ends by `end`, else -1. */
function valueEnd(b: Buffer, type: number, p: number, end: number, depth: number, checkStrings: boolean): number {
  let next: number;
  switch (type) {
    case T_BOOL:
      if (p >= end || b[p] > 1) return -1;
      next = p + 1;
      break;
    case T_STRING: {
      if (p + 4 > end) return -1;
      const len = int32(b, p);
      if (len < 1 || len > end - p - 4) return -1;
      next = p + 4 + len;
      if (b[next - 1] !== 0 || (checkStrings && !validUtf8(b, p + 4, next - 1))) return -1;
      break;
    }
    case T_BINARY: {
      if (p + 5 > end) return -1;
      const len = int32(b, p);
      if (len < 0 || b[p + 4] === 0x02 || len > end - p - 5) return -1;
      next = p + 5 + len;
      break;
    }
    case T_DOC:
    case T_ARRAY:
      return subDocEnd(b, p, end, depth + 1, checkStrings);
    default: {
      const width = fixedWidth(type);
      if (width < 0) return -1;
      next = p + width;
    }
  }
  return next <= end ? next : -1;
}

/** Offset after the well-formed embedded document (or array) at `p` that ends by `end`, else -1. */
function subDocEnd(b: Buffer, p: number, end: number, depth: number, checkStrings: boolean): number {
  if (depth > MAX_DEPTH || p + 5 > end) return -1;
  const size = int32(b, p);
  if (size < 5 || size > end - p) return -1;
  const last = p + size - 1;
  if (b[last] !== 0) return -1;
  let q = p + 4;
  while (q < last) {
    const zero = nameEnd(b, q + 1, last);
    if (zero < 0) return -1;
    q = valueEnd(b, b[q], zero + 1, last, depth, checkStrings);
    if (q < 0) return -1;
  }
  return q === last ? last + 1 : -1;
}

/** b.readInt32LE(p) for an offset already checked to be in bounds, without the method's checks. */
function int32(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}

/** Offset of the 0 ending the field name at `from`, if before `limit`, else -1 (a JS loop: names are short). */
function nameEnd(b: Buffer, from: number, limit: number): number {
  let i = from;
  while (i < limit && b[i] !== 0) i++;
  return i < limit ? i : -1;
}

/** Whether b[from, to) is valid UTF-8, as bson requires of string values (not of field names). */
function validUtf8(b: Buffer, from: number, to: number): boolean {
  // Short strings (ids, codes) are checked here; a longer one in one native pass.
  if (to - from > SHORT_STRING) return isUtf8(b.subarray(from, to));
  for (let i = from; i < to; i++) if (b[i] >= 0x80) return isUtf8(b.subarray(from, to));
  return true;
}

const SHORT_STRING = 32;

/** valueKey of the decoded scalar of type `type` at [p, end), or undefined for other types. */
function scalarKey(b: Buffer, type: number, p: number, end: number): string | undefined {
  switch (type) {
    case T_STRING:
      return JSON.stringify(b.toString('utf8', p + 4, end - 1));
    case T_INT32:
      return valueKey(int32(b, p));
    case T_DOUBLE:
      return valueKey(b.readDoubleLE(p));
    case T_INT64: {
      const n = b.readBigInt64LE(p);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? valueKey(Number(n)) : undefined;
    }
    case T_OID:
      return 'o' + b.toString('hex', p, p + 12);
    case T_BOOL:
      return valueKey(b[p] === 1);
    case T_NULL:
      return valueKey(null);
    case T_DATE: {
      const ms = Number(b.readBigInt64LE(p));
      return Math.abs(ms) <= MAX_DATE_MS ? valueKey(new Date(ms)) : undefined;
    }
  }
  return undefined;
}

/** Largest time a Date holds, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

/**
 * The valueKey an index gives the value at `path` (field names as bytes) of a document stored as
 * BSON by {@link rawForInsert}, read from the bytes: null when the path is missing (a step absent
 * or not a sub-document), undefined when only the decoded document can tell — an array on the way
 * or at the end, a sub-document or another non-scalar value, a sub-document with `$` fields (it may
 * decode as a DBRef).
 */
export function rawPathKey(b: Buffer, path: Buffer[]): string | null | undefined {
  let doc = 0;
  for (let i = 0; i < path.length; i++) {
    const last = doc + int32(b, doc) - 1;
    const name = path[i];
    let type = -1;
    let value = -1;
    for (let p = doc + 4; p < last; ) {
      const t = b[p];
      const from = p + 1;
      const zero = nameEnd(b, from, last);
      if (zero < 0) return undefined;
      if (i > 0 && b[from] === 0x24 /* $ */) return undefined;
      if (zero - from === name.length && sameBytes(b, from, name)) {
        type = t;
        value = zero + 1;
      }
      p = skipValue(b, t, zero + 1);
      if (p < 0) return undefined;
    }
    if (type < 0) return null;
    if (i === path.length - 1) return scalarKey(b, type, value, skipValue(b, type, value));
    if (type === T_ARRAY) return undefined;
    if (type !== T_DOC) return null;
    doc = value;
  }
  return undefined;
}

function sameBytes(b: Buffer, at: number, name: Buffer): boolean {
  for (let k = 0; k < name.length; k++) if (b[at + k] !== name[k]) return false;
  return true;
}

/** Offset after the value of type `type` at `p` in bytes rawForInsert accepted, -1 for other types. */
function skipValue(b: Buffer, type: number, p: number): number {
  switch (type) {
    case T_BOOL:
      return p + 1;
    case T_STRING:
      return p + 4 + int32(b, p);
    case T_BINARY:
      return p + 5 + int32(b, p);
    case T_DOC:
    case T_ARRAY:
      return p + int32(b, p);
  }
  const width = fixedWidth(type);
  return width < 0 ? -1 : p + width;
}

/** Bytes of a value of a fixed-size type this scanner accepts; -1 for other types. */
function fixedWidth(type: number): number {
  switch (type) {
    case T_DOUBLE:
    case T_DATE:
    case T_TIMESTAMP:
    case T_INT64:
      return 8;
    case T_INT32:
      return 4;
    case T_OID:
      return 12;
    case T_NULL:
      return 0;
  }
  return -1;
}
