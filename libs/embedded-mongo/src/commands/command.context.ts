import { Doc } from '../bson/bson-value';
import { MongoCommandError } from '../mongo.errors';
import { CatalogStore } from '../storage/catalog.store';
import { CursorRegistry } from './cursor.registry';

/** State shared by every connection of one node. */
export interface NodeState {
  readonly catalog: CatalogStore;
  readonly cursors: CursorRegistry;
}

/** One command as dispatched: target database, the merged command document, the node. */
export interface CommandContext {
  readonly db: string;
  readonly cmd: Doc;
  readonly node: NodeState;
  readonly connectionId: number;
}

/** Returns the reply body; `ok: 1` is added by the router. Throws MongoCommandError to fail. */
export type CommandHandler = (ctx: CommandContext) => Doc;

/** The collection name a command addresses (its first field), validated as a string. */
export function collectionArg(ctx: CommandContext): string {
  const name = Object.values(ctx.cmd)[0];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError(73, 'InvalidNamespace', `Invalid namespace specified '${ctx.db}.${String(name)}'`);
  }
  return name;
}
