/**
 * Write-side throughput over HTTP vs. the raw append rate of the same embedded node.
 * `npm run bench:api [-- --clients 50 --iterations 40 --warmup 40 --api-workers 1 --profile out.cpuprofile]`
 * Production shape: the durable embedded EventStoreDB node and an embedded MongoDB node run as their
 * own processes; the API is its real main.js in its own process, pointed at them by EVENTSTORE_URL
 * and MONGO_URL with RUN_PROJECTOR=false. The HTTP clients run in a worker thread here (an undici
 * `Client`, one keep-alive connection, per client); the raw baseline is another process with one @eventstore/db-client (as the API has),
 * appending single events from the same number of concurrent writers to the same node.
 * `--api-node-flags=--single-threaded-gc` (with `=`: the value starts with a dash) passes Node flags to the API process, for A/B runs.
 * `--es-node-flags=...` does the same for the embedded EventStoreDB node (e.g. `--es-node-flags=--cpu-prof`).
 * `--api-workers N` starts the API with API_WORKERS=N (node:cluster: N processes share the port); its
 * CPU is then that of the primary and all workers together, and the profile is not available.
 * Reported: rate, p50/p99, the ratio, and CPU time per operation of the API, the node and the raw
 * writer; the API's CPU is split by what it was spent in from a CPU profile of the measured window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { Client } from 'undici';
import { signToken } from '@app/auth';
import type { Role } from '@app/eventstore';
import type { ProbeRequest } from './api.bench.probe';
import { freePort, processCpuMicros, threadCpuMicros } from './support/processes';
import { latencySummary } from './support/stats';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string' },
    'api-workers': { type: 'string', default: '1' },
    'api-node-flags': { type: 'string', default: '' },
    'es-node-flags': { type: 'string', default: '' },
    profile: { type: 'string' },
    raw: { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const ITERATIONS = Number(values.iterations);
/**
 * Lifecycles per client run before measuring, by the API and by the raw writer alike: as many as
 * are measured unless told. A few hundred requests leave most of the API's code to be optimised
 * during the measured window (V8's compiler threads then took about as much CPU as the append
 * thread), which a long-running service pays once; this measures both sides in their steady state.
 */
const WARMUP = Number(values.warmup ?? values.iterations);
const API_WORKERS = Number(values['api-workers']);
const SECRET = 'bench-secret-bench-secret-bench-secret!';

interface Run {
  ops: number;
  seconds: number;
  latencies: number[];
  /** CPU microseconds (user + system) the measuring process used, when it reports its own. */
  cpuMicros?: number;
  /** CPU microseconds the whole machine was busy meanwhile. */
  busyMicros?: number;
}

const summary = (r: Run) => {
  const { p50, p99 } = latencySummary(r.latencies);
  return { perSecond: r.ops / r.seconds, p50, p99 };
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

// ---------------------------------------------------------------- raw appends (own process)

async function rawAppends(client: EventStoreDBClient, opsPerClient: number, tag: string): Promise<Run> {
  const data = {
    opinionId: '0', sessionId: '0', organisingUnit: 'CATP-HP-KA', locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    topic: 'urban-order', content: 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc vào giờ cao điểm.',
    citizen: { anonymous: false, name: 'Bà Nguyễn Thị Lan', residentialGroup: 'Tổ dân phố số 5' }, channel: 'spoken', saidAt: '2024-11-28T09:15:00+07:00',
  };
  const metadata = { actor: { id: 'bench', name: 'Bench', role: 'secretary', unit: 'CATP-HP-KA' }, correlationId: 'bench', causationId: 'bench', occurredAt: data.saidAt, recordedAt: new Date().toISOString() };
  return concurrently(CLIENTS, async (c) => {
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
}

/** `--raw <url>`: warm up, then measure, reporting this process's CPU for the measured part. */
async function rawProcess(url: string): Promise<void> {
  const client = EventStoreDBClient.connectionString(url);
  try {
    await rawAppends(client, WARMUP * 3, 'warmup');
    process.send!('measuring');
    const [cpu, busy] = [process.cpuUsage(), machineBusyMicros()];
    const run = await rawAppends(client, ITERATIONS * 3, 'measured');
    const used = process.cpuUsage(cpu);
    process.send!({ ...run, cpuMicros: used.user + used.system, busyMicros: machineBusyMicros() - busy });
  } finally {
    await client.dispose();
  }
}

/** Runs the raw writer; `nodeCpu` samples the node's CPU as the measured part starts and ends. */
function runRaw(url: string, nodeCpu: () => number): Promise<Run & { nodeCpuMicros: number }> {
  return new Promise((resolve, reject) => {
    let nodeCpu0 = 0;
    const child = spawn(process.execPath, [__filename, '--raw', url, '--clients', String(CLIENTS), '--iterations', String(ITERATIONS), '--warmup', String(WARMUP)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: 'measuring' | Run) => {
      if (message === 'measuring') nodeCpu0 = nodeCpu();
      else resolve({ ...message, nodeCpuMicros: nodeCpu() - nodeCpu0 });
    });
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`raw writer exited with ${code}`))));
  });
}

// ---------------------------------------------------------------- processes

/** Starts a compiled main as a child process and waits until it prints `ready`. */
function startProcess(script: string, args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; ipc?: boolean } = {}): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), path.resolve(__dirname, '..', script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? ['ipc' as const] : [])],
      env: options.env ?? process.env,
    });
    let seen = '';
    let up = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (up) return;
      seen += chunk.toString();
      if (ready.test(seen)) {
        up = true;
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${seen}`)));
  });
}

const stopProcess = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** CPU microseconds the whole machine spent busy (all cores), from /proc/stat. */
function machineBusyMicros(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) * 10_000;
}

function ask<T>(child: ChildProcess, request: ProbeRequest): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { op: string; value: T }) => {
      if (message.op !== request.op) return;
      child.off('message', onMessage);
      resolve(message.value);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}
/** CPU microseconds of a process and its children (the API's cluster workers), from /proc. */
function treeCpuMicros(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return processCpuMicros(pid) + children.reduce((sum, child) => sum + treeCpuMicros(child), 0);
}

/** One API process reports its own CPU exactly; a cluster is summed from /proc. */
const apiCpuMicros = async (api: ChildProcess) => {
  if (API_WORKERS > 1) return treeCpuMicros(api.pid!);
  const { user, system } = await ask<NodeJS.CpuUsage>(api, { op: 'cpu' });
  return user + system;
};

// ---------------------------------------------------------------- CPU profile split

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES: Array<[string, RegExp]> = [
  ['eventstore client (@eventstore/db-client, grpc-js, protobuf)', /node_modules\/(@eventstore|@grpc|google-protobuf|@js-sdsl|uuid)\/|dist\/libs\/eventstore\//],
  ['JWT verification', /node_modules\/(jsonwebtoken|jws|jwa|@nestjs\/jwt)\//],
  ['validation (class-validator/-transformer)', /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//],
  ['Nest (router, pipes, guards, cqrs)', /node_modules\/(@nestjs|rxjs|reflect-metadata)\//],
  ['Fastify (router, hooks, body parser, reply)', /node_modules\/(fastify|@fastify|find-my-way|avvio|fast-json-stringify|secure-json-parse|fast-querystring|fast-decode-uri-component|toad-cache|content-type|fastq|reusify|process-warning|abstract-logging|pino|light-my-request)\//],
  ['our code (apps/, libs/)', /dist\/(apps|libs)\//],
];

/**
 * Splits profile samples by the innermost frame that belongs to a known package (node's own
 * frames are attributed to whoever called them); what has none is HTTP parsing, sockets and GC.
 */
function splitProfile(profile: Profile): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node);
  }
  const category = new Map<number, string | null>();
  const classify = (node: ProfileNode): string | null => {
    const known = category.get(node.id);
    if (known !== undefined) return known;
    const name = node.callFrame.functionName;
    let found: string | null;
    if (name === '(idle)') found = null;
    else if (name === '(garbage collector)') found = 'garbage collection';
    else {
      const match = CATEGORIES.find(([, re]) => re.test(node.callFrame.url));
      const up = parent.get(node.id);
      found = match ? match[0] : up ? classify(up) : 'node (HTTP parser, sockets, timers)';
    }
    category.set(node.id, found);
    return found;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const c = classify(byId.get(id)!);
    if (c !== null) totals.set(c, (totals.get(c) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return totals;
}

// ---------------------------------------------------------------- HTTP load (worker thread)

/**
 * The load generator shares this machine's cores with the API and the node, so it should cost as
 * little as it can: each client has its own undici `Client` (one keep-alive connection) and
 * dispatches to it with a handler that only collects the body, without the stream, promise and
 * header-object layers of `request()`, so what it saves goes to the system under test. It is
 * still a correct HTTP client: the status is checked and the JSON reply parsed.
 */
type Post = ((path: string, authorization: string, body: object) => Promise<{ id: string }>) & { close(): Promise<void> };

/** POSTs JSON to paths under `base` (parsed once, not per request) over one connection, and returns the parsed reply. */
function poster(base: string): Post {
  const { origin, pathname: prefix } = new URL(base);
  const client = new Client(origin, { pipelining: 1 });
  const post = (path: string, authorization: string, body: object) =>
    new Promise<{ id: string }>((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      client.dispatch(
        { origin, path: prefix + path, method: 'POST', headers: ['content-type', 'application/json', 'authorization', authorization], body: JSON.stringify(body) },
        {
          onConnect: () => {},
          onHeaders: (statusCode) => ((status = statusCode), true),
          onData: (chunk) => (chunks.push(chunk), true),
          onComplete: () => {
            const text = Buffer.concat(chunks).toString();
            if (status < 200 || status >= 300) return reject(new Error(`${base}${path} → ${status} ${text}`));
            try {
              resolve(JSON.parse(text) as { id: string });
            } catch (error) {
              reject(error);
            }
          },
          onError: reject,
        },
      );
    });
  return Object.assign(post, { close: () => client.close() });
}

interface ClientJob {
  base: string;
  auth: { secretary: string; leader: string; officer: string };
  sessionId: string;
  clients: number;
  iterations: number;
}

/**
 * The HTTP clients run in one worker thread, started (and its modules loaded) before the measured
 * window, so the load generator's CPU counts only requests; each job returns its latencies.
 */
function clientWorker(): { run: (job: ClientJob) => Promise<Run>; stop: () => Promise<number> } {
  const worker = new Worker(__filename, { argv: [] });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        worker.once('message', (run: Run) => resolve(run));
        worker.once('error', reject);
        worker.postMessage(job);
      }),
    stop: () => worker.terminate(),
  };
}

/** Each client's poster, kept from one job to the next. */
const posts: Post[] = [];

async function clients({ base, auth, sessionId, clients: n, iterations }: ClientJob): Promise<Run> {
  // Connections opened by the warm-up job are the ones the measured job uses.
  while (posts.length < n) posts.push(poster(base));
  return concurrently(n, async (c) => {
    const post = posts[c];
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

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (values.profile && API_WORKERS > 1) throw new Error('--profile needs --api-workers 1: it profiles one process');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lang-nghe-bench-'));
  const [esPort, mongoPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const started: ChildProcess[] = [];
  try {
    const node = await startProcess('libs/embedded-eventstore/src/main.js', ['--port', String(esPort), '--data', path.join(dataDir, 'eventstore')], /listening/i, {
      // As `npm run eventstore` runs it (see the README); extra flags come after and may override.
      execArgv: ['--max-semi-space-size=64', ...values['es-node-flags'].split(' ').filter(Boolean)],
    });
    started.push(node);
    started.push(await startProcess('libs/embedded-mongo/src/main.js', ['--port', String(mongoPort)], /listening/i, { execArgv: ['--max-semi-space-size=64', '--initial-old-space-size=256'] }));
    const eventstoreUrl = `esdb://127.0.0.1:${esPort}?tls=false`;
    const api = await startProcess('apps/api/src/main.js', [], /^API:/m, {
      ipc: true,
      execArgv: [...values['api-node-flags'].split(' ').filter(Boolean), '-r', path.resolve(__dirname, 'api.bench.probe.js')],
      env: {
        ...process.env,
        NODE_ENV: 'production', JWT_SECRET: SECRET, LOG_LEVEL: 'silent', DEMO_DATA: 'false', HOST: '127.0.0.1', PORT: String(apiPort),
        EVENTSTORE_URL: eventstoreUrl, MONGO_URL: `mongodb://127.0.0.1:${mongoPort}`,
        // Production topology: the projector is its own process (apps/projector), not part of the API's budget.
        RUN_PROJECTOR: 'false',
        API_WORKERS: String(API_WORKERS),
      },
    });
    started.push(api);

    const base = `http://127.0.0.1:${apiPort}/api/v1`;
    const token = (role: Role, unit: string) => `Bearer ${signToken(SECRET, { id: `${role}-bench`, name: `Bench ${role}`, role, unit }, '2h')}`;
    const auth = { secretary: token('secretary', 'CATP-HP-KA'), leader: token('leader', 'CATP-HP'), officer: token('officer', 'CATP-HP-PC06') };
    const post = poster(base);
    const session = await post('/sessions', auth.secretary, {
      title: 'Benchmark', organisingUnit: 'CATP-HP-KA', coOrganisers: [], locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
      venue: 'Hội trường', plannedAt: '2024-11-28T08:00:00+07:00',
    });
    await post(`/sessions/${session.id}/hold`, auth.secretary, { heldAt: '2024-11-28T08:30:00+07:00', chairedBy: 'Bench', attendance: 1 });
    await post.close();
    const worker = clientWorker();
    const lifecycle = (iterations: number) => worker.run({ base, auth, sessionId: session.id, clients: CLIENTS, iterations });

    // Warm up (JIT, connections) before measuring.
    await lifecycle(WARMUP);
    if (values.profile) await ask(api, { op: 'profile-start' });
    const [apiCpu0, apiMain0, nodeCpu0, loadCpu0, busy0] = [await apiCpuMicros(api), threadCpuMicros(api.pid!), processCpuMicros(node.pid!), process.cpuUsage(), machineBusyMicros()];
    const httpRun = await lifecycle(ITERATIONS);
    const [apiCpu1, apiMain1, nodeCpu1, loadCpu, busy1] = [await apiCpuMicros(api), threadCpuMicros(api.pid!), processCpuMicros(node.pid!), process.cpuUsage(loadCpu0), machineBusyMicros()];
    await worker.stop();
    const profile = values.profile ? await ask<Profile>(api, { op: 'profile-stop' }) : undefined;

    const rawRun = await runRaw(eventstoreUrl, () => processCpuMicros(node.pid!));

    const http = summary(httpRun);
    const raw = summary(rawRun);
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(44)} ${s.perSecond.toFixed(0).padStart(8)}/s   p50 ${s.p50.toFixed(1).padStart(6)} ms   p99 ${s.p99.toFixed(1).padStart(6)} ms`;
    const perOp = (micros: number, ops: number) => `${(micros / ops).toFixed(0)} µs`;
    console.log(`\n${CLIENTS} concurrent clients; ${httpRun.ops} operations measured on each side after ${WARMUP * 3 * CLIENTS} to warm up; durable embedded node in its own process (${dataDir})`);
    console.log(`API: ${API_WORKERS === 1 ? 'one process' : `${API_WORKERS} worker processes (API_WORKERS=${API_WORKERS}, node:cluster) plus their primary`} on ${cpus().length} cores`);
    console.log(row('HTTP commands (raise → assign → answer)', http));
    console.log(row('raw appends (same node, same concurrency)', raw));
    const ratio = http.perSecond / raw.perSecond;
    console.log(`ratio HTTP / raw: ${(ratio * 100).toFixed(0)}% (target ≥ 50%) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
    console.log(
      `CPU per operation: API process ${perOp(apiCpu1 - apiCpu0, httpRun.ops)} per command, node ${perOp(nodeCpu1 - nodeCpu0, httpRun.ops)} per command; ` +
        `raw writer ${perOp(rawRun.cpuMicros ?? 0, rawRun.ops)} per append, node ${perOp(rawRun.nodeCpuMicros, rawRun.ops)} per append`,
    );
    if (API_WORKERS === 1) {
      // The main thread is what one core bounds; the rest is the append thread (APPEND_THREAD), GC helpers and libuv's pool.
      console.log(
        `API by thread: main ${perOp(apiMain1 - apiMain0, httpRun.ops)} per command, other threads ${perOp(apiCpu1 - apiCpu0 - (apiMain1 - apiMain0), httpRun.ops)} per command (APPEND_THREAD=${process.env.APPEND_THREAD ?? 'true'})`,
      );
    }
    // The HTTP clients share this machine's cores with the API and the node; the raw writer has no HTTP client to pay for.
    const busy = (micros: number, seconds: number) => `${((micros / (seconds * 1e6 * cpus().length)) * 100).toFixed(0)}%`;
    console.log(
      `HTTP load generator ${perOp(loadCpu.user + loadCpu.system, httpRun.ops)} per command; machine busy (${cpus().length} cores, all processes): ` +
        `${busy(busy1 - busy0, httpRun.seconds)} during HTTP, ${busy(rawRun.busyMicros ?? 0, rawRun.seconds)} during raw`,
    );
    // What the API would do with cores of its own: each API process is bound by its own core, so the
    // rate the target asks for needs this many of them (API_WORKERS or instances), beside the node's.
    const apiPerCore = 1e6 / ((API_WORKERS === 1 ? apiMain1 - apiMain0 : apiCpu1 - apiCpu0) / httpRun.ops);
    const machineCpuPerCommand = (apiCpu1 - apiCpu0 + nodeCpu1 - nodeCpu0 + loadCpu.user + loadCpu.system) / httpRun.ops;
    console.log(
      `capacity: one API core (its main thread when one process) ≈ ${apiPerCore.toFixed(0)} commands/s; 50% of raw (${(raw.perSecond / 2).toFixed(0)}/s) needs ≈ ${Math.ceil(raw.perSecond / 2 / apiPerCore)} API cores of their own; ` +
        `this machine's ${cpus().length} cores, shared by API, node and load generator (${machineCpuPerCommand.toFixed(0)} µs per command together), cap it at ≈ ${((cpus().length * 1e6) / machineCpuPerCommand).toFixed(0)} commands/s`,
    );
    if (profile) {
      await writeFile(values.profile!, JSON.stringify(profile));
      const split = splitProfile(profile);
      const total = [...split.values()].reduce((a, b) => a + b, 0);
      // The profile samples the main thread only.
      const perCommand = (apiMain1 - apiMain0) / httpRun.ops;
      console.log(`API main thread CPU per command by where it went (profile of the measured window: ${values.profile}):`);
      for (const [name, micros] of [...split].sort((a, b) => b[1] - a[1])) {
        console.log(`  ${name.padEnd(62)} ${((micros / total) * perCommand).toFixed(0).padStart(5)} µs  ${((micros / total) * 100).toFixed(0).padStart(3)}%`);
      }
    }
  } finally {
    for (const child of started.reverse()) await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (!isMainThread) {
  parentPort!.on('message', (job: ClientJob) => clients(job).then((run) => parentPort!.postMessage(run)));
} else {
  (values.raw ? rawProcess(values.raw) : main()).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
