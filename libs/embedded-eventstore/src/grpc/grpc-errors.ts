import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InvalidAppendError, MAX_APPEND_SIZE, NodeUnavailableError, type ExpectedRevision } from '../engine/append.types';

/** A gRPC error carrying the trailers the client keys its error types on (`exception`, …). */
export function rpcError(code: status, details: string, trailers: Record<string, string> = {}): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(trailers)) metadata.set(k, v);
  return { code, details, metadata };
}

export const streamDeleted = (stream: string): Partial<ServiceError> =>
  rpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });

/** Expected-version trailers as on delete/tombstone; `-1` is how the server spells "no stream". */
export const wrongExpectedVersion = (stream: string, expected: ExpectedRevision, current: number): Partial<ServiceError> =>
  rpcError(status.FAILED_PRECONDITION, `Append failed due to WrongExpectedVersion. Stream: ${stream}`, {
    exception: 'wrong-expected-version',
    'stream-name': stream,
    'expected-version': expectedNumber(expected),
    'actual-version': String(current),
  });

export const unavailable = (): Partial<ServiceError> => rpcError(status.UNAVAILABLE, 'Server Is Not Ready');

/** Server constants for the symbolic expected revisions. */
export function expectedNumber(expected: ExpectedRevision): string {
  switch (expected.kind) {
    case 'any':
      return '-2';
    case 'no_stream':
      return '-1';
    case 'stream_exists':
      return '-4';
    case 'exact':
      return expected.revision.toString();
  }
}

/** Maps validation and availability errors; anything else is a bug surfaced as INTERNAL, never a crash. */
export function toRpcError(err: unknown): Partial<ServiceError> {
  if (err instanceof NodeUnavailableError) return unavailable();
  if (err instanceof InvalidAppendError) {
    switch (err.reason) {
      case 'max-append-size':
        return rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${MAX_APPEND_SIZE} Exceeded.`, {
          exception: 'maximum-append-size-exceeded',
          'maximum-append-size': String(MAX_APPEND_SIZE),
        });
      case 'missing-metadata':
        return rpcError(status.INVALID_ARGUMENT, 'Required metadata properties are missing.', {
          exception: 'missing-required-metadata-property',
          'required-metadata-properties': 'type,content-type',
        });
      default:
        return rpcError(status.INVALID_ARGUMENT, err.message);
    }
  }
  return rpcError(status.INTERNAL, err instanceof Error ? err.message : 'Internal error');
}
