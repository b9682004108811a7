import { crc32 } from 'node:zlib';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { decodeRecord, encodeRecord, newRecordFields, scanRecord, TOMBSTONE_REVISION, type StoredEvent } from '../storage/event-record.codec';
import { ProtoEmpty, shared, streams } from './proto';
import { decodeBatchAppendReq, encodeBatchAppendSuccess, encodeReadEvent, encodeReadEventFromRecord, varintSize, writeVarint } from './wire.codec';
import { expectedRevision, proposedEvent, streamIdentifier, streamName, uuid, uuidString } from './wire.mapping';

// Reference encodings built with the generated google-protobuf classes, as the node did before.
function referenceReadEvent(e: StoredEvent): Uint8Array {
  const pos = String(e.position);
  const rec = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuid(e.id))
    .setStreamIdentifier(streamIdentifier(e.stream))
    .setStreamRevision(e.revision < 0 ? TOMBSTONE_REVISION.toString() : String(e.revision))
    .setPreparePosition(pos)
    .setCommitPosition(pos)
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  const m = rec.getMetadataMap();
  m.set('type', e.type);
  m.set('content-type', e.contentType);
  m.set('created', e.createdTicks.toString());
  return new streams.ReadResp().setEvent(new streams.ReadResp.ReadEvent().setEvent(rec).setCommitPosition(pos)).serializeBinary();
}

function referenceBatchSuccess(correlation: shared.UUID, stream: string, revision: number, position: number | undefined): Uint8Array {
  const s = new streams.BatchAppendResp.Success();
  if (revision < 0) s.setNoStream(new ProtoEmpty());
  else s.setCurrentRevision(String(revision));
  if (position === undefined) s.setNoPosition(new ProtoEmpty());
  else s.setPosition(new shared.AllStreamPosition().setCommitPosition(String(position)).setPreparePosition(String(position)));
  return new streams.BatchAppendResp().setCorrelationId(correlation).setSuccess(s).setStreamIdentifier(streamIdentifier(stream)).serializeBinary();
}

const bytes = (n: number, seed = 7): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));

const base: StoredEvent = {
  position: 16,
  stream: 'opinion-1',
  revision: 0,
  id: '3f1c2b9e-7d4a-4c1e-9f00-0123456789ab',
  type: 'OpinionRecorded',
  contentType: 'application/json',
  createdTicks: 17_000_000_000_000_000n,
  data: json({ text: 'Ý kiến của người dân' }),
  customMetadata: json({ actor: 'bench' }),
  endOfAppend: true,
};

const events: Array<[string, StoredEvent]> = [
  ['typical', base],
  ['revision 0, empty data and metadata', { ...base, data: new Uint8Array(0), customMetadata: new Uint8Array(0) }],
  ['empty custom metadata only', { ...base, revision: 3, customMetadata: new Uint8Array(0) }],
  ['unicode stream and type', { ...base, stream: 'ý-kiến-🚓-Công-an', type: 'Đã-ghi-nhận', revision: 127 }],
  ['empty stream name', { ...base, stream: '', revision: 128 }],
  ['binary content type', { ...base, contentType: 'application/octet-stream', data: bytes(300) }],
  ['large data (1 MiB)', { ...base, revision: 16_383, data: bytes(1_048_576), customMetadata: bytes(70_000, 3) }],
  ['tombstone revision (long.MaxValue)', { ...base, revision: -1, type: '$streamDeleted', data: new Uint8Array(0) }],
  ['position 2^28', { ...base, position: 2 ** 28, revision: 2 ** 21 }],
  ['position 2^32 + 5', { ...base, position: 2 ** 32 + 5, revision: 2 ** 31 }],
  ['position 2^53 - 1', { ...base, position: Number.MAX_SAFE_INTEGER, revision: Number.MAX_SAFE_INTEGER }],
  ['position 2^53', { ...base, position: 2 ** 53, revision: 2 ** 35 }],
  ['position 0 (omitted in RecordedEvent, kept in ReadEvent)', { ...base, position: 0 }],
  ['zero created ticks and empty strings', { ...base, createdTicks: 0n, id: '', type: '', contentType: '' }],
  ['long strings (multi-byte length prefixes)', { ...base, stream: 's'.repeat(300), type: 't'.repeat(20_000), id: 'i'.repeat(200) }],
];

describe('hand-written ReadResp encoder', () => {
  it.each(events)('is byte-identical to google-protobuf: %s', (_, e) => {
    const mine = encodeReadEvent(e);
    expect(Buffer.compare(mine, Buffer.from(referenceReadEvent(e)))).toBe(0);
    // And the client-side decode sees the same fields.
    const back = streams.ReadResp.deserializeBinary(mine).getEvent()!.getEvent()!;
    expect(Buffer.from(back.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8')).toBe(e.stream);
    expect(back.getMetadataMap().get('created')).toBe(e.createdTicks.toString());
  });

  it('matches over randomised events', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const chars = ['a', 'Z', '-', 'ý', 'ệ', '🚓', '$', ' '];
    const str = (n: number): string => Array.from({ length: n }, () => chars[rnd(chars.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const e: StoredEvent = {
        position: rnd(3) === 0 ? rnd(200) : rnd(2 ** 30) * 2 ** rnd(24),
        stream: str(rnd(40)),
        revision: rnd(10) === 0 ? -1 : rnd(2 ** 20),
        id: crypto.randomUUID(),
        type: str(rnd(30)),
        contentType: rnd(2) ? 'application/json' : 'application/octet-stream',
        createdTicks: BigInt(rnd(2 ** 30)) * 10_000_000n,
        data: bytes(rnd(3) === 0 ? 0 : rnd(5000), i),
        customMetadata: bytes(rnd(2) ? 0 : rnd(200), i + 1),
        endOfAppend: true,
      };
      expect(Buffer.compare(encodeReadEvent(e), Buffer.from(referenceReadEvent(e)))).toBe(0);
    }
  });
});

describe('ReadResp encoded straight from a log record', () => {
  /** The record of `e` behind some other bytes, as a file read returns it, encoded without decoding. */
  const fromRecord = (e: StoredEvent): Buffer => {
    const { position, ...record } = e;
    const buf = Buffer.concat([Buffer.from('prefix'), encodeRecord(record), Buffer.from('next')]);
    const f = newRecordFields();
    expect(scanRecord(buf, 6, f)).toBe('ok');
    expect(f.next).toBe(buf.length - 4);
    return encodeReadEventFromRecord(buf, f, position);
  };

  it.each(events)('is byte-identical to google-protobuf: %s', (_, e) => {
    expect(Buffer.compare(fromRecord(e), Buffer.from(referenceReadEvent(e)))).toBe(0);
  });

  it('serves what decoding the record would, even for strings that do not survive UTF-8 (lone surrogates)', () => {
    const e: StoredEvent = { ...base, stream: 'a\ud800b', type: '\udfffx', id: 'id-\ud83d' };
    const { position, ...record } = e;
    const decoded = decodeRecord(encodeRecord(record), 0, position);
    if (!decoded.ok) throw new Error('record does not decode');
    expect(Buffer.compare(fromRecord(e), encodeReadEvent(decoded.event))).toBe(0);
  });

  it('matches over randomised events, with created ticks repeating and changing between them', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let ticks = 17_000_000_000_000_000n;
    for (let i = 0; i < 300; i++) {
      if (rnd(3) === 0) ticks = BigInt(rnd(2 ** 30)) * BigInt(rnd(2 ** 30)) + BigInt(rnd(2 ** 20));
      const e: StoredEvent = {
        ...base,
        position: rnd(3) === 0 ? rnd(200) : rnd(2 ** 30) * 2 ** rnd(24),
        revision: rnd(10) === 0 ? -1 : rnd(2 ** 20),
        id: crypto.randomUUID(),
        createdTicks: ticks,
        data: bytes(rnd(3) === 0 ? 0 : rnd(5000), i),
        customMetadata: bytes(rnd(2) ? 0 : rnd(200), i + 1),
      };
      expect(Buffer.compare(fromRecord(e), Buffer.from(referenceReadEvent(e)))).toBe(0);
    }
  });

  it('refuses what decodeRecord refuses: a flipped byte, a short frame, a length overrunning the record', () => {
    const { position: _, ...record } = base;
    const good = encodeRecord(record);
    const f = newRecordFields();
    const flipped = Buffer.from(good);
    flipped[40] ^= 1;
    expect(scanRecord(flipped, 0, f)).toBe('corrupt');
    expect(scanRecord(good.subarray(0, good.length - 1), 0, f)).toBe('short');
    expect(scanRecord(good.subarray(0, 5), 0, f)).toBe('short');
    const overrun = Buffer.from(good);
    overrun.writeUInt16LE(60_000, 8 + 17); // stream name length
    overrun.writeUInt32LE(crc32(overrun.subarray(8)), 4);
    expect(scanRecord(overrun, 0, f)).toBe('corrupt');
    expect(decodeRecord(overrun, 0, 0).ok).toBe(false);
  });
});

describe('hand-written BatchAppendResp success encoder', () => {
  const cases: Array<[string, string, number, number | undefined]> = [
    ['first revision', 'opinion-1', 0, 16],
    ['unicode stream', 'ý-kiến-🚓', 41, 123_456],
    ['empty stream name', '', 5, 99],
    ['no stream, no position (empty append)', 'nothing', -1, undefined],
    ['revision, no position', 's', 7, undefined],
    ['position 0', 's', 1, 0],
    ['big values near 2^53', 's'.repeat(200), Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
    ['values above 2^32', 's', 2 ** 32 + 1, 2 ** 40 + 3],
  ];
  it.each(cases)('is byte-identical to google-protobuf: %s', (_, stream, revision, position) => {
    const correlation = uuid(crypto.randomUUID());
    const mine = encodeBatchAppendSuccess(correlation.serializeBinary(), stream, revision, position);
    expect(Buffer.compare(mine, Buffer.from(referenceBatchSuccess(correlation, stream, revision, position)))).toBe(0);
  });

  it('echoes a structured correlation id unchanged', () => {
    const correlation = new shared.UUID().setStructured(
      new shared.UUID.Structured().setMostSignificantBits('-1234567890123').setLeastSignificantBits('987654321'),
    );
    const mine = encodeBatchAppendSuccess(correlation.serializeBinary(), 's', 3, 77);
    expect(Buffer.compare(mine, Buffer.from(referenceBatchSuccess(correlation, 's', 3, 77)))).toBe(0);
  });
});

describe('hand-written BatchAppendReq decoder', () => {
  type Msg = { id?: shared.UUID; meta?: Record<string, string>; data?: Uint8Array; custom?: Uint8Array };
  const proposed = (m: Msg): streams.BatchAppendReq.ProposedMessage => {
    const p = new streams.BatchAppendReq.ProposedMessage();
    if (m.id) p.setId(m.id);
    for (const [k, v] of Object.entries(m.meta ?? {})) p.getMetadataMap().set(k, v);
    if (m.data) p.setData(m.data);
    if (m.custom) p.setCustomMetadata(m.custom);
    return p;
  };
  const options = (stream: string | undefined, exp: (o: streams.BatchAppendReq.Options) => void): streams.BatchAppendReq.Options => {
    const o = new streams.BatchAppendReq.Options().setDeadline(Timestamp.fromDate(new Date(1_900_000_000_000)));
    if (stream !== undefined) o.setStreamIdentifier(streamIdentifier(stream));
    exp(o);
    return o;
  };
  const event = (i: number, extra: Partial<Msg> = {}): Msg => ({
    id: uuid(crypto.randomUUID().toUpperCase()),
    meta: { type: `Type-${i}`, 'content-type': 'application/json' },
    data: json({ i, text: 'Ý kiến' }),
    custom: json({ actor: 'x' }),
    ...extra,
  });

  // What the handler used to derive from deserializeBinary().
  function reference(bin: Uint8Array) {
    const req = streams.BatchAppendReq.deserializeBinary(bin);
    const o = req.getOptions();
    let opts;
    if (o) {
      try {
        opts = { stream: streamName(o.getStreamIdentifier()), expected: expectedRevision(o, () => o.getStreamPosition()) };
      } catch {
        opts = undefined;
      }
    }
    const norm = (u: Uint8Array): string => Buffer.from(u).toString('base64');
    return {
      correlationId: uuidString(req.getCorrelationId()),
      correlation: req.getCorrelationId() ? norm(req.getCorrelationId()!.serializeBinary()) : undefined,
      options: opts,
      events: req.getProposedMessagesList().map((m) => {
        const e = proposedEvent(m);
        return { ...e, data: norm(e.data), customMetadata: norm(e.customMetadata) };
      }),
      isFinal: req.getIsFinal(),
    };
  }
  function mine(bin: Uint8Array) {
    const r = decodeBatchAppendReq(bin);
    const norm = (u: Uint8Array): string => Buffer.from(u).toString('base64');
    return {
      correlationId: r.correlationId,
      correlation: r.correlation ? norm(r.correlation) : undefined,
      options: r.options,
      events: r.events.map((e) => ({ ...e, data: norm(e.data), customMetadata: norm(e.customMetadata) })),
      isFinal: r.isFinal,
    };
  }

  const reqs: Array<[string, () => streams.BatchAppendReq]> = [
    ['any, one event, final', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('opinion-1', (o) => o.setAny(new ProtoEmpty())))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['no_stream, unicode stream, empty data/metadata', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('ý-kiến-🚓', (o) => o.setNoStream(new ProtoEmpty())))
        .setProposedMessagesList([proposed(event(1, { data: new Uint8Array(0), custom: new Uint8Array(0) }))]).setIsFinal(true)],
    ['stream_exists, many events, large data', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', (o) => o.setStreamExists(new ProtoEmpty())))
        .setProposedMessagesList([proposed(event(1, { data: bytes(1_000_000) })), proposed(event(2)), proposed(event(3, { meta: { type: 'ü', 'content-type': 'application/octet-stream', extra: 'x' } }))])
        .setIsFinal(true)],
    ['exact revision 0', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', (o) => o.setStreamPosition('0')))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['exact revision near 2^53', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', (o) => o.setStreamPosition('9007199254740993')))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['exact revision 2^64 - 1', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', (o) => o.setStreamPosition('18446744073709551615')))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['no expected-revision case (defaults to exact 0)', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', () => undefined))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['continuation chunk without options, not final', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setProposedMessagesList([proposed(event(1)), proposed(event(2))])],
    ['missing type/content-type and id', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('s', (o) => o.setAny(new ProtoEmpty())))
        .setProposedMessagesList([proposed({ data: bytes(3) })]).setIsFinal(true)],
    ['structured uuids', () => {
      const structured = new shared.UUID().setStructured(
        new shared.UUID.Structured().setMostSignificantBits('-6066820000000000000').setLeastSignificantBits('1234567890123456789'),
      );
      return new streams.BatchAppendReq().setCorrelationId(structured).setOptions(options('s', (o) => o.setAny(new ProtoEmpty())))
        .setProposedMessagesList([proposed(event(1, { id: structured }))]).setIsFinal(true);
    }],
    ['options without stream identifier', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options(undefined, (o) => o.setAny(new ProtoEmpty())))
        .setIsFinal(true)],
    ['empty stream name', () =>
      new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setOptions(options('', (o) => o.setAny(new ProtoEmpty())))
        .setProposedMessagesList([proposed(event(1))]).setIsFinal(true)],
    ['no correlation id', () => new streams.BatchAppendReq().setIsFinal(true)],
  ];

  it.each(reqs)('decodes like deserializeBinary: %s', (_, build) => {
    const bin = build().serializeBinary();
    expect(mine(bin)).toEqual(reference(bin));
  });

  it('flags a missing stream identifier as invalid', () => {
    const bin = new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID()))
      .setOptions(options(undefined, (o) => o.setAny(new ProtoEmpty()))).serializeBinary();
    expect(decodeBatchAppendReq(bin).invalid?.message).toMatch(/Stream identifier/);
  });

  it('skips unknown fields and lets the last oneof member win', () => {
    // options{stream_identifier, any{}, stream_position=5, unknown field 9 (varint), unknown 10 (fixed64)} — built by hand.
    const o = Buffer.concat([
      Buffer.from([0x0a, 0x03, 0x1a, 0x01, 0x73]),
      Buffer.from([0x22, 0x00, 0x10, 0x05, 0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8]),
    ]);
    const corr = uuid('abc').serializeBinary();
    const bin = Buffer.concat([Buffer.from([0x0a, corr.length]), corr, Buffer.from([0x12, o.length]), o, Buffer.from([0x20, 0x01])]);
    expect(mine(bin)).toEqual(reference(bin));
    expect(decodeBatchAppendReq(bin).options?.expected).toEqual({ kind: 'exact', revision: 5n });
  });

  it('rejects truncated input', () => {
    const bin = new streams.BatchAppendReq().setCorrelationId(uuid(crypto.randomUUID())).setProposedMessagesList([proposed(event(1))]).serializeBinary();
    expect(() => decodeBatchAppendReq(bin.subarray(0, bin.length - 3))).toThrow();
  });
});

describe('varints', () => {
  it.each([0, 1, 127, 128, 16383, 16384, 2 ** 28 - 1, 2 ** 28, 2 ** 32 - 1, 2 ** 32, 2 ** 35, 2 ** 49, 2 ** 53 - 1, 2 ** 53])('sizes and writes %d like bigint', (v) => {
    const a = Buffer.alloc(10);
    const b = Buffer.alloc(10);
    const n = writeVarint(a, 0, v);
    expect(n).toBe(varintSize(v));
    expect(writeVarint(b, 0, BigInt(v))).toBe(n);
    expect(a).toEqual(b);
  });
});
