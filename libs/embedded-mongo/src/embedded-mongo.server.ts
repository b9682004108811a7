import * as net from 'node:net';
import { NodeState } from './commands/command.context';
import { CursorRegistry } from './commands/cursor.registry';
import { CatalogStore } from './storage/catalog.store';
import { loadSnapshot, saveSnapshot } from './storage/snapshot.store';
import { serveConnection } from './wire/wire.connection';

/** Options for {@link startEmbeddedMongo}. */
export interface EmbeddedMongoOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Directory for the BSON snapshot: loaded on start, written atomically on stop. Omit for memory only. */
  dataDir?: string;
}

/** A running embedded node. */
export interface EmbeddedMongo {
  /** Connection string for the official driver, e.g. `mongodb://127.0.0.1:27017`. */
  readonly uri: string;
  readonly port: number;
  /** Closes the listener and every connection, then writes the snapshot if a dataDir was given. */
  stop(): Promise<void>;
}

let nextConnectionId = 1;

/**
 * Starts an in-process node that speaks the MongoDB wire protocol as a standalone
 * mongod 7.0 does for the official driver (CRUD, indexes, cursors, aggregation).
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const node: NodeState = { catalog: new CatalogStore(), cursors: new CursorRegistry() };
  if (options.dataDir) loadSnapshot(node.catalog, options.dataDir);

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, node, nextConnectionId++);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve, reject) => {
      server.close((err) => {
        node.cursors.clear();
        try {
          if (options.dataDir) saveSnapshot(node.catalog, options.dataDir);
        } catch (e) {
          return reject(e);
        }
        if (err) reject(err);
        else resolve();
      });
      for (const s of sockets) s.destroy();
    }));

  return { uri: `mongodb://${host}:${port}`, port, stop };
}
