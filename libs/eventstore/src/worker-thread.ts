import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The tests' swc hook: lets a worker thread run the TypeScript sources (jest's transform does not reach threads). */
const TS_HOOK = path.resolve(__dirname, '../../testing/src/ts-hook.js');

/**
 * Starts the worker script `name` that sits beside the module `from` (its `__filename`): from the
 * build, the compiled script; from the TypeScript sources (jest), the .ts through the swc hook.
 */
export function startWorkerThread(from: string, name: string, workerData: unknown): Worker {
  const extension = path.extname(from);
  return new Worker(path.join(path.dirname(from), `${name}${extension}`), {
    workerData,
    execArgv: extension === '.ts' ? ['--require', TS_HOOK] : undefined,
  });
}

/** An error as it crosses from a thread: structured clone would drop its class and its own fields. */
export interface ThreadError {
  name: string;
  message: string;
  /** Its own primitive fields (a client error's `type`, a conflict's revisions). */
  fields?: Record<string, string | number | boolean | bigint>;
}

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = Object.fromEntries(Object.entries(error).filter(([, value]) => ['string', 'number', 'boolean', 'bigint'].includes(typeof value)));
  return { name: error.name, message: error.message, fields };
}

/**
 * The error again on this side, with its message and fields, and of its class when it is one of
 * `classes` (by name), so `instanceof` checks and error mappings behave as if it had been thrown here.
 */
export function fromThreadError({ name, message, fields }: ThreadError, classes: ReadonlyArray<abstract new (...args: never[]) => Error> = []): Error {
  const error = Object.assign(new Error(message), fields);
  if (error.name !== name) error.name = name;
  const known = classes.find((type) => type.name === name);
  if (known) Object.setPrototypeOf(error, known.prototype);
  return error;
}
