import { Logger } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { loadConfig, startInfrastructure } from '@app/config';
import { ALL_PROJECTIONS, projectionNamed, rebuildProjections } from '@app/read-models';

/** `npm run projections:rebuild [name]`: rebuild one read model (or all) from `$all` and swap it in. */
async function main(): Promise<void> {
  const name = process.argv[2];
  const projection = name ? projectionNamed(name) : undefined;
  if (name && !projection) {
    console.error(`Unknown read model "${name}". Known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
    process.exit(2);
  }
  const config = loadConfig();
  const logger = new Logger('Rebuild');
  const infrastructure = await startInfrastructure(config);
  const client = EventStoreDBClient.connectionString(infrastructure.eventstoreUrl);
  const mongo = await MongoClient.connect(infrastructure.mongoUrl);
  try {
    const result = await rebuildProjections({ client, db: mongo.db(config.MONGO_DB), projections: projection ? [projection] : undefined, logger });
    logger.log(`${result.projections.join(', ')}: ${result.events} events in ${Math.round(result.durationMs)} ms, position ${result.position ?? 'start'}`);
  } finally {
    await mongo.close();
    await client.dispose();
    await infrastructure.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
