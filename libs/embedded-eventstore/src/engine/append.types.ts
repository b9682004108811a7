/** Expected stream revision as the client sends it. */
export type ExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'exact'; revision: bigint };

/** One event proposed by the client. */
export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

/** Outcome of an append, delete or tombstone that the transport maps onto the wire. */
export type WriteResult =
  | { kind: 'ok'; revision: number; position: number | undefined }
  | { kind: 'wrong_expected_version'; current: number; expected: ExpectedRevision }
  | { kind: 'stream_deleted' };

/** Default `MaxAppendSize` of the server. */
export const MAX_APPEND_SIZE = 1_048_576;

/** Request errors found before anything is written. */
export class InvalidAppendError extends Error {
  constructor(
    readonly reason: 'max-append-size' | 'missing-metadata' | 'invalid-stream' | 'invalid-id',
    message: string,
  ) {
    super(message);
  }
}

/** Raised to callers once the node is stopping or its log failed; maps to UNAVAILABLE. */
export class NodeUnavailableError extends Error {}

/** Size of an append as the server counts it: data + metadata + 2 × type length per event. */
export function appendSize(events: ProposedEvent[]): number {
  let size = 0;
  for (const e of events) size += eventSize(e);
  return size;
}

/** One event's part of {@link appendSize}. */
export function eventSize(e: ProposedEvent): number {
  return e.data.length + e.customMetadata.length + 2 * e.type.length;
}

/** Checks what the server checks before writing; throws {@link InvalidAppendError}. */
export function validateAppend(stream: string, events: ProposedEvent[]): void {
  if (stream.length === 0) throw new InvalidAppendError('invalid-stream', 'Stream name must not be empty');
  for (const e of events) {
    if (!e.type || !e.contentType) throw new InvalidAppendError('missing-metadata', 'Events need type and content-type');
    if (!e.id) throw new InvalidAppendError('invalid-id', 'Events need an id');
  }
  if (appendSize(events) > MAX_APPEND_SIZE) {
    throw new InvalidAppendError('max-append-size', `Append exceeds ${MAX_APPEND_SIZE} bytes`);
  }
}
