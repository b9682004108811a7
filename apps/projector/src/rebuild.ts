import { Logger } from '@nestjs/common';
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
  const mongo = await MongoClient.connect(infrastructure.mongoUrl);
  try {
    // `$all` is read in a worker thread with its own client on this connection string.
    const result = await rebuildProjections({ eventstoreUrl: infrastructure.eventstoreUrl, db: mongo.db(config.MONGO_DB), projections: projection ? [projection] : undefined, logger });
    logger.log(`${result.projections.join(', ')}: ${result.events} events in ${Math.round(result.durationMs)} ms, position ${result.position ?? 'start'}`);
  } finally {
    await mongo.close();
    await infrastructure.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
