import type { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServiceError } from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  eventSize,
  InvalidAppendError,
  MAX_APPEND_SIZE,
  type ExpectedRevision,
  type ProposedEvent,
  type WriteResult,
} from '../engine/append.types';
import type { EventStoreEngine } from '../engine/event-store.engine';
import { batchWrites, directWriter } from './batched-writes';
import { rpcError, streamDeleted, toRpcError } from './grpc-errors';
import { Any, ProtoEmpty, shared, status, streams } from './proto';
import { readDirectly } from './direct-reads';
import { decodeBatchAppendReq, encodeBatchAppendSuccess, type BatchAppendRequest } from './wire.codec';
import { expectedRevision, proposedEvent, streamIdentifier, streamName } from './wire.mapping';

const emptyShared = (): shared.Empty => new shared.Empty();

/** `Streams.Append` (client streaming): options first, then events; conflicts are a reply body. */
export function appendHandler(engine: EventStoreEngine) {
  return (call: ServerReadableStream<streams.AppendReq, streams.AppendResp>, callback: sendUnaryData<streams.AppendResp>) => {
    let stream: string | undefined;
    let expected: ExpectedRevision | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      callback(toRpcError(err) as ServiceError);
    };
    call.on('data', (req: streams.AppendReq) => {
      if (failed) return;
      try {
        const options = req.getOptions();
        if (options) {
          stream = streamName(options.getStreamIdentifier());
          expected = expectedRevision(options, () => options.getRevision());
          return;
        }
        const m = req.getProposedMessage();
        if (!m || stream === undefined) throw new InvalidAppendError('invalid-stream', 'Options must come first');
        const event = proposedEvent(m);
        size += eventSize(event);
        // Stop buffering as soon as the limit is crossed rather than holding an unbounded append.
        if (size > MAX_APPEND_SIZE) throw new InvalidAppendError('max-append-size', 'too big');
        events.push(event);
      } catch (err) {
        fail(err);
      }
    });
    call.on('error', () => {
      failed = true;
    });
    call.on('end', () => {
      if (failed) return;
      if (stream === undefined || expected === undefined) return fail(new InvalidAppendError('invalid-stream', 'No options sent'));
      const name = stream;
      const exp = expected;
      engine.write('append', name, exp, events).then(
        (r) => (r.kind === 'stream_deleted' ? callback(streamDeleted(name) as ServiceError) : callback(null, appendResp(r))),
        fail,
      );
    });
  };
}

function appendResp(r: Exclude<WriteResult, { kind: 'stream_deleted' }>): streams.AppendResp {
  const resp = new streams.AppendResp();
  if (r.kind === 'ok') {
    const s = new streams.AppendResp.Success();
    if (r.revision < 0) s.setNoStream(emptyShared());
    else s.setCurrentRevision(String(r.revision));
    if (r.position === undefined) s.setNoPosition(emptyShared());
    else s.setPosition(new streams.AppendResp.Position().setCommitPosition(String(r.position)).setPreparePosition(String(r.position)));
    return resp.setSuccess(s);
  }
  const w = new streams.AppendResp.WrongExpectedVersion();
  if (r.current < 0) w.setCurrentNoStream(emptyShared()).setNoStream2060(emptyShared());
  else w.setCurrentRevision(String(r.current)).setCurrentRevision2060(r.current);
  switch (r.expected.kind) {
    case 'any':
      w.setExpectedAny(emptyShared()).setAny2060(emptyShared());
      break;
    case 'stream_exists':
      w.setExpectedStreamExists(emptyShared()).setStreamExists2060(emptyShared());
      break;
    case 'no_stream':
      // The deprecated 20.6 oneof has no no_stream case.
      w.setExpectedNoStream(emptyShared());
      break;
    case 'exact':
      w.setExpectedRevision(r.expected.revision.toString()).setExpectedRevision2060(Number(r.expected.revision));
      break;
  }
  return resp.setWrongExpectedVersion(w);
}

type Pending = { stream: string; expected: ExpectedRevision; events: ProposedEvent[]; size: number };

/**
 * `Streams.BatchAppend` (bidirectional, one long-lived call per client channel): chunks are
 * gathered per correlation id; exactly one reply per id; failures are `google.rpc.Status`
 * replies and the call stays open. Requests arrive decoded by hand ({@link decodeBatchAppendReq}
 * via NodeStreamsService) and success replies leave pre-encoded; errors use the generated classes.
 */
export function batchAppendHandler(engine: EventStoreEngine) {
  return (call: ServerDuplexStream<BatchAppendRequest, Buffer | streams.BatchAppendResp>) => {
    const direct = directWriter(call);
    if (!direct) batchWrites(call);
    const pending = new Map<string, Pending>();
    let closed = false;
    // Replies of one group commit are settled in one microtask run: corked until it ends, they
    // leave in a single HTTP/2 write (see batchWrites) instead of one write plus a batch of the rest.
    let corked = false;
    const uncork = (): void => {
      corked = false;
      call.uncork();
    };
    const reply = (resp: Buffer | streams.BatchAppendResp): void => {
      if (closed) return;
      if (direct) return direct.send(Buffer.isBuffer(resp) ? resp : Buffer.from(resp.serializeBinary()));
      if (!corked) {
        corked = true;
        call.cork();
        process.nextTick(uncork);
      }
      call.write(resp);
    };
    call.on('error', () => {
      closed = true;
    });
    call.on('cancelled', () => {
      closed = true;
    });
    call.on('end', () => {
      closed = true;
      direct?.flush();
      call.end();
    });
    // Ids whose append was already answered with an error: their remaining chunks are ignored.
    const rejected = new Set<string>();
    const onRequest = (req: BatchAppendRequest): void => {
      const correlation = req.correlation;
      if (!correlation) {
        closed = true;
        call.emit('error', rpcError(grpcStatus.INVALID_ARGUMENT, 'correlation_id is required'));
        return;
      }
      const key = req.correlationId;
      if (rejected.has(key)) {
        if (req.isFinal) rejected.delete(key);
        return;
      }
      let entry = pending.get(key);
      try {
        if (!entry) {
          if (req.invalid) throw req.invalid;
          if (!req.options) throw new InvalidAppendError('invalid-stream', 'The first chunk must carry options');
          entry = { stream: req.options.stream, expected: req.options.expected, events: [], size: 0 };
          pending.set(key, entry);
        }
        for (const event of req.events) {
          entry.size += eventSize(event);
          if (entry.size > MAX_APPEND_SIZE) throw new InvalidAppendError('max-append-size', 'too big');
          entry.events.push(event);
        }
      } catch (err) {
        pending.delete(key);
        if (!req.isFinal) rejected.add(key);
        return reply(errorReply(correlation, entry?.stream ?? '', errorStatus(err)));
      }
      if (!req.isFinal) return;
      pending.delete(key);
      const e = entry;
      engine.write('append', e.stream, e.expected, e.events).then(
        (r) =>
          reply(
            r.kind === 'ok'
              ? encodeBatchAppendSuccess(correlation, e.stream, r.revision, r.position)
              : errorReply(correlation, e.stream, resultStatus(r, e.stream)),
          ),
        (err: unknown) => reply(errorReply(correlation, e.stream, errorStatus(err))),
      );
    };
    if (!readDirectly(call, decodeBatchAppendReq, onRequest)) call.on('data', onRequest);
  };
}

function errorReply(correlation: Uint8Array, stream: string, error: status.Status): streams.BatchAppendResp {
  return (
    new streams.BatchAppendResp()
      .setCorrelationId(shared.UUID.deserializeBinary(correlation))
      // Always name the stream: the client reads it without a null check.
      .setStreamIdentifier(streamIdentifier(stream))
      .setError(error)
  );
}

function packed(code: number, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string): status.Status {
  const any = new Any();
  any.pack(detail.serializeBinary(), typeName, 'type.googleapis.com/');
  return new status.Status().setCode(code).setMessage(message).setDetails(any);
}

function resultStatus(r: Exclude<WriteResult, { kind: 'ok' }>, stream: string): status.Status {
  if (r.kind === 'stream_deleted') {
    const d = new shared.StreamDeleted().setStreamIdentifier(streamIdentifier(stream));
    return packed(grpcStatus.NOT_FOUND, `Event stream '${stream}' is deleted.`, d, 'event_store.client.StreamDeleted');
  }
  const w = new shared.WrongExpectedVersion();
  if (r.current < 0) w.setCurrentNoStream(new ProtoEmpty());
  else w.setCurrentStreamRevision(String(r.current));
  const exp = r.expected;
  if (exp.kind === 'any') w.setExpectedAny(new ProtoEmpty());
  else if (exp.kind === 'no_stream') w.setExpectedNoStream(new ProtoEmpty());
  else if (exp.kind === 'stream_exists') w.setExpectedStreamExists(new ProtoEmpty());
  else w.setExpectedStreamPosition(exp.revision.toString());
  return packed(grpcStatus.ALREADY_EXISTS, 'WrongExpectedVersion', w, 'event_store.client.WrongExpectedVersion');
}

function errorStatus(err: unknown): status.Status {
  if (err instanceof InvalidAppendError && err.reason === 'max-append-size') {
    const d = new shared.MaximumAppendSizeExceeded().setMaxappendsize(MAX_APPEND_SIZE);
    return packed(grpcStatus.INVALID_ARGUMENT, 'Maximum Append Size Exceeded', d, 'event_store.client.MaximumAppendSizeExceeded');
  }
  if (err instanceof InvalidAppendError) {
    const d = new shared.BadRequest().setMessage(err.message);
    return packed(grpcStatus.INVALID_ARGUMENT, err.message, d, 'event_store.client.BadRequest');
  }
  const rpc = toRpcError(err);
  return packed(rpc.code ?? grpcStatus.UNKNOWN, rpc.details ?? 'error', new shared.Unknown(), 'event_store.client.Unknown');
}
