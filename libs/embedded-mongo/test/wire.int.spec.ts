import { Binary, deserialize, serialize } from 'bson';
import * as net from 'node:net';
import { MongoTarget, openTarget } from './mongo-target.helper';

/** A raw client socket that collects whole reply frames. */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (c) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('error', () => undefined);
  }
  static connect(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }
  send(frame: Buffer): void {
    this.socket.write(frame);
  }
  /** Next reply as {responseTo, opCode, body}, or undefined if the server closed the socket. */
  async reply(): Promise<{ responseTo: number; opCode: number; body: Record<string, unknown> } | undefined> {
    for (;;) {
      if (this.buf.length >= 4 && this.buf.length >= this.buf.readInt32LE(0)) {
        const len = this.buf.readInt32LE(0);
        const frame = this.buf.subarray(0, len);
        this.buf = this.buf.subarray(len);
        const opCode = frame.readInt32LE(12);
        const bodyAt = opCode === 1 ? 36 : 21;
        return { responseTo: frame.readInt32LE(8), opCode, body: deserialize(frame.subarray(bodyAt)) };
      }
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  close(): void {
    this.socket.destroy();
  }
}

function header(len: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(len, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(requestId: number, body: object, flags = 0, sequences: [string, object[]][] = []): Buffer {
  const parts: Uint8Array[] = [Buffer.alloc(4), Buffer.from([0]), serialize(body)];
  (parts[0] as Buffer).writeUInt32LE(flags);
  for (const [id, docs] of sequences) {
    const payload = Buffer.concat([Buffer.from(id + '\0'), ...docs.map((d) => serialize(d))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const rest = Buffer.concat(parts);
  return Buffer.concat([header(16 + rest.length, requestId, 2013), rest]);
}

/** An OP_MSG whose kind-1 section carries documents already encoded (possibly malformed on purpose). */
function opMsgWithRawDocs(requestId: number, body: object, id: string, docs: Buffer[]): Buffer {
  const payload = Buffer.concat([Buffer.from(id + '\0'), ...docs]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(payload.length + 4);
  const rest = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), serialize(body), Buffer.from([1]), size, payload]);
  return Buffer.concat([header(16 + rest.length, requestId, 2013), rest]);
}

function opQuery(requestId: number, ns: string, query: object): Buffer {
  const rest = Buffer.concat([Buffer.alloc(4), Buffer.from(ns + '\0'), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), serialize(query)]);
  return Buffer.concat([header(16 + rest.length, requestId, 2004), rest]);
}

describe('embedded mongo: wire protocol', () => {
  let t: MongoTarget;
  let raw: RawClient;
  beforeAll(async () => (t = await openTarget('wire')));
  beforeEach(async () => (raw = await RawClient.connect(t.host, t.port)));
  afterEach(() => raw.close());
  afterAll(() => t.close());

  const stillServing = async () => expect(await t.db.command({ ping: 1 })).toEqual({ ok: 1 });

  it('answers the legacy OP_QUERY hello with OP_REPLY', async () => {
    raw.send(opQuery(7, 'admin.$cmd', { ismaster: 1, helloOk: true }));
    const r = await raw.reply();
    expect(r).toMatchObject({ responseTo: 7, opCode: 1, body: { ok: 1, ismaster: true, helloOk: true, minWireVersion: 0 } });
    expect(r!.body.topologyVersion).toBeUndefined();
    expect(r!.body.compression).toBeUndefined();
  });

  it('merges kind-1 sections and never replies to moreToCome', async () => {
    const db = t.db.databaseName;
    raw.send(opMsg(1, { insert: 'seq', $db: db }, 2, [['documents', [{ _id: 1 }, { _id: 2 }]]]));
    raw.send(opMsg(2, { count: 'seq', $db: db }));
    expect(await raw.reply()).toMatchObject({ responseTo: 2, opCode: 2013, body: { n: 2, ok: 1 } });
  });

  it('answers bad BSON inside a sound frame with an error and keeps the socket', async () => {
    const frame = opMsg(3, { ping: 1, $db: 'admin' });
    frame.writeInt32LE(9999, 21); // corrupt the body's declared size
    raw.send(frame);
    const r = await raw.reply();
    expect(r).toMatchObject({ responseTo: 3, body: { ok: 0 } });
    raw.send(opMsg(4, { ping: 1, $db: 'admin' }));
    expect(await raw.reply()).toMatchObject({ responseTo: 4, body: { ok: 1 } });
  });

  it('stores binary data that is not UTF-8 beside Vietnamese text, byte for byte', async () => {
    const blob = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0xe2, 0x82]);
    raw.send(opMsg(6, { insert: 'utf8', $db: t.db.databaseName }, 0, [['documents', [{ _id: 1, name: 'Bà Nguyễn Thị Lan', blob: new Binary(blob) }]]]));
    expect(await raw.reply()).toMatchObject({ responseTo: 6, body: { n: 1, ok: 1 } });
    const stored = await t.db.collection('utf8').findOne({ _id: 1 as never });
    expect(stored?.name).toBe('Bà Nguyễn Thị Lan');
    expect(Buffer.from((stored?.blob as Binary).buffer)).toEqual(blob);
  });

  it('refuses a string that is not valid UTF-8, also beside binary data, and keeps the socket', async () => {
    if (!t.embedded) return; // a server's answer to malformed strings is its own; the embedded node refuses them
    for (const [requestId, extra] of [[7, {}], [8, { blob: new Binary(Buffer.from([0xff])) }]] as const) {
      const doc = Buffer.from(serialize({ _id: requestId, s: 'ab', ...extra }));
      doc.set([0xc3, 0x28], doc.indexOf('ab\0')); // a lead byte followed by an ASCII byte
      raw.send(opMsgWithRawDocs(requestId, { insert: 'utf8', $db: t.db.databaseName }, 'documents', [doc]));
      expect(await raw.reply()).toMatchObject({ responseTo: requestId, body: { ok: 0 } });
    }
    expect(await t.db.collection('utf8').countDocuments({ _id: { $in: [7, 8] } as never })).toBe(0);
  });

  it('answers unknown commands with CommandNotFound', async () => {
    raw.send(opMsg(5, { frobnicate: 1, $db: 'admin' }));
    expect(await raw.reply()).toMatchObject({ body: { ok: 0, code: 59, codeName: 'CommandNotFound' } });
  });

  it.each([
    ['an oversize length', () => header(64 * 1024 * 1024, 1, 2013)],
    ['a length below the header size', () => header(8, 1, 2013)],
    ['an unknown opcode', () => Buffer.concat([header(26, 1, 4242), Buffer.alloc(10)])],
  ])('closes the connection on %s while other clients keep working', async (_label, frame) => {
    raw.send(frame());
    expect(await raw.reply()).toBeUndefined();
    await stillServing();
  });
});
