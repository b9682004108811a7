/** The expected revision did not match the stream (optimistic concurrency). */
export class RevisionConflictError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Stream ${stream} is at revision ${actual}, expected ${expected}`);
    this.name = 'RevisionConflictError';
  }
}

/** EventStoreDB could not be reached or refused service; the caller may retry later. */
export class EventStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`EventStoreDB is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The stream was tombstoned and can never be written again. */
export class StreamGoneError extends Error {
  constructor(readonly stream: string) {
    super(`Stream ${stream} is deleted`);
    this.name = 'StreamGoneError';
  }
}
