import { spawn, type ChildProcess } from 'node:child_process';
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import type { Infrastructure } from '@app/config';
import { EventStore } from '@app/eventstore';
import { rebuildProjections, workload } from '@app/read-models';
import { startTestNodes, testDatabaseName } from '@app/testing';
import { buildForChildProcesses, dumpReadModels, lowestCheckpoint, seed, sleep } from './read-model-test-support';

jest.setTimeout(9 * 60_000);

/**
 * The projector process is killed with SIGKILL at random points while it catches up on 20,000
 * events, restarted each time, and must end exactly where a from-scratch rebuild ends.
 */
describe('projector killed while catching up', () => {
  let nodes: Infrastructure;
  let client: EventStoreDBClient;
  let mongo: MongoClient;
  let build: ReturnType<typeof buildForChildProcesses>;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    build = buildForChildProcesses();
    nodes = await startTestNodes();
    client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
    mongo = await MongoClient.connect(nodes.mongoUrl);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await mongo?.close();
    await client?.dispose();
    await nodes?.stop();
  });

  const startChild = (dbName: string): ChildProcess => {
    const child = spawn(process.execPath, [build.projectorMain], {
      env: { ...process.env, ...build.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', EVENTSTORE_URL: nodes.eventstoreUrl, MONGO_URL: nodes.mongoUrl, MONGO_DB: dbName },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

  it('ends deep-equal to a rebuild after repeated SIGKILLs', async () => {
    const head = await seed(new EventStore(client), workload({ sessions: 100, eventsPerSession: 200, seed: 2024 }));
    const db = mongo.db(testDatabaseName('crash'));
    const random = Math.random;
    const killPoints = [0.05, 0.2 + random() * 0.2, 0.45 + random() * 0.2, 0.7 + random() * 0.25];
    const kills: string[] = [];
    for (const fraction of killPoints) {
      const child = startChild(db.databaseName);
      // Kill once the projector has written past this fraction of the log (plus a random few ms into the next batch).
      const target = BigInt(Math.floor(Number(head) * fraction));
      for (;;) {
        const at = await lowestCheckpoint(db);
        if (at !== undefined && at >= target) break;
        if (child.exitCode !== null) throw new Error(`projector exited with ${child.exitCode}`);
        await sleep(5);
      }
      await sleep(Math.floor(random() * 30));
      child.kill('SIGKILL');
      await killed(child);
      kills.push(`${Math.round(fraction * 100)}% → ${await lowestCheckpoint(db)}`);
    }
    const last = startChild(db.databaseName);
    while ((await lowestCheckpoint(db)) !== head) await sleep(20);
    last.kill('SIGTERM');
    await killed(last);

    const fresh = mongo.db(testDatabaseName('crash_ref'));
    // From a reader thread, as `npm run projections:rebuild` does: 20,000 events are several pages of `$all`.
    await rebuildProjections({ eventstoreUrl: nodes.eventstoreUrl, db: fresh });
    const [after, reference] = [await dumpReadModels(db), await dumpReadModels(fresh)];
    expect(kills).toHaveLength(4);
    expect(after.audit).toHaveLength(20_000);
    expect(after).toEqual(reference);
  });
});
