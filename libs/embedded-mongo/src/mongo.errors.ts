/**
 * A command failure answered as `{ok: 0, errmsg, code, codeName}`.
 * Codes follow mongod; never use the SDAM/retryable codes (the driver would clear its pool).
 */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string) => new MongoCommandError(2, 'BadValue', msg);
export const failedToParse = (msg: string) => new MongoCommandError(9, 'FailedToParse', msg);
export const typeMismatch = (msg: string) => new MongoCommandError(14, 'TypeMismatch', msg);
export const namespaceNotFound = (msg: string) => new MongoCommandError(26, 'NamespaceNotFound', msg);
export const namespaceExists = (msg: string) => new MongoCommandError(48, 'NamespaceExists', msg);
export const immutableField = (msg: string) => new MongoCommandError(66, 'ImmutableField', msg);

/**
 * Maps mingo's exceptions onto the codes mongod uses for the same mistakes,
 * so callers see `unknown operator` as BadValue rather than a crash.
 */
export function fromMingoError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  let m = /unknown query operator (\$\w+)/i.exec(msg);
  if (m) return badValue(`unknown operator: ${m[1]}`);
  m = /unregistered pipeline operator (\$\w+)/i.exec(msg);
  if (m) return new MongoCommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${m[1]}'`);
  m = /(?:accumulator|operator) '?(\$\w+)'? is not registered/i.exec(msg);
  if (m) return new MongoCommandError(168, 'InvalidPipelineOperator', `Unrecognized expression '${m[1]}'`);
  m = /Unknown update operator: '(\$?\w+)'/i.exec(msg);
  if (m) return unknownModifier(m[1]);
  if (/would modify the immutable field '_id'/.test(msg)) return immutableField(msg.replace(/\.$/, ''));
  return badValue(msg);
}

export const unknownModifier = (name: string) =>
  failedToParse(`Unknown modifier: ${name}. Expected a valid update modifier or pipeline-style update specified as an array`);
