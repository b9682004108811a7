import { Logger } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { loadConfig, startInfrastructure } from '@app/config';
import { startProjector } from '@app/read-models';

/**
 * The projector as its own process (production): EVENTSTORE_URL and MONGO_URL point at the real
 * servers. Without them it starts embedded nodes, which is only useful for trying it out.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Projector');
  const infrastructure = await startInfrastructure(config);
  const client = EventStoreDBClient.connectionString(infrastructure.eventstoreUrl);
  const mongo = new MongoClient(infrastructure.mongoUrl, { serverSelectionTimeoutMS: 5000 });
  const projector = await startProjector({ client, db: mongo.db(config.MONGO_DB), logger });
  logger.log(`projecting into ${config.MONGO_DB}`);
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: stopping`);
    await projector.stop();
    await mongo.close();
    await client.dispose();
    await infrastructure.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
