import { serialize } from 'bson';
import { Doc } from '../bson/bson-value';
import { DocStore } from './doc.store';

const bson = (doc: Doc) => Buffer.from(serialize(doc));

describe('DocStore', () => {
  it('holds BSON bytes until a read decodes them, once, in place and in insertion order', () => {
    const docs = new DocStore();
    docs.set('a', { _id: 'a', v: 1 });
    docs.set('b', bson({ _id: 'b', v: 2 }));
    docs.set('c', bson({ _id: 'c', v: 3 }));
    expect([...docs.stored()].map((d) => d instanceof Uint8Array)).toEqual([false, true, true]);

    const b = docs.get('b');
    expect(b).toEqual({ _id: 'b', v: 2 });
    expect(docs.get('b')).toBe(b);
    expect([...docs.stored()].map((d) => d instanceof Uint8Array)).toEqual([false, false, true]);

    expect([...docs.keys()]).toEqual(['a', 'b', 'c']);
    expect([...docs.values()].map((d) => d.v)).toEqual([1, 2, 3]);
    expect([...docs.stored()].some((d) => d instanceof Uint8Array)).toBe(false);
    expect([...docs].map(([id, d]) => [id, d.v])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(docs.get('b')).toBe(b);
  });

  it('answers size, has and delete without decoding', () => {
    const docs = new DocStore();
    docs.set('x', bson({ _id: 'x' }));
    expect([docs.size, docs.has('x'), docs.has('y')]).toEqual([1, true, false]);
    expect(docs.delete('x')).toBe(true);
    expect([docs.size, docs.get('x')]).toEqual([0, undefined]);
  });
});
