import { status as grpcStatus } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store.engine';
import { firstReadableRevision } from '../engine/stream-index';
import type { StoredEvent } from '../storage/event-record.codec';
import type { CallWriter } from './call-writer';
import { rpcError, streamDeleted } from './grpc-errors';
import { streams } from './proto';
import { lowerBound } from './read.handler';
import { revision, streamName } from './wire.mapping';

type Options = streams.ReadReq.Options;
const PAGE = 256;
/** Server default `maxSearchWindow`. */
const DEFAULT_WINDOW = 32;

/**
 * Catch-up then live subscription. Every event is read from the log through a cursor, so a
 * slow consumer only delays its own cursor (no live buffer to overflow) and falling behind is
 * just more catch-up. The call is never finished with OK: it ends when the client cancels or
 * the node shuts down (CANCELLED).
 */
export async function subscribe(engine: EventStoreEngine, options: Options, out: CallWriter): Promise<void> {
  const stream = options.hasStream() ? options.getStream()! : undefined;
  const filter = options.hasFilter() ? compileFilter(options.getFilter()!) : undefined;
  const name = stream ? streamName(stream.getStreamIdentifier()) : undefined;
  if (name !== undefined && engine.stream(name)?.tombstoned) throw streamDeleted(name);
  const confirmation = new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(crypto.randomUUID());
  await out.send(new streams.ReadResp().setConfirmation(confirmation));
  const caughtUp = (): Promise<void> | undefined => out.send(new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()));
  if (name !== undefined) return subscribeStream(engine, name, stream!, out, caughtUp);
  return subscribeAll(engine, options.getAll()!, filter, out, caughtUp);
}

async function idle(engine: EventStoreEngine, seen: number, out: CallWriter): Promise<void> {
  await Promise.race([engine.waitForEvents(seen), out.whenCancelled]);
}

async function subscribeStream(
  engine: EventStoreEngine,
  name: string,
  o: streams.ReadReq.Options.StreamOptions,
  out: CallWriter,
  caughtUp: () => Promise<void> | undefined,
): Promise<void> {
  const Case = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
  const initial = engine.stream(name);
  let next = 0;
  if (o.getRevisionOptionCase() === Case.REVISION) next = Number(revision(o.getRevision())) + 1;
  else if (o.getRevisionOptionCase() === Case.END) next = initial ? engine.lastVisibleRevision(initial) + 1 : 0;
  let live = false;
  while (!out.cancelled && !engine.isStopping) {
    const seen = engine.visibleCount;
    const s = engine.stream(name);
    if (s?.tombstoned) throw streamDeleted(name);
    const last = s ? engine.lastVisibleRevision(s) : -1;
    if (s && next <= last) {
      next = Math.max(next, firstReadableRevision(s));
      const to = Math.min(last, next + PAGE - 1);
      const page = await engine.readSeqs(s.events.slice(next, to + 1));
      for (const e of page) {
        if (out.cancelled) return;
        next++;
        const wait = out.sendEvent(e);
        if (wait) await wait;
      }
      if (page.length > 0) continue;
    }
    if (!live) {
      live = true;
      await caughtUp();
    }
    await idle(engine, seen, out);
  }
}

async function subscribeAll(
  engine: EventStoreEngine,
  o: streams.ReadReq.Options.AllOptions,
  filter: CompiledFilter | undefined,
  out: CallWriter,
  caughtUp: () => Promise<void> | undefined,
): Promise<void> {
  const Case = streams.ReadReq.Options.AllOptions.AllOptionCase;
  const positions = engine.index.positions;
  let seq = 0;
  if (o.getAllOptionCase() === Case.END) seq = engine.visibleCount;
  else if (o.getAllOptionCase() === Case.POSITION) {
    // Exclusive start: the first event strictly after the given position.
    const p = Number(revision(o.getPosition()?.getCommitPosition() || '0'));
    seq = lowerBound(positions, engine.visibleCount, p + 1);
  }
  let scanned = 0;
  let live = false;
  const checkpoint = (position: number): Promise<void> | undefined => {
    const cp = new streams.ReadResp.Checkpoint().setCommitPosition(String(position)).setPreparePosition(String(position));
    return out.send(new streams.ReadResp().setCheckpoint(cp));
  };
  while (!out.cancelled && !engine.isStopping) {
    const seen = engine.visibleCount;
    if (seq < seen) {
      const page: StoredEvent[] = await engine.readSeq(seq, Math.min(seen, seq + PAGE));
      for (const e of page) {
        if (out.cancelled) return;
        seq++;
        scanned++;
        let wait = !filter || filter.matches(e) ? out.sendEvent(e) : undefined;
        if (wait) await wait;
        // Checkpoints count events scanned, not matched, like the server's filtered enumerator.
        if (filter && scanned % filter.interval === 0) wait = checkpoint(e.position);
        if (wait) await wait;
      }
      continue;
    }
    if (!live) {
      live = true;
      if (filter && seq > 0) await checkpoint(positions[seq - 1]);
      await caughtUp();
    }
    await idle(engine, seen, out);
  }
}

interface CompiledFilter {
  matches(e: StoredEvent): boolean;
  interval: number;
}

/** Prefixes match with StartsWith; a regex is unanchored like .NET `Regex.IsMatch`; regex wins when set. */
function compileFilter(f: streams.ReadReq.Options.FilterOptions): CompiledFilter {
  const byStream = f.hasStreamIdentifier();
  const expr = byStream ? f.getStreamIdentifier() : f.getEventType();
  if (!expr) throw rpcError(grpcStatus.INVALID_ARGUMENT, 'filter needs stream_identifier or event_type');
  const field = byStream ? (e: StoredEvent): string => e.stream : (e: StoredEvent): string => e.type;
  const window = f.hasMax() && f.getMax() > 0 ? f.getMax() : DEFAULT_WINDOW;
  const interval = Math.max(1, f.getCheckpointintervalmultiplier() || 1) * window;
  const source = expr.getRegex();
  if (source) {
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch {
      throw rpcError(grpcStatus.INVALID_ARGUMENT, `Invalid filter regex '${source}'`);
    }
    return { interval, matches: (e) => re.test(field(e)) };
  }
  const prefixes = expr.getPrefixList();
  return { interval, matches: (e) => prefixes.some((p) => field(e).startsWith(p)) };
}
