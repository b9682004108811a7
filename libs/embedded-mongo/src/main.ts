import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './embedded-mongo.server';

/** `npm run mongo -- --port 27017 [--host 127.0.0.1] [--data DIR]`; snapshot on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '27017' }, host: { type: 'string' }, data: { type: 'string' } },
  });
  const node = await startEmbeddedMongo({ port: Number(values.port), host: values.host, dataDir: values.data });
  console.log(`embedded mongo listening on ${node.uri}${values.data ? ` (data: ${values.data})` : ''}`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: writing snapshot and stopping`);
    node.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
