/**
 * Read-side benchmark on the embedded nodes (`npm run bench:projections`):
 *  1. seeds EVENTS events over SESSIONS sessions (batched appends, one per opinion lifecycle);
 *  2. raw `$all` read rate vs full rebuild rate (target ratio ≥ 0.5);
 *  3. live lag p99 from append to visible in the read model at RATE commands/s (target ≤ 100 ms);
 *  4. projector RSS as events grow.
 * Sizes: BENCH_EVENTS (200000), BENCH_SESSIONS (1000), BENCH_RATE (200), BENCH_LIVE_SECONDS (20).
 * The embedded EventStoreDB and MongoDB nodes run as their own processes (as the real servers
 * would), so the projector's CPU is not shared with theirs; BENCH_NODES=in-process keeps them here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { startInfrastructure } from '@app/config';
import { EventStore, type Actor } from '@app/eventstore';
import { opinionStream, sessionStream } from '@app/opinions';
import { OPINIONS_COLLECTION, rebuildProjections, startProjector, workload, type WorkloadAppend } from '@app/read-models';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 20);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function seed(store: EventStore, appends: Iterable<WorkloadAppend>, onProgress: (events: number) => void): Promise<number> {
  let events = 0;
  let pending: Promise<unknown>[] = [];
  for (const append of appends) {
    events += append.events.length;
    pending.push(store.append(append.stream, append.events, 'no_stream'));
    if (pending.length >= 32) {
      await Promise.all(pending);
      pending = [];
      onProgress(events);
    }
  }
  await Promise.all(pending);
  return events;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Starts a compiled embedded node's main as a child process and waits for its "listening" line. */
function startNode(script: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '..', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/listening/i.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function nodes(): Promise<{ eventstoreUrl: string; mongoUrl: string; stop(): Promise<void> }> {
  if (process.env.BENCH_NODES === 'in-process') return startInfrastructure({ DATA_DIR: '' }, { memory: true });
  const [esPort, mongoPort] = [await freePort(), await freePort()];
  const es = await startNode('libs/embedded-eventstore/src/main.js', ['--memory', '--port', String(esPort)]);
  const mongo = await startNode('libs/embedded-mongo/src/main.js', ['--port', String(mongoPort)]);
  return {
    eventstoreUrl: `esdb://127.0.0.1:${esPort}?tls=false`,
    mongoUrl: `mongodb://127.0.0.1:${mongoPort}`,
    stop: async () => {
      es.kill('SIGKILL');
      mongo.kill('SIGKILL');
    },
  };
}

async function main(): Promise<void> {
  const infra = await nodes();
  const client = EventStoreDBClient.connectionString(infra.eventstoreUrl);
  const store = new EventStore(client);
  const mongo = await MongoClient.connect(infra.mongoUrl);
  console.log(`Read-side benchmark: ${EVENTS.toLocaleString('en')} events over ${SESSIONS} sessions, embedded nodes, node ${process.version}`);

  // 1. Seed, with the projector running, sampling its RSS as events grow (it shares this process).
  const liveDb = mongo.db('bench_live');
  const projector = await startProjector({ client, db: liveDb });
  const rss: string[] = [];
  let nextSample = 0;
  let t = performance.now();
  const seeded = await seed(store, workload({ sessions: SESSIONS, eventsPerSession: Math.ceil(EVENTS / SESSIONS), seed: 1 }), (n) => {
    if (n >= nextSample) {
      rss.push(`${Math.round(n / 1000)}k: ${mb(process.memoryUsage().rss)}`);
      nextSample += EVENTS / 5;
    }
  });
  console.log(`seeded ${seeded.toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s (${rate(seeded, performance.now() - t)})`);
  const head = await store.headPosition();
  while (projector.position !== head) await sleep(50);
  console.log(`live projector caught up ${((performance.now() - t) / 1000).toFixed(1)} s after seeding began`);
  rss.push(`${Math.round(seeded / 1000)}k: ${mb(process.memoryUsage().rss)}`);

  // 2. Raw read vs rebuild.
  t = performance.now();
  let raw = 0;
  for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START, maxCount: Number.MAX_SAFE_INTEGER })) if (resolved.event) raw++;
  const rawMs = performance.now() - t;
  const rebuildDb = mongo.db('bench_rebuild');
  const rebuilt = await rebuildProjections({ client, db: rebuildDb });
  const rawRate = (raw / rawMs) * 1000;
  const rebuildRate = (rebuilt.events / rebuilt.durationMs) * 1000;
  console.log(`raw $all read: ${rate(raw, rawMs)}; full rebuild: ${rate(rebuilt.events, rebuilt.durationMs)}; ratio ${(rebuildRate / rawRate).toFixed(2)} (target ≥ 0.5)`);

  // 3. Live lag at RATE commands/s: append one event, time until the read model shows it.
  const actor: Actor = { id: 'bench', name: 'Bench', role: 'secretary', unit: 'HP-KA' };
  const meta = () => {
    const at = new Date().toISOString();
    return { actor, correlationId: randomUUID(), causationId: randomUUID(), occurredAt: at, recordedAt: at };
  };
  const sessionId = randomUUID();
  const locality = { province: 'Hải Phòng', commune: 'Đằng Lâm' };
  await store.append(sessionStream(sessionId), [{ event: { type: 'SessionScheduled', data: { sessionId, title: 'Bench', organisingUnit: 'HP-HA', coOrganisers: [], locality, venue: 'x', plannedAt: new Date().toISOString() } }, metadata: meta() }], 'no_stream');
  const lags: number[] = [];
  const opinions = liveDb.collection(OPINIONS_COLLECTION);
  const total = RATE * LIVE_SECONDS;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(
      (async () => {
        const opinionId = randomUUID();
        const sent = performance.now();
        const { position } = await store.append(
          opinionStream(opinionId),
          [{ event: { type: 'OpinionRaised', data: { opinionId, sessionId, organisingUnit: 'HP-HA', locality, topic: 'traffic', content: 'x', citizen: { anonymous: true }, channel: 'spoken', saidAt: new Date().toISOString() } }, metadata: meta() }],
          'no_stream',
        );
        await projector.waitFor(position, 30_000);
        lags.push(performance.now() - sent);
      })(),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  lags.sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * p))].toFixed(1);
  const visible = await opinions.countDocuments({ sessionId });
  console.log(
    `live: ${lags.length} commands in ${elapsed.toFixed(1)} s (${(lags.length / elapsed).toFixed(0)}/s); append → visible p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${lags[lags.length - 1].toFixed(1)} ms (target p99 ≤ 100 ms); ${visible} visible`,
  );
  rss.push(`after live: ${mb(process.memoryUsage().rss)}`);
  console.log(`projector process RSS as events grow: ${rss.join(', ')}`);

  await projector.stop();
  await mongo.close();
  await client.dispose();
  await infra.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
