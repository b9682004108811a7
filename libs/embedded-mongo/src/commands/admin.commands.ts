import { Doc } from '../bson/bson-value';
import { CommandContext, CommandHandler } from './command.context';

const VERSION = '7.0.0';

/**
 * The standalone hello reply: sessions on (logicalSessionTimeoutMinutes), polling
 * heartbeats (no topologyVersion), no compression, no $clusterTime.
 */
export function helloReply(connectionId: number): Doc {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
  };
}

const hello: CommandHandler = (ctx) => helloReply(ctx.connectionId);

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['inMemory'],
  modules: [],
});

const listDatabases: CommandHandler = (ctx: CommandContext) => {
  const databases = ctx.node.catalog.databases().map((name) => {
    const sizeOnDisk = ctx.node.catalog.collections(name).reduce((n, c) => n + c.docs.size * 100, 0);
    return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
  });
  if (ctx.cmd.nameOnly) return { databases: databases.map(({ name }) => ({ name })) };
  const totalSize = databases.reduce((n, d) => n + d.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024) };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.node.catalog.dropDatabase(ctx.db);
  return {};
};

/** Admin and session commands. */
export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({}),
  buildInfo,
  buildinfo: buildInfo,
  endSessions: () => ({}),
  listDatabases,
  dropDatabase,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  whatsmyuri: () => ({ you: '127.0.0.1:0' }),
  getParameter: () => ({}),
  serverStatus: () => ({ host: 'embedded', version: VERSION, process: 'mongod', uptime: process.uptime() }),
};
