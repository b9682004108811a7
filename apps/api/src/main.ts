import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { loadConfig, startInfrastructure } from '@app/config';
import { EventStore } from '@app/eventstore';
import { API_PREFIX, createApp, DOCS_PATH } from './app.factory';
import { loadDemoData } from './demo/demo-loader';
import { superviseWorkers, type Listening } from './workers';

const banner = ({ url, store, exampleOpinion }: Listening): string =>
  [
    `API:   ${url}/${API_PREFIX}   (${store})`,
    `Docs:  ${url}/${DOCS_PATH}`,
    'Token: npm run token -- --role leader --unit CATP-HP-KA --name "Đại tá Lê Trung Sơn"',
    '       (roles: secretary | leader | officer | auditor | reporter; units e.g. CATP-HP-KA, CATP-HP-PC06, CATP-HN-TL)',
    `       curl -H "Authorization: Bearer <token>" ${url}/${API_PREFIX}/opinions/${exampleOpinion}/history`,
  ].join('\n');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.API_WORKERS > 1 && cluster.isPrimary) return superviseWorkers(config.API_WORKERS, banner);
  const logger = new Logger('Bootstrap');
  const infra = await startInfrastructure(config);
  let app;
  try {
    app = await createApp(config, infra, { ownsInfrastructure: true });
    app.enableShutdownHooks();
    await app.init();
  } catch (error) {
    await infra.stop().catch(() => undefined);
    throw error;
  }

  // Demo data goes only into an empty store: by default on the embedded node, or when DEMO_DATA=true.
  const wantDemo = config.DEMO_DATA === 'true' || (config.DEMO_DATA !== 'false' && infra.embeddedEventStore);
  let exampleOpinion = '<opinion id>';
  if (wantDemo && (await app.get(EventStore).headPosition()) === undefined) {
    const loaded = await loadDemoData(app.get(CommandBus));
    exampleOpinion = loaded.opinionIds[0] ?? exampleOpinion;
    logger.log(`Demo data: ${loaded.sessions} sessions, ${loaded.opinions} opinions, ${loaded.events} events`);
  }

  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const store = infra.embeddedEventStore ? `embedded EventStoreDB (${config.DATA_DIR}/eventstore)` : 'EventStoreDB';
  const listening: Listening = { url, store, exampleOpinion };
  if (cluster.isWorker) process.send!(listening);
  else console.log(banner(listening));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
