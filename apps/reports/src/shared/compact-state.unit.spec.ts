import { IntColumn } from './int-column';
import { OpinionKeys } from './opinion-keys';
import { StringPool } from './string-pool';
import { compare } from './compare';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('IntColumn', () => {
  it('reads back what was set, 0 where nothing was, across chunks', () => {
    const column = new IntColumn();
    column.set(0, 7);
    column.set(10_000, 200);
    expect([column.get(0), column.get(1), column.get(10_000), column.get(1_000_000)]).toEqual([7, 0, 200, 0]);
    expect(column.width).toBe(1);
  });

  it('widens when a value needs it and keeps the values already there', () => {
    const column = new IntColumn();
    for (let row = 0; row < 9000; row++) column.set(row, row % 256);
    column.set(9000, 300);
    expect(column.width).toBe(2);
    column.set(9001, 70_000);
    expect(column.width).toBe(4);
    expect([column.get(255), column.get(8999), column.get(9000), column.get(9001)]).toEqual([255, 8999 % 256, 300, 70_000]);
  });

  it('refuses what it cannot hold', () => {
    expect(() => new IntColumn().set(0, -1)).toThrow(RangeError);
    expect(() => new IntColumn().set(0, 1.5)).toThrow(RangeError);
  });
});

describe('StringPool', () => {
  it('numbers distinct values in the order first seen and gives them back, undefined included', () => {
    const pool = new StringPool();
    expect([pool.id('b'), pool.id(undefined), pool.id('a'), pool.id('b')]).toEqual([0, 1, 2, 0]);
    expect([pool.value(0), pool.value(1), pool.value(2)]).toEqual(['b', undefined, 'a']);
  });

  it('ranks ids as their values sort, nulls last', () => {
    const pool = new StringPool();
    for (const value of ['CATP-HP-PC06', undefined, 'CATP-HP-KA', 'CATP-HP-KA-TTN']) pool.id(value);
    expect([...pool.ranks(compare)]).toEqual([2, 3, 0, 1]);
  });
});

describe('OpinionKeys', () => {
  it('gives dense rows in the order ids are first added and finds them again', () => {
    const keys = new OpinionKeys();
    const ids = Array.from({ length: 5000 }, (_, n) => uuid(n * 7919));
    expect(ids.map((id) => keys.add(id))).toEqual(ids.map((_, n) => n));
    expect(keys.add(ids[42])).toBe(42);
    expect(ids.map((id) => keys.find(id))).toEqual(ids.map((_, n) => n));
    expect(keys.find(uuid(1))).toBe(-1);
    expect(keys.size).toBe(5000);
  });

  it('gives every id back exactly, UUIDs or not', () => {
    const keys = new OpinionKeys();
    const ids = ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'F47AC10B-58CC-4372-A567-0E02B2C3D479', 'o-1', '', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
    for (const id of ids) keys.add(id);
    expect(ids.map((_, row) => keys.idAt(row))).toEqual(ids);
    expect(ids.map((id) => keys.find(id))).toEqual([0, 1, 2, 3, 4]);
  });

  it('orders rows as their ids compare as strings', () => {
    const keys = new OpinionKeys();
    const ids = ['9a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000001', 'legacy-7', 'a0000000-0000-4000-8000-000000000000', '0'];
    ids.forEach((id) => keys.add(id));
    const rows = ids.map((_, row) => row).sort((a, b) => keys.compareIds(a, b));
    expect(rows.map((row) => keys.idAt(row))).toEqual([...ids].sort());
  });
});
