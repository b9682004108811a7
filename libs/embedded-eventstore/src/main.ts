import { parseArgs } from 'node:util';
import { startEmbeddedEventStore } from './embedded-eventstore.server';
import { DataDirLockedError } from './storage/data-dir.lock';

/** `npm run eventstore -- [--port 2113] [--host 127.0.0.1] (--data <dir> | --memory) [--no-batch-append]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './data/eventstore' },
      memory: { type: 'boolean', default: false },
      'no-batch-append': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const node = await startEmbeddedEventStore({
    port,
    host: values.host,
    dataDir: values.memory ? undefined : values.data,
    batchAppend: !values['no-batch-append'],
  });
  const where = values.memory ? 'memory' : values.data;
  if (node.recoveredTruncatedBytes > 0) console.warn(`Cut ${node.recoveredTruncatedBytes} bytes of torn/corrupt log tail`);
  console.log(`EventStoreDB-compatible node listening: ${node.connectionString} (storage: ${where})`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    node.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof DataDirLockedError ? err.message : err);
  process.exit(1);
});
