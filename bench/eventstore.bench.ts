/**
 * Embedded event store benchmark. As in production, the node runs in its own process (this file
 * with `node` as first argument, a thin wrapper around startEmbeddedEventStore with a durable log
 * in a temp dir); writers and readers run in this process through the real client, or in writer
 * worker processes with their own client connection.
 *
 * 50 concurrent writers are measured in two shapes: all in this one client process (for reference:
 * the client library's own work per append caps one process near 5k/s), and spread over
 * writer processes with a client each, as a node sees them in production (the target's shape).
 *
 * Each figure says which side limits it, from the CPU each process burned during the phase
 * (a process near one full core is the bottleneck; neither near it means fsync/latency bound).
 *
 * Run: npm run bench:eventstore (BENCH_WRITER_PROCS=N spreads the 50 writers over N processes; 2 by default)
 */
import { EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import { Client, credentials, type ClientReadableStream } from '@grpc/grpc-js';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedEventStore } from '../libs/embedded-eventstore/src/embedded-eventstore.server';
import { shared, streams } from '../libs/embedded-eventstore/src/grpc/proto';

const SINGLE_WRITER_APPENDS = 1_000;
const CONCURRENT_WRITERS = 50;
const CONCURRENT_APPENDS = 30_000;
const WORKERS = Number(process.env.BENCH_WRITER_PROCS ?? 2);
const WORKER_APPENDS = 30_000;
const WORKER_WARMUP_APPENDS = SINGLE_WRITER_APPENDS;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

const payload = { caseId: 'c-0001', unit: 'CA-HN-01', text: 'Ý kiến của người dân về an ninh trật tự khu phố', rating: 4 };
const event = () => jsonEvent({ type: 'OpinionRecorded', data: payload, metadata: { actor: 'bench', correlationId: crypto.randomUUID() } });
const CORES = cpus().length;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Node process: the embedded node plus a tiny IPC hook to force GC and report memory.

async function runNode(dataDir: string): Promise<void> {
  const node = await startEmbeddedEventStore({ dataDir, port: 0 });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ cmd: 'gc-done', heapUsed: process.memoryUsage().heapUsed });
    } else if (m.cmd === 'stats') {
      process.send!({ cmd: 'stats', ...node.stats() });
    } else if (m.cmd === 'stop') {
      void node.stop().then(() => process.exit(0));
    }
  });
  process.send!({ cmd: 'ready', connectionString: node.connectionString, port: node.port });
}

interface NodeProc {
  child: ChildProcess;
  connectionString: string;
  port: number;
  /** Sends a command; resolves with the node's reply (`gc` answers with its heapUsed). */
  request(cmd: string): Promise<{ heapUsed?: number; writes?: number; groupCommits?: number }>;
  stop(): Promise<void>;
}

async function spawnNode(dataDir: string): Promise<NodeProc> {
  const child = fork(__filename, ['node', dataDir], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ connectionString: string; port: number }>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  return {
    child,
    ...ready,
    request: (cmd) =>
      new Promise((resolve) => {
        child.once('message', (m: { heapUsed?: number; writes?: number; groupCommits?: number }) => resolve(m));
        child.send({ cmd });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'stop' });
      }),
  };
}

async function procStatus(pid: number): Promise<{ rss: number; hwm: number }> {
  const s = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
async function procCpu(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / USER_HZ;
}

/** CPU seconds the whole machine spent busy (all cores), from /proc/stat. */
async function machineBusy(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / USER_HZ;
}

// ---------------------------------------------------------------------------------------------
// Writer worker process: its own client connection, `writers` concurrent appenders.

async function runWriter(connectionString: string, writers: number, appends: number, tag: string): Promise<void> {
  const client = EventStoreDBClient.connectionString(connectionString);
  // As warm as the single client is when its 50 writers start (it ran the 1-writer phase first).
  for (let i = 0; i < WORKER_WARMUP_APPENDS; i++) await client.appendToStream(`${tag}-warmup-${i % 100}`, event());
  process.send!({ cmd: 'ready' });
  await new Promise((r) => process.once('message', r));
  const cpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (next < appends) {
        next++;
        await client.appendToStream(`${tag}-${w}-${next % 20}`, event());
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  process.send!({ cmd: 'done', cpu: (cpu.user + cpu.system) / 1e6 });
  await client.dispose();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers.

interface Phase {
  n: number;
  ms: number;
  rate: number;
  nodeCpu: number;
  clientCpu: number;
  /** CPU seconds used by every other process on the machine during the phase. */
  otherCpu: number;
  /** Write requests per group commit (one write + fsync) during the phase; 0 when nothing was written. */
  perGroup: number;
}

async function phase(node: NodeProc, n: number, fn: () => Promise<number | void>): Promise<Phase> {
  const s0 = await node.request('stats');
  const n0 = await procCpu(node.child.pid!);
  const m0 = await machineBusy();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const extraClientCpu = (await fn()) ?? 0;
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const nodeCpu = (await procCpu(node.child.pid!)) - n0;
  const clientCpu = (c.user + c.system) / 1e6 + extraClientCpu;
  const otherCpu = Math.max(0, (await machineBusy()) - m0 - nodeCpu - clientCpu);
  const s1 = await node.request('stats');
  const groups = (s1.groupCommits ?? 0) - (s0.groupCommits ?? 0);
  const perGroup = groups > 0 ? ((s1.writes ?? 0) - (s0.writes ?? 0)) / groups : 0;
  return { n, ms, rate: (n / ms) * 1000, nodeCpu, clientCpu, otherCpu, perGroup };
}

/** Which side limits a phase: the process using most of a core, or neither (latency / fsync). */
function limit(p: Phase, clientProcs = 1): string {
  const s = p.ms / 1000;
  const node = p.nodeCpu / s;
  const client = p.clientCpu / s / clientProcs;
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const others = p.otherCpu / s;
  const idle = Math.max(0, CORES - node - client * clientProcs - others);
  let who: string;
  if (node >= 0.8 && node >= client) who = 'node CPU';
  else if (client >= 0.8) who = 'client CPU';
  else if (idle < 0.3) who = `CPU contention (machine saturated, other processes ${pct(others)})`;
  else who = 'latency: fsync / flow-control round trips (neither side CPU-bound)';
  const clientLabel = clientProcs > 1 ? `client ${pct(client)}/proc` : `client ${pct(client)}`;
  // CPU per event is what the figure would become on an otherwise idle core: it survives contention.
  const perEvent = (cpu: number): string => `${((cpu / p.n) * 1e6).toFixed(0)} µs/ev`;
  const groups = p.perGroup > 0 ? `, ${p.perGroup.toFixed(1)} appends/fsync` : '';
  return `node ${pct(node)} (${perEvent(p.nodeCpu)}, ≈${fmt(p.n / p.nodeCpu)}/s per core${groups}) ${clientLabel} (${perEvent(p.clientCpu)}) → ${who}`;
}

const rows: string[] = [];
function report(label: string, p: Phase, target: string, clientProcs = 1): void {
  const line =
    `${label.padEnd(54)} ${String(p.n).padStart(6)} ev ${p.ms.toFixed(0).padStart(6)} ms = ${fmt(p.rate).padStart(8)}/s` +
    `  target ${target.padEnd(10)} | ${limit(p, clientProcs)}`;
  rows.push(line);
  console.log(line);
}

/** Raw gRPC `$all` read: counts response messages without decoding them (the node's own capability). */
function rawReadAll(port: number, max: number, window?: number): Promise<{ messages: number; bytes: number }> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 17 * 1024 * 1024,
    // The HTTP/2 receive window is the reader's choice; db-client keeps the 64 KiB default.
    ...(window ? { 'grpc-node.flow_control_window': window } : {}),
  });
  const options = new streams.ReadReq.Options()
    .setAll(new streams.ReadReq.Options.AllOptions().setStart(new shared.Empty()))
    .setReadDirection(streams.ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setCount(String(max))
    .setNoFilter(new shared.Empty())
    .setUuidOption(new streams.ReadReq.Options.UUIDOption().setString(new shared.Empty()));
  const call: ClientReadableStream<Buffer> = client.makeServerStreamRequest(
    '/event_store.client.streams.Streams/Read',
    (r: streams.ReadReq) => Buffer.from(r.serializeBinary()),
    (b: Buffer) => b,
    new streams.ReadReq().setOptions(options),
  );
  return new Promise((resolve, reject) => {
    let messages = 0;
    let bytes = 0;
    call.on('data', (b: Buffer) => {
      messages++;
      bytes += b.length;
    });
    call.on('error', reject);
    call.on('end', () => {
      client.close();
      resolve({ messages, bytes });
    });
  });
}

async function fsyncLatencyMs(dir: string): Promise<number> {
  const f = await open(join(dir, 'fsync-probe'), 'w');
  const buf = Buffer.alloc(300, 1);
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) {
    await f.write(buf, 0, buf.length, i * buf.length);
    await f.datasync();
  }
  const ms = (performance.now() - t0) / 50;
  await f.close();
  await rm(join(dir, 'fsync-probe'));
  return ms;
}

/**
 * Starts the writer processes and waits until each is connected and warmed up; the returned
 * function then starts their appends and resolves with their CPU seconds once all are done.
 * Start-up and warm-up stay outside the measured phase (they are not the appends it counts).
 */
async function writerWorkers(connectionString: string): Promise<() => Promise<number>> {
  const kids = Array.from({ length: WORKERS }, (_, i) =>
    fork(__filename, ['writer', connectionString, String(CONCURRENT_WRITERS / WORKERS), String(WORKER_APPENDS / WORKERS), `proc${i}`], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const msg = (k: ChildProcess, cmd: string): Promise<{ cmd: string; cpu?: number }> =>
    new Promise((resolve, reject) => {
      const on = (m: { cmd: string; cpu?: number }): void => {
        if (m.cmd === cmd) {
          k.off('message', on);
          resolve(m);
        }
      };
      k.on('message', on);
      k.once('exit', (code) => code !== 0 && reject(new Error(`writer exited with ${code}`)));
    });
  await Promise.all(kids.map((k) => msg(k, 'ready')));
  return async () => {
    const done = kids.map((k) => msg(k, 'done'));
    for (const k of kids) k.send({ cmd: 'go' });
    const results = await Promise.all(done);
    return results.reduce((s, r) => s + (r.cpu ?? 0), 0);
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'es-bench-'));
  const dataDir = join(dir, 'node');
  try {
    const fsyncMs = await fsyncLatencyMs(dir);
    console.log(`fdatasync latency of ${tmpdir()}: ${fsyncMs.toFixed(2)} ms (1 writer can do at most ~${fmt(1000 / fsyncMs)} appends/s)`);
    let node = await spawnNode(dataDir);
    const emptyHeap = (await node.request('gc')).heapUsed ?? 0;
    const emptyRss = (await procStatus(node.child.pid!)).rss;
    let client = EventStoreDBClient.connectionString(node.connectionString);
    await client.appendToStream('warmup', event());

    const single = await phase(node, SINGLE_WRITER_APPENDS, async () => {
      for (let i = 0; i < SINGLE_WRITER_APPENDS; i++) await client.appendToStream(`single-${i % 100}`, event());
    });
    report('durable appends, 1 writer', single, 'n/a');

    const fifty = await phase(node, CONCURRENT_APPENDS, async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENT_WRITERS }, async (_, w) => {
          while (next < CONCURRENT_APPENDS) {
            next++;
            await client.appendToStream(`writer-${w}-${next % 20}`, event());
          }
        }),
      );
    });
    // One client process tops out near 5k appends/s on its own CPU (the client library's per-append
    // work): shown for reference. A node sees 50 writers from several clients, the shape the target is for.
    report(`durable appends, ${CONCURRENT_WRITERS} writers, 1 client (reference)`, fifty, 'n/a');

    const runWriters = await writerWorkers(node.connectionString);
    const procs = await phase(node, WORKER_APPENDS, runWriters);
    report(`durable appends, ${CONCURRENT_WRITERS} writers over ${WORKERS} clients (target)`, procs, '≥ 5,000/s', WORKERS);

    const total = 1 + SINGLE_WRITER_APPENDS + CONCURRENT_APPENDS + WORKER_APPENDS + WORKERS * WORKER_WARMUP_APPENDS;
    const peakAfterWrites = (await procStatus(node.child.pid!)).hwm;
    await client.dispose();
    await node.stop();

    // Restart: the index is rebuilt from the log; the $all read and catch-up then come from the file.
    node = await spawnNode(dataDir);
    const rebuiltHeap = (await node.request('gc')).heapUsed ?? 0;
    const rebuiltRss = (await procStatus(node.child.pid!)).rss;
    client = EventStoreDBClient.connectionString(node.connectionString);

    const raw = await phase(node, total, async () => {
      const { messages } = await rawReadAll(node.port, total);
      if (messages !== total) throw new Error(`raw read got ${messages} of ${total}`);
    });
    report('$all read, raw gRPC frames, 64 KiB window', raw, '≥ 50,000/s');

    const rawWide = await phase(node, total, async () => {
      const { messages } = await rawReadAll(node.port, total, 8 * 1024 * 1024);
      if (messages !== total) throw new Error(`raw read got ${messages} of ${total}`);
    });
    report('$all read, raw gRPC frames, 8 MiB window (node cap.)', rawWide, '≥ 50,000/s');

    const read = await phase(node, total, async () => {
      let n = 0;
      for await (const _ of client.readAll({ fromPosition: START, maxCount: total })) n++;
      if (n !== total) throw new Error(`read ${n} of ${total}`);
    });
    report('$all read through @eventstore/db-client', read, '≥ 50,000/s');

    const sub = await phase(node, total, async () => {
      let n = 0;
      for await (const _ of client.subscribeToAll({ fromPosition: START })) if (++n === total) break;
    });
    report('catch-up subscription to $all (client)', sub, 'n/a');

    await client.dispose();
    const peakAfterReads = (await procStatus(node.child.pid!)).hwm;
    await node.stop();

    console.log('');
    console.log(`node peak RSS (VmHWM): ${fmt(peakAfterWrites / 1024 / 1024)} MiB while writing, ${fmt(peakAfterReads / 1024 / 1024)} MiB after restart + reads`);
    console.log(
      `node memory per stored event (RSS after index rebuild − empty node) / events: ` +
        `${fmt((rebuiltRss - emptyRss) / total)} bytes (${fmt(total)} events, ${fmt(emptyRss / 1024 / 1024)} → ${fmt(rebuiltRss / 1024 / 1024)} MiB)`,
    );
    console.log(`node heap per stored event after index rebuild (heapUsed delta after GC): ${fmt((rebuiltHeap - emptyHeap) / total)} bytes`);
    console.log(
      `targets: ${CONCURRENT_WRITERS} writers over ${WORKERS} clients ${procs.rate >= 5_000 ? 'MET' : 'MISSED'} ` +
        `(1 client: ${fmt(fifty.rate)}/s, ${fifty.rate >= 5_000 ? 'also' : 'not'} ≥ 5,000/s), ` +
        `$all read node ${Math.max(raw.rate, rawWide.rate) >= 50_000 ? 'MET' : 'MISSED'}, via client ${read.rate >= 50_000 ? 'MET' : 'MISSED'}`,
    );
    console.log(`bench wall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const [mode, ...args] = process.argv.slice(2);
const run = mode === 'node' ? runNode(args[0]) : mode === 'writer' ? runWriter(args[0], Number(args[1]), Number(args[2]), args[3]) : main();
run.catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
