import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { EventStoreEngine } from './engine/event-store.engine';
import { appendHandler, batchAppendHandler } from './grpc/append.handler';
import { deleteHandler } from './grpc/delete.handler';
import { ServerFeaturesService } from './grpc/proto';
import { NodeStreamsService } from './grpc/service';
import { readHandler } from './grpc/read.handler';
import { serverFeaturesHandler } from './grpc/server-features.handler';
import { lockDataDir } from './storage/data-dir.lock';

/** How to start an embedded node. */
export interface EmbeddedEventStoreOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Directory for the durable log; omit to keep everything in memory. */
  dataDir?: string;
  /** Advertise `Streams.BatchAppend` (default true); false makes the client use `Streams.Append`. */
  batchAppend?: boolean;
}

/** A running embedded node. */
export interface EmbeddedEventStore {
  /** `esdb://host:port?tls=false`, ready for `EventStoreDBClient.connectionString`. */
  connectionString: string;
  port: number;
  /** Bytes cut from a torn or corrupt log tail when the node opened. */
  recoveredTruncatedBytes: number;
  /** Write requests that reached the log, and the group commits (one write + fsync each) that carried them. */
  stats(): { writes: number; groupCommits: number };
  /** Finishes queued writes, cancels open calls (subscribers see CANCELLED), closes the log. */
  stop(): Promise<void>;
}

const MIB = 1024 * 1024;

/**
 * Starts an EventStoreDB-compatible gRPC node that `@eventstore/db-client` can use as if it were
 * a single-node EventStoreDB without TLS.
 */
export async function startEmbeddedEventStore(options: EmbeddedEventStoreOptions = {}): Promise<EmbeddedEventStore> {
  const host = options.host ?? '127.0.0.1';
  // One node per data directory: a second writer appending to the same log would corrupt it.
  const lock = options.dataDir === undefined ? undefined : await lockDataDir(options.dataDir);
  let opened: Awaited<ReturnType<typeof EventStoreEngine.open>>;
  try {
    opened = await EventStoreEngine.open(options.dataDir);
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const { engine, truncatedBytes } = opened;
  const server = new Server({
    // The client sends up to 17 MiB per message; the grpc-js default would be 4 MiB.
    'grpc.max_receive_message_length': 18 * MIB,
    'grpc.max_send_message_length': 18 * MIB,
    // The client pings every 10 s, also on idle channels; stricter limits would GOAWAY it.
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 5_000,
  });
  const streamsImpl: UntypedServiceImplementation = {
    read: readHandler(engine),
    append: appendHandler(engine),
    batchAppend: batchAppendHandler(engine),
    delete: deleteHandler(engine, 'delete'),
    tombstone: deleteHandler(engine, 'tombstone'),
  };
  server.addService(NodeStreamsService, streamsImpl);
  server.addService(ServerFeaturesService, { getSupportedMethods: serverFeaturesHandler(options.batchAppend ?? true) });
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
  } catch (err) {
    await engine.stop();
    await lock?.release();
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    connectionString: `esdb://${host}:${port}?tls=false`,
    port,
    recoveredTruncatedBytes: truncatedBytes,
    stats: () => ({ ...engine.stats }),
    stop: () =>
      (stopped ??= (async () => {
        // Queued appends finish first so every acknowledged write is on disk; open calls are then cancelled.
        await engine.stop();
        server.forceShutdown();
        await lock?.release();
      })()),
  };
}
