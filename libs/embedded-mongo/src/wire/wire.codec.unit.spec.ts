import { serialize } from 'bson';
import { Doc } from '../bson/bson-value';
import { RawDoc } from '../bson/raw-doc';
import { decodeFrame, FrameError, OP_MSG } from './wire.codec';

/** An OP_MSG frame: body section, then one document sequence. */
function opMsg(body: Doc, id: string, docs: Doc[]): Buffer {
  const seq = Buffer.concat([Buffer.from(id + '\0'), ...docs.map((d) => serialize(d))]);
  const seqHead = Buffer.alloc(5);
  seqHead[0] = 1;
  seqHead.writeInt32LE(seq.length + 4, 1);
  const parts = [Buffer.alloc(16), Buffer.alloc(4), Buffer.from([0]), serialize(body), seqHead, seq];
  const frame = Buffer.concat(parts);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(OP_MSG, 12);
  return frame;
}

const documentsOf = (frame: Buffer) => {
  const req = decodeFrame(frame);
  if (req.opCode !== OP_MSG) throw new Error('not OP_MSG');
  return req.command;
};

describe('decodeFrame document sequences', () => {
  it("keeps an insert's documents as BSON and decodes any other command's", () => {
    const insert = documentsOf(opMsg({ insert: 'c', $db: 'd' }, 'documents', [{ _id: 1, a: 'x' }, { a: 'no id' }]));
    const [kept, decoded] = insert.documents as unknown[];
    expect(kept).toBeInstanceOf(RawDoc);
    expect((kept as RawDoc).decode()).toEqual({ _id: 1, a: 'x' });
    expect(decoded).toEqual({ a: 'no id' });

    const update = documentsOf(opMsg({ update: 'c', $db: 'd' }, 'updates', [{ q: { _id: 1 }, u: { $set: { a: 1 } } }]));
    expect(update.updates).toEqual([{ q: { _id: 1 }, u: { $set: { a: 1 } } }]);
    const notDocuments = documentsOf(opMsg({ insert: 'c', $db: 'd' }, 'other', [{ _id: 1 }]));
    expect(notDocuments.other).toEqual([{ _id: 1 }]);
  });

  it("still refuses an insert's document that bson refuses, whole frame", () => {
    const frame = opMsg({ insert: 'c', $db: 'd' }, 'documents', [{ _id: 1, s: 'ok' }, { _id: 2, s: 'ab' }]);
    frame[frame.lastIndexOf('ab')] = 0xff;
    expect(() => decodeFrame(frame)).toThrow(FrameError);
    expect(() => decodeFrame(frame)).toThrow(/^invalid BSON: /);
  });
});
