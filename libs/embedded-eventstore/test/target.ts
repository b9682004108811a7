import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedEventStore, type EmbeddedEventStoreOptions } from '@app/embedded-eventstore';

/** Set to run the conformance suites against a real EventStoreDB instead of the embedded node. */
export const externalUrl = process.env.EVENTSTORE_URL;

export interface Target {
  client: EventStoreDBClient;
  connectionString: string;
  external: boolean;
  stop(): Promise<void>;
}

/**
 * The node a conformance test talks to: the real server when EVENTSTORE_URL is set (options are
 * then irrelevant), otherwise a fresh embedded node in memory on a random port.
 */
export async function startTarget(options: EmbeddedEventStoreOptions = {}): Promise<Target> {
  if (externalUrl) {
    const client = EventStoreDBClient.connectionString(externalUrl);
    return { client, connectionString: externalUrl, external: true, stop: () => client.dispose() };
  }
  return startEmbedded(options);
}

/** Always the embedded node: for kill/restart/corruption/shutdown cases a shared real server can't host. */
export async function startEmbedded(options: EmbeddedEventStoreOptions = {}): Promise<Target & { stopServer(): Promise<void> }> {
  const node = await startEmbeddedEventStore({ port: 0, ...options });
  const client = EventStoreDBClient.connectionString(node.connectionString);
  return {
    client,
    connectionString: node.connectionString,
    external: false,
    stopServer: () => node.stop(),
    stop: async () => {
      await client.dispose();
      await node.stop();
    },
  };
}

/** A stream name no other test (or earlier run against a shared server) uses. */
export const uniqueStream = (label: string): string => `${label}-${crypto.randomUUID()}`;
