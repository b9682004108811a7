import { MongoCommandError } from '../mongo.errors';
import { applyUpdate, buildUpsert, updateKind } from './update.apply';

describe('update application', () => {
  it('classifies updates and rejects unknown modifiers with FailedToParse', () => {
    expect(updateKind({ a: 1 })).toBe('replacement');
    expect(updateKind({ $set: { a: 1 } })).toBe('operators');
    expect(updateKind([{ $set: { a: 1 } }])).toBe('pipeline');
    expect(() => updateKind({ $nope: { a: 1 } })).toThrow(expect.objectContaining({ code: 9 }));
  });

  it('returns undefined for no-op updates and never mutates the input', () => {
    const doc = { _id: 1, a: { b: 1 } };
    expect(applyUpdate(doc, { $set: { 'a.b': 1 } }, {})).toBeUndefined();
    expect(applyUpdate(doc, { $set: { 'a.b': 2 } }, {})).toEqual({ _id: 1, a: { b: 2 } });
    expect(doc).toEqual({ _id: 1, a: { b: 1 } });
  });

  it('raises TypeMismatch for arithmetic on non-numbers', () => {
    const err = (() => {
      try {
        applyUpdate({ _id: 1, s: 'x' }, { $inc: { s: 1 } }, {});
      } catch (e) {
        return e as MongoCommandError;
      }
    })();
    expect(err).toMatchObject({ code: 14, codeName: 'TypeMismatch' });
  });

  it('builds upserts from filter equalities, $setOnInsert and a leading _id', () => {
    const doc = buildUpsert({ _id: 'k', 'a.b': 1, c: { $eq: 2 }, d: { $gt: 3 }, $and: [{ e: 4 }] }, { $set: { f: 5 }, $setOnInsert: { g: 6 } });
    expect(doc).toEqual({ _id: 'k', a: { b: 1 }, c: 2, e: 4, f: 5, g: 6 });
    expect(Object.keys(buildUpsert({ x: 1 }, { y: 2 }))).toEqual(['_id', 'y']);
  });
});
