import { BSONRegExp, Binary, Decimal128, deserialize, Long, ObjectId, serialize, Timestamp } from 'bson';
import { Doc, valueKey } from './bson-value';
import { decodeDoc, RawDoc, rawForInsert } from './raw-doc';

const bson = (doc: Doc) => Buffer.from(serialize(doc, { checkKeys: false }));

describe('rawForInsert', () => {
  it('keeps a copy of a common document with _id first, keyed as the decoded _id is', () => {
    const doc = {
      _id: 'op-1',
      n: 1,
      x: 1.5,
      big: Long.fromNumber(2 ** 40),
      at: new Date(5),
      ok: true,
      none: null,
      ts: new Timestamp({ t: 1, i: 2 }),
      bin: new Binary(Buffer.from('abc'), 0),
      nested: { xs: [1, 'two', { y: [] }], name: 'Trần Thành Ngọ' },
    };
    const frame = Buffer.concat([Buffer.from([9, 9]), bson(doc), Buffer.from([7])]);
    const bytes = frame.subarray(2, frame.length - 1);
    const raw = rawForInsert(bytes)!;
    expect(raw).toBeInstanceOf(RawDoc);
    const stored = raw.stored();
    expect(stored.equals(bytes)).toBe(true);
    expect(stored.buffer === frame.buffer && stored.byteOffset === 2).toBe(false);
    frame.fill(0);
    expect(decodeDoc(stored)).toEqual(deserialize(bson(doc)));
    expect(raw.idKey).toBe(valueKey('op-1'));
  });

  it('moves a trailing or middle _id first, as mongod stores it', () => {
    const oid = new ObjectId();
    for (const doc of [
      { a: 1, b: { c: 2 }, _id: oid },
      { a: 1, _id: oid, b: 'x' },
    ]) {
      const raw = rawForInsert(bson(doc))!;
      expect(Object.keys(decodeDoc(raw.stored()))).toEqual(['_id', 'a', 'b']);
      expect(decodeDoc(raw.stored())).toEqual(doc);
      expect(raw.decode()).toEqual(doc);
      expect(raw.idKey).toBe(valueKey(oid));
    }
  });

  it.each([
    ['string', 'ä-1'],
    ['int32', 7],
    ['negative zero', -0],
    ['double', 2.5],
    ['safe int64', Long.fromNumber(-(2 ** 50))],
    ['ObjectId', new ObjectId()],
    ['date', new Date(-5)],
    ['bool', false],
    ['null', null],
  ])('keys a %s _id as valueKey of the decoded value', (_, id) => {
    const bytes = bson({ _id: id, v: 1 });
    expect(rawForInsert(bytes)!.idKey).toBe(valueKey(deserialize(bytes)._id));
  });

  it.each([
    ['no _id', { a: 1 }],
    ['a sub-document _id', { _id: { a: 1 } }],
    ['an array _id', { _id: [1] }],
    ['an unsafe int64 _id', { _id: Long.fromString('9007199254740993') }],
    ['a decimal _id', { _id: Decimal128.fromString('1') }],
    ['a decimal field', { _id: 1, d: Decimal128.fromString('1.10') }],
    ['a regex field', { _id: 1, r: new BSONRegExp('a', 'i') }],
    ['an old binary field', { _id: 1, b: new Binary(Buffer.from('ab'), 2) }],
    ['a top-level $ field (DBRef)', { $ref: 'c', $id: 1, _id: 1 }],
  ])('leaves a document with %s to a full decode', (_, doc) => {
    expect(rawForInsert(Buffer.from(serialize(doc, { checkKeys: false, ignoreUndefined: false })))).toBeUndefined();
  });

  it('leaves a nested undefined value or a string that is not UTF-8 to a full decode', () => {
    const withNull = bson({ _id: 1, a: { u: null } });
    withNull[withNull.indexOf(0x0a, 10)] = 0x06;
    expect(deserialize(withNull).a).toEqual({ u: undefined });
    expect(rawForInsert(withNull)).toBeUndefined();
    const badString = bson({ _id: 1, s: 'ab' });
    badString[badString.indexOf('ab')] = 0xff;
    expect(() => deserialize(badString)).toThrow();
    expect(rawForInsert(badString)).toBeUndefined();
  });

  it('takes field names and binary data as bson decodes them, without a UTF-8 check', () => {
    const doc = { _id: new ObjectId('ffffffffffffffffffffffff'), b: new Binary(Buffer.from([0xff, 0xfe]), 0), x: -0, at: new Date(-1) };
    expect(decodeDoc(rawForInsert(bson(doc))!.stored())).toEqual(deserialize(bson(doc)));
  });

  it('leaves a repeated _id to a full decode', () => {
    const one = bson({ _id: 1 });
    const body = Buffer.concat([one.subarray(4, one.length - 1), one.subarray(4, one.length - 1)]);
    const twice = Buffer.concat([Buffer.alloc(4), body, Buffer.from([0])]);
    twice.writeInt32LE(twice.length);
    expect(rawForInsert(twice)).toBeUndefined();
  });

  it('vouches only for bytes bson decodes, and then to the same value (corrupted documents)', () => {
    const sample = bson({ b: true, s: 'xyz', n: 3, _id: 'k', sub: { a: [1, 2.5, 'q'], t: new Date(1) }, id: new ObjectId('0123456789abcdef01234567') });
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(sample);
      for (let k = 1 + (next() % 3); k > 0; k--) bytes[next() % bytes.length] = next() % 4 === 0 ? 0 : next() % 256;
      const raw = rawForInsert(bytes);
      if (!raw) continue;
      accepted++;
      const expected = deserialize(bytes, { validation: { utf8: true } });
      expect(raw.decode()).toEqual(expected);
      expect(decodeDoc(raw.stored())).toEqual({ _id: expected._id, ...expected });
      expect(raw.idKey).toBe(valueKey(expected._id));
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
