/*
 * Throughput of the embedded MongoDB node through the official driver.
 *
 * By default the node runs in its own process (`node dist/libs/embedded-mongo/src/main.js --port 0`),
 * as in production, so driver and node do not share an event loop. `--in-process` starts it inside
 * this process instead (labelled as such in the output). Extra node flags for the child, e.g. a CPU
 * profile: `MONGO_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 *
 * `--upserts-only` stops after the upsert figures (for profiling).
 *
 * Every figure is the median of RUNS runs after a warm-up. Prints targets and whether each is met.
 * Upsert lines also give CPU time per upsert of the node and of this process (ops + driver):
 * steadier than wall-clock rates on a shared machine, and they show which side limits.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnyBulkWriteOperation, Collection, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@app/embedded-mongo';

const RUNS = 3;
const BATCH = 500;
const UPSERT_DOCS = 100_000;
const LOOKUPS = 5_000;
const UPSERT_TARGET = 20_000;
const LOOKUP_RATIO_TARGET = 2;
const UNITS = ['HN', 'HCM', 'DN', 'HP', 'CT', 'QN', 'BD', 'KH'];

/** A read-model row as the projector writes it. */
interface ReadModelDoc {
  _id: string;
  status?: string;
  pass?: number;
  unit?: string;
  version?: number;
  createdAt?: Date;
}

/** A row of the lookup and $group collections. */
interface CaseDoc {
  _id: string;
  code: string;
  unit: string;
  score: number;
}

interface Node {
  uri: string;
  label: string;
  /** CPU seconds the node has used so far (user + system), when it can be read. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** utime + stime of a process from /proc (Linux; clock ticks of 1/100 s), else undefined. */
function procCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Starts the node as a child process and waits for its "listening on <uri>" line. */
async function spawnNode(): Promise<Node> {
  const main = path.join(__dirname, '../libs/embedded-mongo/src/main.js');
  const extra = (process.env.MONGO_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, main, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (mongodb:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`embedded mongo exited with ${code} before listening: ${out}`)));
    child.once('error', reject);
  });
  return {
    uri,
    label: `separate process (pid ${child.pid}, ${path.relative(process.cwd(), main)})`,
    cpuSeconds: () => procCpuSeconds(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startNode(): Promise<Node> {
  if (!process.argv.includes('--in-process')) return spawnNode();
  const node = await startEmbeddedMongo();
  const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  return { uri: node.uri, label: 'IN-PROCESS (driver and node share one event loop)', cpuSeconds, stop: () => node.stop() };
}

/** The projector's two upsert shapes: operator update seeded from `{_id}`, and whole-document replacement. */
type Shape = 'updateOne' | 'replaceOne';

function upsertOp(shape: Shape, i: number, pass: number): AnyBulkWriteOperation<ReadModelDoc> {
  const _id = `case-${i}`;
  if (shape === 'replaceOne') {
    return { replaceOne: { filter: { _id }, replacement: { status: 'open', pass, unit: UNITS[i % 8], version: pass }, upsert: true } };
  }
  return {
    updateOne: {
      filter: { _id },
      update: { $set: { status: 'open', pass, unit: UNITS[i % 8] }, $inc: { version: 1 }, $setOnInsert: { createdAt: new Date() } },
      upsert: true,
    },
  };
}

interface PassResult {
  /** Upserts per second, wall clock, driver included. */
  rate: number;
  /** The node's CPU time per upsert in microseconds (in-process: the whole process's), if known. */
  cpuMicros?: number;
  /** This process's CPU time per upsert (building ops + driver; in-process also the node). */
  clientMicros: number;
}

/** One pass of `docs` upserts in ordered bulkWrite batches. */
async function upsertPass(node: Node, c: Collection<ReadModelDoc>, shape: Shape, docs: number, pass: number): Promise<PassResult> {
  const batches = Array.from({ length: Math.ceil(docs / BATCH) }, (_, b) =>
    Array.from({ length: Math.min(BATCH, docs - b * BATCH) }, (_, j) => upsertOp(shape, b * BATCH + j, pass)),
  );
  let upserted = 0;
  let matched = 0;
  const cpu0 = node.cpuSeconds();
  const client0 = process.cpuUsage();
  const secs = await timed(async () => {
    for (const ops of batches) {
      const r = await c.bulkWrite(ops, { ordered: true });
      upserted += r.upsertedCount;
      matched += r.matchedCount;
    }
  });
  const expected = pass === 1 ? [docs, 0] : [0, docs];
  if (upserted !== expected[0] || matched !== expected[1]) {
    throw new Error(`${shape} pass ${pass}: upserted ${upserted}, matched ${matched}; expected ${expected.join(', ')}`);
  }
  const cpu1 = node.cpuSeconds();
  const client = process.cpuUsage(client0);
  return {
    rate: docs / secs,
    cpuMicros: cpu0 === undefined || cpu1 === undefined ? undefined : ((cpu1 - cpu0) / docs) * 1e6,
    clientMicros: (client.user + client.system) / docs,
  };
}

async function fill(c: Collection<CaseDoc>, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, n - i) }, (_, j) => ({
      _id: `op-${i + j}`,
      code: `C${i + j}`,
      unit: UNITS[(i + j) % UNITS.length],
      score: (i + j) % 5,
    }));
    await c.insertMany(batch, { ordered: false });
  }
}

async function lookupsPerSecond(c: Collection<CaseDoc>, n: number, field: '_id' | 'code'): Promise<number> {
  const keys = Array.from({ length: LOOKUPS }, () => Math.floor(Math.random() * n)).map((i) => (field === '_id' ? `op-${i}` : `C${i}`));
  const secs = await timed(async () => {
    for (const k of keys) {
      const found = field === '_id' ? await c.findOne({ _id: k }) : await c.findOne({ code: k });
      if (!found) throw new Error(`missing ${field}=${k}`);
    }
  });
  return LOOKUPS / secs;
}

async function main(): Promise<void> {
  const node = await startNode();
  const client = await new MongoClient(node.uri).connect();
  const db = client.db('bench');
  const summary: string[] = [];
  console.log(`embedded mongo: ${node.label}; node ${process.version}; median of ${RUNS} runs after warm-up`);

  try {
    // 1. Upserts through ordered bulkWrite batches of 500, as the projector writes read models.
    //    Each run gets a fresh collection: pass 1 inserts every document, pass 2 updates every one.
    for (const shape of ['updateOne', 'replaceOne'] as const) {
      const warm = db.collection<ReadModelDoc>(`warmup_${shape}`);
      for (let pass = 1; pass <= 3; pass++) await upsertPass(node, warm, shape, 20_000, Math.min(pass, 2));
      await warm.drop();
      const inserting: PassResult[] = [];
      const updating: PassResult[] = [];
      for (let run = 0; run < RUNS; run++) {
        const c = db.collection<ReadModelDoc>(`read_model_${shape}_${run}`);
        inserting.push(await upsertPass(node, c, shape, UPSERT_DOCS, 1));
        updating.push(await upsertPass(node, c, shape, UPSERT_DOCS, 2));
        await c.drop();
      }
      for (const [label, results] of [['inserting', inserting], ['updating ', updating]] as const) {
        const rates = results.map((r) => r.rate);
        const m = median(rates);
        const nodeCpu = results.every((r) => r.cpuMicros !== undefined) ? `node ${median(results.map((r) => r.cpuMicros!)).toFixed(1)}, ` : '';
        const cpu = `   CPU µs/upsert: ${nodeCpu}bench+driver ${median(results.map((r) => r.clientMicros)).toFixed(1)}`;
        const line = `${shape} upserts/s (bulkWrite x${BATCH}, ${label}): ${fmt(m).padStart(7)}   [runs ${rates.map(fmt).join(', ')}]${cpu}   target >= ${fmt(UPSERT_TARGET)}: ${verdict(m >= UPSERT_TARGET)}`;
        console.log(line);
        summary.push(line);
      }
    }

    if (process.argv.includes('--upserts-only')) return;

    // 2. Point lookups by _id and by a secondary unique key, small vs large collection.
    const rates: Record<string, number> = {};
    for (const n of [10_000, 1_000_000]) {
      const c = db.collection<CaseDoc>(`lookup_${n}`);
      await c.createIndex({ code: 1 }, { unique: true });
      const fillSecs = await timed(() => fill(c, n));
      console.log(`filled ${fmt(n)} docs in ${fillSecs.toFixed(1)} s (${fmt(n / fillSecs)} inserts/s, insertMany x10,000)`);
      for (const f of ['_id', 'code'] as const) {
        await lookupsPerSecond(c, n, f); // warm-up
        const runs: number[] = [];
        for (let run = 0; run < RUNS; run++) runs.push(await lookupsPerSecond(c, n, f));
        rates[`${f}@${n}`] = median(runs);
        console.log(`point lookups/s by ${f.padEnd(4)} on ${fmt(n).padStart(9)} docs: ${fmt(rates[`${f}@${n}`])}   [runs ${runs.map(fmt).join(', ')}]`);
      }
      await c.drop();
    }
    for (const f of ['_id', 'code']) {
      const ratio = rates[`${f}@10000`] / rates[`${f}@1000000`];
      const line = `lookup cost ratio 1M/10k by ${f.padEnd(4)}: ${ratio.toFixed(2)}x   target <= ${LOOKUP_RATIO_TARGET}x: ${verdict(ratio <= LOOKUP_RATIO_TARGET)}`;
      console.log(line);
      summary.push(line);
    }

    // 3. $group over a 100k-document collection (no target; tracked figure).
    const g = db.collection<CaseDoc>('group_100k');
    await fill(g, 100_000);
    const pipeline = [{ $group: { _id: '$unit', n: { $sum: 1 }, avg: { $avg: '$score' } } }, { $sort: { _id: 1 } }];
    const first = await g.aggregate(pipeline).toArray(); // warm-up and sanity check
    if (first.length !== UNITS.length || first.reduce((s, x) => s + (x.n as number), 0) !== 100_000) {
      throw new Error(`unexpected $group result ${JSON.stringify(first)}`);
    }
    const groupRuns: number[] = [];
    for (let run = 0; run < RUNS; run++) groupRuns.push(await timed(() => g.aggregate(pipeline).toArray()));
    const line = `$group over 100,000 docs: ${(median(groupRuns) * 1000).toFixed(0)} ms per run   [runs ${groupRuns.map((s) => (s * 1000).toFixed(0)).join(', ')} ms]   (no target)`;
    console.log(line);
    summary.push(line);
    await g.drop();
  } finally {
    await client.close();
    await node.stop();
  }
  if (process.argv.includes('--upserts-only')) return;
  console.log(`\nsummary (${node.label}):\n  ${summary.join('\n  ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
