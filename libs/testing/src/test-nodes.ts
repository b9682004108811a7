import { EventStoreDBClient } from '@eventstore/db-client';
import { startInfrastructure, type Infrastructure } from '@app/config';
import { EventStore } from '@app/eventstore';

/**
 * Nodes for integration and e2e tests: the embedded EventStoreDB and MongoDB nodes in memory on
 * random ports, or the real servers when EVENTSTORE_URL / MONGO_URL are set.
 */
export async function startTestNodes(): Promise<Infrastructure> {
  return startInfrastructure(
    { EVENTSTORE_URL: process.env.EVENTSTORE_URL, MONGO_URL: process.env.MONGO_URL, DATA_DIR: '' },
    { memory: true },
  );
}

/** A unique MongoDB database name per test file, so parallel workers never share read models. */
export const testDatabaseName = (label: string): string =>
  `t_${label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 30)}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;

/** Test nodes plus one real client and the `EventStore` gateway over it; `stop()` disposes of all three. */
export async function startTestEventStore(): Promise<{ nodes: Infrastructure; client: EventStoreDBClient; store: EventStore; stop: () => Promise<void> }> {
  const nodes = await startTestNodes();
  const client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
  return {
    nodes,
    client,
    store: new EventStore(client),
    stop: async () => {
      await client.dispose();
      await nodes.stop();
    },
  };
}
