/**
 * Write-side throughput over HTTP vs. the raw append rate of the same embedded node.
 * `npm run bench:api [-- --clients 50 --iterations 40]`
 * Both runs use a durable embedded EventStoreDB in a temp dir and the same concurrency. The HTTP
 * clients run in a worker thread (keep-alive agent) so they do not share the API's event loop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { signToken } from '@app/auth';
import { jwtSecret, loadConfig, startInfrastructure } from '@app/config';
import type { Role } from '@app/eventstore';
import { createApp } from '../apps/api/src/app.factory';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '50' }, iterations: { type: 'string', default: '40' } } });
const CLIENTS = Number(values.clients);
const ITERATIONS = Number(values.iterations);

interface Run {
  ops: number;
  seconds: number;
  latencies: number[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = (r: Run) => {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return { perSecond: r.ops / r.seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

async function concurrently(clients: number, work: (client: number) => Promise<number[]>): Promise<Run> {
  const started = performance.now();
  const all = await Promise.all(Array.from({ length: clients }, (_, i) => work(i)));
  const seconds = (performance.now() - started) / 1000;
  const latencies = all.flat();
  return { ops: latencies.length, seconds, latencies };
}

const timed = async (fn: () => Promise<unknown>, into: number[]) => {
  const t0 = performance.now();
  await fn();
  into.push(performance.now() - t0);
};

async function rawAppends(connectionString: string, opsPerClient: number, tag: string): Promise<Run> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const data = {
    opinionId: '0', sessionId: '0', organisingUnit: 'CATP-HP-KA', locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    topic: 'urban-order', content: 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc vào giờ cao điểm.',
    citizen: { anonymous: false, name: 'Bà Nguyễn Thị Lan', residentialGroup: 'Tổ dân phố số 5' }, channel: 'spoken', saidAt: '2024-11-28T09:15:00+07:00',
  };
  const metadata = { actor: { id: 'bench', name: 'Bench', role: 'secretary', unit: 'CATP-HP-KA' }, correlationId: 'bench', causationId: 'bench', occurredAt: data.saidAt, recordedAt: new Date().toISOString() };
  try {
    return await concurrently(CLIENTS, async (c) => {
      const latencies: number[] = [];
      // Three appends per stream, like raise → assign → answer, each with its expected revision.
      for (let i = 0; i < opsPerClient / 3; i++) {
        const stream = `raw-${tag}-${c}-${i}`;
        for (let revision = -1; revision < 2; revision++) {
          await timed(
            () => client.appendToStream(stream, jsonEvent({ type: 'OpinionRaised', data, metadata }), { expectedRevision: revision < 0 ? NO_STREAM : BigInt(revision) }),
            latencies,
          );
        }
      }
      return latencies;
    });
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lang-nghe-bench-'));
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret!', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_DATA: 'false',
    // Production topology: the projector is its own process (apps/projector), not part of the API's budget.
    RUN_PROJECTOR: process.env.RUN_PROJECTOR ?? 'false' });
  const infra = await startInfrastructure(config);
  const app = await createApp(config, infra);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1') + '/api/v1';
  const token = (role: Role, unit: string) => `Bearer ${signToken(jwtSecret(config), { id: `${role}-bench`, name: `Bench ${role}`, role, unit }, '2h')}`;
  const auth = { secretary: token('secretary', 'CATP-HP-KA'), leader: token('leader', 'CATP-HP'), officer: token('officer', 'CATP-HP-PC06') };

  const post = (url: string, authorization: string, body: object) => postJson(base + url, authorization, body);
  const session = await post('/sessions', auth.secretary, {
    title: 'Benchmark', organisingUnit: 'CATP-HP-KA', coOrganisers: [], locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    venue: 'Hội trường', plannedAt: '2024-11-28T08:00:00+07:00',
  });
  await post(`/sessions/${session.id}/hold`, auth.secretary, { heldAt: '2024-11-28T08:30:00+07:00', chairedBy: 'Bench', attendance: 1 });

  const lifecycle = (iterations: number) => runClients({ base, auth, sessionId: session.id, clients: CLIENTS, iterations });

  try {
    // Warm up both paths (JIT, connections) before measuring.
    await lifecycle(2);
    await rawAppends(infra.eventstoreUrl, 6, 'warmup');

    const http = summary(await lifecycle(ITERATIONS));
    const raw = summary(await rawAppends(infra.eventstoreUrl, ITERATIONS * 3, 'measured'));
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(44)} ${s.perSecond.toFixed(0).padStart(8)}/s   p50 ${s.p50.toFixed(1).padStart(6)} ms   p99 ${s.p99.toFixed(1).padStart(6)} ms`;
    console.log(`\n${CLIENTS} concurrent clients, ${CLIENTS * ITERATIONS * 3} operations each; durable embedded node in ${dataDir}`);
    console.log(row('HTTP commands (raise → assign → answer)', http));
    console.log(row('raw appends (same node, same concurrency)', raw));
    const ratio = http.perSecond / raw.perSecond;
    console.log(`ratio HTTP / raw: ${(ratio * 100).toFixed(0)}% (target ≥ 50%) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  } finally {
    await app.close();
    await infra.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function postJson(url: string, authorization: string, body: object): Promise<{ id: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${url} → ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text) as { id: string });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface ClientJob {
  base: string;
  auth: { secretary: string; leader: string; officer: string };
  sessionId: string;
  clients: number;
  iterations: number;
}

/** Runs the clients in a worker thread and collects their latencies. */
function runClients(job: ClientJob): Promise<Run> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', (run: Run) => resolve(run));
    worker.once('error', reject);
  });
}

async function clients({ base, auth, sessionId, clients: n, iterations }: ClientJob): Promise<Run> {
  const post = (url: string, authorization: string, body: object) => postJson(base + url, authorization, body);
  return concurrently(n, async () => {
    const latencies: number[] = [];
    for (let i = 0; i < iterations; i++) {
      let id = '';
      await timed(async () => {
        ({ id } = await post(`/sessions/${sessionId}/opinions`, auth.secretary, {
          topic: 'urban-order', content: 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc vào giờ cao điểm.',
          citizen: { anonymous: false, name: 'Bà Nguyễn Thị Lan', residentialGroup: 'Tổ dân phố số 5' }, channel: 'spoken', saidAt: '2024-11-28T09:15:00+07:00',
        }));
      }, latencies);
      await timed(() => post(`/opinions/${id}/assign`, auth.leader, { department: 'CATP-HP-PC06' }), latencies);
      await timed(() => post(`/opinions/${id}/answer`, auth.officer, { content: 'Đã phối hợp UBND phường lập lại trật tự vỉa hè.' }), latencies);
    }
    return latencies;
  });
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  clients(workerData as ClientJob).then((run) => parentPort!.postMessage(run));
}
