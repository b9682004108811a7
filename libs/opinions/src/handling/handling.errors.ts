/** `If-Match` named a revision the stream is not at (HTTP 412). */
export class RevisionMismatchError extends Error {
  readonly code = 'REVISION_MISMATCH';
  constructor(readonly stream: string, readonly expected: bigint, readonly actual: bigint | undefined) {
    super(`${stream} is at revision ${actual ?? 'none'}, If-Match expected ${expected}`);
    this.name = 'RevisionMismatchError';
  }
}

/** Another command changed the stream between load and append, and the caller set no `If-Match` (HTTP 409). */
export class ConcurrentModificationError extends Error {
  readonly code = 'CONCURRENT_MODIFICATION';
  constructor(readonly stream: string) {
    super(`${stream} was changed by another command while this one was being decided; reload and retry`);
    this.name = 'ConcurrentModificationError';
  }
}

/** The same idempotency key was used before for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly stream: string) {
    super(`This Idempotency-Key was already used for a different request on ${stream}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The command targets an aggregate whose stream does not exist (HTTP 404). */
export class AggregateNotFoundError extends Error {
  readonly code = 'AGGREGATE_NOT_FOUND';
  constructor(readonly stream: string) {
    super(`${stream} does not exist`);
    this.name = 'AggregateNotFoundError';
  }
}
