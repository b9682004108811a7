import { Doc } from '../bson/bson-value';
import { fromMingoError, MongoCommandError } from '../mongo.errors';
import { adminCommands } from './admin.commands';
import { aggregateCommands } from './aggregate.command';
import { catalogCommands } from './catalog.commands';
import { CommandContext, CommandHandler, NodeState } from './command.context';
import { findAndModifyCommands } from './find-and-modify.command';
import { readCommands } from './read.commands';
import { writeCommands } from './write.commands';

const HANDLERS: Record<string, CommandHandler> = {
  ...adminCommands,
  ...catalogCommands,
  ...readCommands,
  ...writeCommands,
  ...aggregateCommands,
  ...findAndModifyCommands,
};

/**
 * Runs one command and always returns a reply body: handler result with `ok: 1`,
 * or `{ok: 0, errmsg, code, codeName}`.
 */
export function runCommand(node: NodeState, cmd: Doc, connectionId: number): Doc {
  const name = Object.keys(cmd)[0];
  try {
    const db = cmd.$db;
    if (typeof db !== 'string' || db.length === 0) throw new MongoCommandError(40571, 'Location40571', 'OP_MSG requests require a $db argument');
    // A standalone mongod refuses every transaction or retryable-write number.
    if (cmd.txnNumber !== undefined) {
      throw new MongoCommandError(20, 'IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = name === undefined || !Object.hasOwn(HANDLERS, name) ? undefined : HANDLERS[name];
    if (!handler) throw new MongoCommandError(59, 'CommandNotFound', `no such command: '${name ?? ''}'`);
    const ctx: CommandContext = { db, cmd, node, connectionId };
    return { ...handler(ctx), ok: 1 };
  } catch (err) {
    return toErrorReply(err);
  }
}

export function toErrorReply(err: unknown): Doc {
  if (err instanceof MongoCommandError) return err.toReply();
  // Programming errors in a handler become an ordinary command failure; the node stays up.
  return fromMingoError(err).toReply();
}
