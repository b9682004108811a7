import type { sendUnaryData, ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store.engine';
import { streamDeleted, toRpcError, wrongExpectedVersion } from './grpc-errors';
import { shared, streams } from './proto';
import { expectedRevision, streamName } from './wire.mapping';

type Req = streams.DeleteReq | streams.TombstoneReq;

/** `Streams.Delete` (soft, `$tb` in the metastream) and `Streams.Tombstone` (permanent); errors as trailers. */
export function deleteHandler<R extends Req, S extends streams.DeleteResp | streams.TombstoneResp>(
  engine: EventStoreEngine,
  op: 'delete' | 'tombstone',
) {
  return (call: ServerUnaryCall<R, S>, callback: sendUnaryData<S>): void => {
    const fail = (err: unknown): void => callback(('code' in (err as object) ? err : toRpcError(err)) as ServiceError);
    try {
      const options = call.request.getOptions();
      if (!options) throw new Error('options are required');
      const name = streamName(options.getStreamIdentifier());
      const expected = expectedRevision(options, () => options.getRevision());
      engine.write(op, name, expected).then((r) => {
        if (r.kind === 'stream_deleted') return fail(streamDeleted(name));
        if (r.kind === 'wrong_expected_version') return fail(wrongExpectedVersion(name, expected, r.current));
        const resp = op === 'delete' ? new streams.DeleteResp() : new streams.TombstoneResp();
        if (r.position === undefined) resp.setNoPosition(new shared.Empty());
        else {
          const p = String(r.position);
          const pos = op === 'delete' ? new streams.DeleteResp.Position() : new streams.TombstoneResp.Position();
          pos.setCommitPosition(p).setPreparePosition(p);
          (resp as streams.DeleteResp).setPosition(pos as streams.DeleteResp.Position);
        }
        callback(null, resp as S);
      }, fail);
    } catch (err) {
      fail(err);
    }
  };
}
