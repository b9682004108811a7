/** Injection tokens of the read side. */
export const READ_DB = Symbol('READ_DB');
export const READ_MONGO_CLIENT = Symbol('READ_MONGO_CLIENT');
/** The in-process `Projector`, or null when a separate projector process keeps the read models. */
export const PROJECTOR = Symbol('PROJECTOR');
/** `() => Date`: the clock queries compute overdue and ages with. */
export const READ_CLOCK = Symbol('READ_CLOCK');

/** How long a query with `minPosition` waits for the projector before answering 503 + Retry-After. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 3000;
