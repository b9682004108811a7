import * as path from 'node:path';
import type { AppConfig } from './app.config';

/** Connection targets the apps use, and how to stop what was started for them. */
export interface Infrastructure {
  eventstoreUrl: string;
  mongoUrl: string;
  /** True when the embedded EventStoreDB node was started (fresh-clone, demo and test mode). */
  embeddedEventStore: boolean;
  embeddedMongo: boolean;
  stop(): Promise<void>;
}

/**
 * Uses EVENTSTORE_URL / MONGO_URL when set; otherwise starts the embedded, protocol-compatible
 * nodes (durable EventStoreDB log under DATA_DIR, MongoDB read models snapshotted there too).
 * The embedded libs are loaded lazily so production images never start them.
 */
export async function startInfrastructure(
  config: Pick<AppConfig, 'EVENTSTORE_URL' | 'MONGO_URL' | 'DATA_DIR'>,
  options: { memory?: boolean } = {},
): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  let eventstoreUrl = config.EVENTSTORE_URL;
  let mongoUrl = config.MONGO_URL;
  try {
    if (!eventstoreUrl) {
      const { startEmbeddedEventStore } = await import('@app/embedded-eventstore');
      const node = await startEmbeddedEventStore({
        port: 0,
        dataDir: options.memory ? undefined : path.resolve(config.DATA_DIR, 'eventstore'),
      });
      stops.push(() => node.stop());
      eventstoreUrl = node.connectionString;
    }
    if (!mongoUrl) {
      const { startEmbeddedMongo } = await import('@app/embedded-mongo');
      const node = await startEmbeddedMongo({
        port: 0,
        dataDir: options.memory ? undefined : path.resolve(config.DATA_DIR, 'mongo'),
      });
      stops.push(() => node.stop());
      mongoUrl = node.uri;
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
  return {
    eventstoreUrl,
    mongoUrl,
    embeddedEventStore: !config.EVENTSTORE_URL,
    embeddedMongo: !config.MONGO_URL,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
