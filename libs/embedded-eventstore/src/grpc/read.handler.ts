import type { ServerWritableStream, ServiceError } from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { EventStoreEngine, ReadMapping } from '../engine/event-store.engine';
import { firstReadableRevision, isSoftDeleted } from '../engine/stream-index';
import type { StoredEvent } from '../storage/event-record.codec';
import { CallWriter } from './call-writer';
import { rpcError, streamDeleted, toRpcError } from './grpc-errors';
import { streams } from './proto';
import { subscribe } from './subscription.handler';
import { encodeReadEvent, encodeReadEventFromRecord } from './wire.codec';
import { revision, streamIdentifier, streamName } from './wire.mapping';

/** `$all` pages come encoded: records read from the file are copied into ReadResp bytes without decoding. */
const encoded: ReadMapping<Buffer> = { fromEvent: encodeReadEvent, fromRecord: encodeReadEventFromRecord };

type ReadCall = ServerWritableStream<streams.ReadReq, streams.ReadResp>;
const PAGE = 512;

/** `Streams.Read`: stream and `$all` reads, and subscriptions (`count_option = subscription`). */
export function readHandler(engine: EventStoreEngine) {
  return (call: ReadCall): void => {
    const out = new CallWriter(call);
    const run = async (): Promise<void> => {
      const options = call.request.getOptions();
      if (!options) throw rpcError(grpcStatus.INVALID_ARGUMENT, 'options are required');
      if (options.hasSubscription()) return subscribe(engine, options, out);
      const backwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS;
      const countText = options.getCount() || '0';
      const count = Math.min(Number(revision(countText)), Number.MAX_SAFE_INTEGER);
      if (options.hasStream()) await readStream(engine, options.getStream()!, backwards, count, out);
      else if (options.hasAll()) await readAll(engine, options.getAll()!, backwards, count, out);
      else throw rpcError(grpcStatus.INVALID_ARGUMENT, 'stream or all is required');
      if (!out.cancelled) call.end();
    };
    run().catch((err: unknown) => {
      if (out.cancelled) return;
      const e = typeof err === 'object' && err !== null && 'code' in err ? err : toRpcError(err);
      call.emit('error', e as ServiceError);
    });
  };
}

async function readStream(
  engine: EventStoreEngine,
  o: streams.ReadReq.Options.StreamOptions,
  backwards: boolean,
  count: number,
  out: CallWriter,
): Promise<void> {
  const name = streamName(o.getStreamIdentifier());
  const s = engine.stream(name);
  if (s?.tombstoned) throw streamDeleted(name);
  const last = s ? engine.lastVisibleRevision(s) : -1;
  if (!s || last < 0 || isSoftDeleted(s)) {
    const nf = new streams.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name));
    await out.send(new streams.ReadResp().setStreamNotFound(nf));
    return;
  }
  const first = Math.max(firstReadableRevision(s), 0);
  const minCreated = s.meta?.maxAge !== undefined ? BigInt(Date.now() - s.meta.maxAge * 1000) * 10_000n : undefined;
  const RevisionCase = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
  let from = 0;
  if (o.getRevisionOptionCase() === RevisionCase.REVISION) from = Number(revision(o.getRevision()));
  else if (o.getRevisionOptionCase() === RevisionCase.END) from = backwards ? last : last + 1;
  let r = backwards ? Math.min(from, last) : Math.max(from, first);
  let sent = 0;
  while (sent < count && r >= first && r <= last && !out.cancelled) {
    // Small counts (e.g. "last event") read only what they need; $maxAge may skip, so then whole pages.
    const want = minCreated === undefined ? Math.min(PAGE, count - sent) : PAGE;
    const lo = backwards ? Math.max(first, r - want + 1) : r;
    const hi = backwards ? r : Math.min(last, r + want - 1);
    const page = await engine.readSeqs(s.events.slice(lo, hi + 1));
    if (page.length === 0) return;
    if (backwards) page.reverse();
    for (const e of page) {
      if (sent >= count || out.cancelled) return;
      if (minCreated !== undefined && e.createdTicks < minCreated) continue;
      sent++;
      const wait = out.sendEvent(e);
      if (wait) await wait;
    }
    r = backwards ? lo - 1 : hi + 1;
  }
}

async function readAll(
  engine: EventStoreEngine,
  o: streams.ReadReq.Options.AllOptions,
  backwards: boolean,
  count: number,
  out: CallWriter,
): Promise<void> {
  const visible = engine.visibleCount;
  const AllCase = streams.ReadReq.Options.AllOptions.AllOptionCase;
  let seq: number;
  switch (o.getAllOptionCase()) {
    case AllCase.POSITION: {
      const p = Number(revision(o.getPosition()?.getCommitPosition() || '0'));
      // Forwards is inclusive of `p`; backwards starts just before it (AllReader).
      seq = lowerBound(engine.index.positions, visible, p) - (backwards ? 1 : 0);
      break;
    }
    case AllCase.END:
      seq = backwards ? visible - 1 : visible;
      break;
    default:
      seq = backwards ? -1 : 0;
  }
  let remaining = count;
  while (remaining > 0 && !out.cancelled) {
    let page: Buffer[];
    if (backwards) {
      if (seq < 0) return;
      page = (await engine.readSeqBackwardMapped(Math.max(0, seq + 1 - Math.min(PAGE, remaining)), seq + 1, encoded)).reverse();
      seq -= page.length;
    } else {
      if (seq >= visible) return;
      page = await engine.readSeqMapped(seq, Math.min(visible, seq + Math.min(PAGE, remaining)), encoded);
      seq += page.length;
    }
    for (const msg of page) {
      const wait = out.send(msg);
      if (wait) await wait;
    }
    remaining -= page.length;
  }
}

/** First global sequence whose position is ≥ `p`. */
export function lowerBound(positions: number[], size: number, p: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
