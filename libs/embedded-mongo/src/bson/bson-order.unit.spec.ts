import { Decimal128, Long, ObjectId } from 'bson';
import { compareBson, sortDocs } from './bson-order';
import { valueKey } from './bson-value';

describe('BSON order and keys', () => {
  it('orders across types as mongod does', () => {
    const ordered = [null, -1, 'a', { a: 1 }, [1], new ObjectId('000000000000000000000001'), false, new Date(0), /r/];
    for (let i = 1; i < ordered.length; i++) expect(compareBson(ordered[i - 1], ordered[i])).toBe(-1);
  });

  it('compares Long and Decimal128 numerically rather than as text', () => {
    expect(compareBson(Decimal128.fromString('10'), Decimal128.fromString('9'))).toBe(1);
    expect(compareBson(Long.fromNumber(10), 9.5)).toBe(1);
    expect(compareBson(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
  });

  it('sorts arrays by their smallest element ascending and largest descending', () => {
    const docs = [{ id: 'a', v: [1, 9] }, { id: 'b', v: 5 }];
    expect(sortDocs(docs, { v: 1 }).map((d) => d.id)).toEqual(['a', 'b']);
    expect(sortDocs(docs, { v: -1 }).map((d) => d.id)).toEqual(['a', 'b']);
    expect(sortDocs([{ id: 'x', v: 7 }, ...docs], { v: -1 }).map((d) => d.id)).toEqual(['a', 'x', 'b']);
  });

  it('gives numerically equal values one hash key and keeps field order significant', () => {
    expect(valueKey(1)).toBe(valueKey(Long.fromNumber(1)));
    expect(valueKey(2)).toBe(valueKey(Decimal128.fromString('2')));
    expect(valueKey('1')).not.toBe(valueKey(1));
    expect(valueKey({ a: 1, b: 2 })).not.toBe(valueKey({ b: 2, a: 1 }));
    expect(valueKey(null)).toBe(valueKey(undefined));
  });
});
