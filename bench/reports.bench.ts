/**
 * `npm run bench:reports`: report replays against a raw `$all` read on the embedded EventStoreDB
 * node, at 250k and 1M events (BENCH_EVENTS=250000,1000000).
 *
 *  - The node runs durable (`--data`) in its own process, as deployed.
 *  - Seeding: a generator walks the calendar day by day; sessions are scheduled and held, their
 *    opinions go through valid lifecycles (on-the-spot answers, assignments, reassignments,
 *    answers, returns, resolutions) spread over the following days, so `$all` interleaves
 *    opinions as a real store does. Events are appended in chunks of BENCH_CHUNK (1000) events,
 *    BENCH_PARALLEL (8) appends in flight, into `bench-<n>` streams: reports key on the ids in
 *    the event data, never on stream names, and an opinion-per-stream layout would need one
 *    append per lifecycle step.
 *  - Each measurement (raw read, then each report writing CSV to a temp file) is its own process,
 *    so its VmHWM is its own peak; CPU per event is process.cpuUsage() of that process over the
 *    read, and the node's CPU comes from /proc/<pid>/stat over the same interval.
 *  - BENCH_KEEP=1 keeps the seeded data directories (in BENCH_DIR, default the OS temp dir) and
 *    reuses them on the next run. BENCH_PAGE sets EventStore.readAll's page size (2048).
 * Targets: replay events/s ≥ 0.7 × raw read events/s; report peak RSS ≤ 300 MB, independent of
 * the event count (only per-opinion state may grow).
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoDirectory, vietnamCalendar, addDays } from '@app/directory';
import { EventStore, type Actor, type EventMetadata } from '@app/eventstore';
import { TOPICS } from '@app/opinions';
import { seededRandom } from '../libs/read-models/src/read-model.workload';
import type { Report, ReportContext } from '../apps/reports/src/report';
import { replay } from '../apps/reports/src/replay/replay';
import { REPLAY_REPORTS } from '../apps/reports/src/reports';
import { csvWriter } from '../apps/reports/src/output/csv.writer';
import { processCpuMicros } from './support/processes';

const STEPS = (process.env.BENCH_EVENTS ?? '250000,1000000').split(',').map(Number);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 8);
const PAGE = Number(process.env.BENCH_PAGE ?? 2048);
const KEEP = !!process.env.BENCH_KEEP;
const DIR = process.env.BENCH_DIR ?? os.tmpdir();
/** Bump when the generator changes, so kept data directories are not reused across versions. */
const GENERATOR_VERSION = 1;
const REFERENCE_DATE = '2026-01-01';
const RSS_TARGET_MB = 300;
const RATIO_TARGET = 0.7;

// ---------------------------------------------------------------------------------------------
// Generator

interface Organiser {
  unit: string;
  province: string;
  locality: { province: string; district: string; commune: string };
}

const ORGANISERS: Organiser[] = [
  ['CATP-HP-KA', 'CATP-HP', 'Hải Phòng', 'Kiến An', 'Trần Thành Ngọ'],
  ['CATP-HP-VB', 'CATP-HP', 'Hải Phòng', 'Vĩnh Bảo', 'Tân Hưng'],
  ['CATP-HP-DK', 'CATP-HP', 'Hải Phòng', 'Dương Kinh', 'Tân Thành'],
  ['CATP-HP-AD', 'CATP-HP', 'Hải Phòng', 'An Dương', 'An Hòa'],
  ['CATP-HP-KT', 'CATP-HP', 'Hải Phòng', 'Kiến Thuỵ', 'Minh Tân'],
  ['CATP-HP-HA', 'CATP-HP', 'Hải Phòng', 'Hải An', 'Đằng Lâm'],
  ['CAT-TH-THH', 'CAT-TH', 'Thanh Hoá', 'Thiệu Hoá', 'Thiệu Đô'],
  ['CAT-TH-VL', 'CAT-TH', 'Thanh Hoá', 'Vĩnh Lộc', 'Vĩnh Thịnh'],
  ['CAT-HT-TPHT', 'CAT-HT', 'Hà Tĩnh', 'TP Hà Tĩnh', 'Bắc Hà'],
].map(([unit, province, p, district, commune]) => ({ unit, province, locality: { province: p, district, commune } }));
const DEPARTMENT_SUFFIXES = ['PC02', 'PC04', 'PC06', 'PC07', 'PC08', 'PA05'];

interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/**
 * Events in the order they are recorded: day by day, each day's sessions and the lifecycle steps
 * of earlier opinions that fall on it. Each opinion's steps follow the domain's lifecycle.
 */
function* chronicle(seed = 1): Generator<BenchEvent> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const hex = (n: number) => {
    let s = '';
    while (s.length < n) s += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const uuid = () => {
    const h = hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const dates: string[] = [];
  const dateOf = (day: number) => (dates[day] ??= addDays('2022-01-03', day));
  /** Pending steps by day; a day's list is emitted (and dropped) when the walk reaches it. */
  const agenda = new Map<number, Array<Omit<BenchEvent, 'metadata'> & { actor: Actor }>>();
  const at = (day: number) => agenda.get(day) ?? agenda.set(day, []).get(day)!;
  for (let day = 0; ; day++) {
    const date = dateOf(day);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0) {
      for (let s = between(2, 5); s > 0; s--) {
        const org = pick(ORGANISERS);
        const sessionId = uuid();
        const secretary: Actor = { id: `secretary-${org.unit}`, name: 'Thư ký', role: 'secretary', unit: org.unit };
        const leader: Actor = { id: `leader-${org.unit}`, name: 'Lãnh đạo', role: 'leader', unit: org.unit };
        const heldAt = `${date}T01:30:00.000Z`;
        const today = at(day);
        today.push({
          type: 'SessionScheduled',
          data: { sessionId, title: `Hội nghị Công an lắng nghe ý kiến Nhân dân ${org.locality.commune} ${date}`, organisingUnit: org.unit, coOrganisers: ['Ban Dân vận'], locality: org.locality, venue: 'Nhà văn hoá', plannedAt: heldAt },
          actor: secretary,
        });
        today.push({ type: 'SessionHeld', data: { sessionId, heldAt, chairedBy: 'Trưởng Công an', attendance: between(40, 200) }, actor: secretary });
        for (let o = between(20, 60); o > 0; o--) {
          const ids = { opinionId: uuid(), sessionId };
          today.push({
            type: 'OpinionRaised',
            data: {
              ...ids,
              organisingUnit: org.unit,
              locality: org.locality,
              topic: pick(TOPICS),
              content: 'Đề nghị tăng cường tuần tra, xử lý lấn chiếm vỉa hè',
              citizen: random() < 0.3 ? { anonymous: true } : { anonymous: false, name: 'Nguyễn Văn Dân', contact: '0900000000' },
              channel: random() < 0.7 ? 'spoken' : 'written',
              saidAt: heldAt,
            },
            actor: secretary,
          });
          const roll = random();
          if (roll < 0.25) {
            today.push({ type: 'OpinionAnswered', data: { ...ids, content: 'Trả lời trực tiếp', answeringUnit: org.unit, onTheSpot: true }, actor: leader });
            if (random() < 0.6) at(day + between(1, 3)).push({ type: 'OpinionResolved', data: { ...ids, resolutionNote: 'Đã thông báo' }, actor: leader });
            continue;
          }
          if (roll < 0.33) continue; // still waiting for assignment
          let when = day + between(1, 3);
          let holder = `${org.province}-${pick(DEPARTMENT_SUFFIXES)}`;
          const dueDate = addDays(dateOf(when), 21);
          at(when).push({ type: 'OpinionAssigned', data: { ...ids, department: holder, dueDate }, actor: leader });
          if (random() < 0.15) {
            const to = `${org.province}-${pick(DEPARTMENT_SUFFIXES.filter((d) => !holder.endsWith(d)))}`;
            at((when += between(1, 5))).push({ type: 'OpinionReassigned', data: { ...ids, from: holder, to, reason: 'Đúng thẩm quyền', dueDate }, actor: leader });
            holder = to;
          }
          if (random() >= 0.8) continue; // not answered yet
          const officer: Actor = { id: `officer-${holder}`, name: 'Cán bộ', role: 'officer', unit: holder };
          at((when += between(2, 30))).push({ type: 'OpinionAnswered', data: { ...ids, content: 'Đã xử lý', answeringUnit: holder, onTheSpot: false }, actor: officer });
          if (random() < 0.2) {
            at((when += between(1, 5))).push({ type: 'AnswerReturned', data: { ...ids, reason: 'Chưa đạt', holder, dueDate: addDays(dateOf(when), 10) }, actor: leader });
            if (random() < 0.5) continue; // rework still going on
            at((when += between(2, 10))).push({ type: 'OpinionAnswered', data: { ...ids, content: 'Đã bổ sung', answeringUnit: holder, onTheSpot: false }, actor: officer });
          }
          if (random() < 0.6) at(when + between(1, 3)).push({ type: 'OpinionResolved', data: { ...ids, resolutionNote: 'Đã thông báo' }, actor: leader });
        }
      }
    }
    const steps = agenda.get(day) ?? [];
    agenda.delete(day);
    const base = Date.parse(`${date}T01:30:00.000Z`);
    for (let i = 0; i < steps.length; i++) {
      const { type, data, actor } = steps[i];
      const instant = new Date(base + i * 1000).toISOString();
      const id = (data.opinionId ?? data.sessionId) as string;
      yield { type, data, metadata: { actor, correlationId: id, causationId: id, occurredAt: instant, recordedAt: instant } };
    }
  }
}

async function seed(client: EventStoreDBClient, target: number): Promise<void> {
  const events = chronicle();
  const inFlight = new Set<Promise<unknown>>();
  let written = 0;
  let chunkNo = 0;
  const started = performance.now();
  while (written < target) {
    const chunk = [];
    for (let i = 0; i < CHUNK && written < target; i++, written++) {
      const e = events.next().value as BenchEvent;
      chunk.push(jsonEvent({ type: e.type, data: e.data as never, metadata: e.metadata as never }));
    }
    const append: Promise<unknown> = client.appendToStream(`bench-${chunkNo++ % 64}`, chunk).finally(() => inFlight.delete(append));
    inFlight.add(append);
    if (inFlight.size >= PARALLEL) await Promise.race(inFlight);
    if (chunkNo % 100 === 0) process.stderr.write(`\rseeding ${written.toLocaleString('en')} / ${target.toLocaleString('en')} (${rate(written, performance.now() - started)})  `);
  }
  await Promise.all(inFlight);
  process.stderr.write('\n');
}

// ---------------------------------------------------------------------------------------------
// Measurement (child process): one read of `$all`, raw or through a report.

interface Measurement {
  kind: string;
  events: number;
  seconds: number;
  cpuUsPerEvent: number;
  nodeCpuUsPerEvent: number;
  hwmMb: number;
  rows: number;
  outputBytes: number;
}

const vmHwmMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function measure(kind: string, url: string, nodePid: number): Promise<void> {
  const client = EventStoreDBClient.connectionString(url);
  const store = new EventStore(client);
  const context: ReportContext = { directory: demoDirectory(), calendar: vietnamCalendar(), params: { referenceDate: REFERENCE_DATE, period: 'month' } };
  // Warm the connection (and the JIT a little) on a short read, outside the measured interval.
  let warm = 0;
  for await (const _ of store.readAll({ pageSize: 256 })) if (++warm >= 256) break;
  const out = path.join(os.tmpdir(), `reports-bench-${process.pid}.csv`);
  let events = 0;
  let rows = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const node0 = processCpuMicros(nodePid);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (kind === 'raw') {
    for await (const _ of store.readAll({ pageSize: PAGE })) events++;
  } else {
    const report = REPLAY_REPORTS.find((r) => r.name === kind) as Report;
    const stream = fs.createWriteStream(out);
    const csv = csvWriter(stream, { report: report.name, title: report.title, columns: report.columns, params: context.params });
    const writer = { write: async (r: readonly unknown[]) => ((rows += r.length), csv.write(r as never)), end: () => csv.end() };
    events = (await replay(store.readAll({ pageSize: PAGE }), report, context, writer)).events;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpu = processCpuMicros(nodePid) - node0;
  const outputBytes = fs.existsSync(out) ? fs.statSync(out).size : 0;
  fs.rmSync(out, { force: true });
  await client.dispose();
  const result: Measurement = {
    kind,
    events,
    seconds,
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
    nodeCpuUsPerEvent: nodeCpu / events,
    hwmMb: vmHwmMb(),
    rows,
    outputBytes,
  };
  console.log(JSON.stringify(result));
}

function runMeasurement(kind: string, url: string, nodePid: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', __filename, 'measure', kind, url, String(nodePid)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Measurement) : reject(new Error(`${kind} exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Orchestration

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;

async function startNode(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const main = path.join(__dirname, '../libs/embedded-eventstore/src/main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded node exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /(esdb:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
  });
  return { url, child };
}

async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A data directory holding exactly `events` generated events: kept from an earlier run, or seeded now. */
async function seededNode(events: number): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const dataDir = path.join(DIR, `reports-bench-v${GENERATOR_VERSION}-${events}`);
  const marker = path.join(dataDir, 'bench-seeded.json');
  if (KEEP && fs.existsSync(marker)) {
    const t0 = performance.now();
    const node = await startNode(dataDir);
    console.error(`reusing ${dataDir} (node up in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return { ...node, dataDir };
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const node = await startNode(dataDir);
  const client = EventStoreDBClient.connectionString(node.url);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const node0 = processCpuMicros(node.child.pid!);
  await seed(client, events);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `seeded ${events.toLocaleString('en')} events in ${(ms / 1000).toFixed(1)} s (${rate(events, ms)}; ${CHUNK} events per append, ${PARALLEL} in flight; ` +
      `CPU per event: seeder ${((cpu.user + cpu.system) / events).toFixed(1)} µs, node ${((processCpuMicros(node.child.pid!) - node0) / events).toFixed(1)} µs)`,
  );
  await client.dispose();
  fs.writeFileSync(marker, JSON.stringify({ events, generator: GENERATOR_VERSION }));
  return { ...node, dataDir };
}

async function main(): Promise<void> {
  const kinds = ['raw', ...REPLAY_REPORTS.map((r) => r.name)];
  const only = process.env.BENCH_REPORTS?.split(',');
  const results = new Map<number, Measurement[]>();
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores; page size ${PAGE}`);
  for (const step of STEPS) {
    const node = await seededNode(step);
    const rows: Measurement[] = [];
    try {
      // Raw reads before and after the reports: other work on a shared machine moves rates by ±20%,
      // so each ratio is taken against the mean of the two.
      for (const kind of [...kinds, 'raw']) {
        if (only && kind !== 'raw' && !only.includes(kind)) continue;
        const m = await runMeasurement(kind, node.url, node.child.pid!);
        rows.push(m);
        console.error(`${step}: ${kind} ${rate(m.events, m.seconds * 1000)}, ${m.cpuUsPerEvent.toFixed(1)} µs CPU/event, VmHWM ${m.hwmMb.toFixed(0)} MB, load ${os.loadavg()[0].toFixed(2)}`);
      }
    } finally {
      await stopNode(node.child);
      if (!KEEP) fs.rmSync(node.dataDir, { recursive: true, force: true });
    }
    results.set(step, rows);
  }
  console.log();
  console.log('events     report       events/s  ratio (≥0.7)  CPU µs/event  node µs/event  CPU ratio  VmHWM MB (≤300)  over raw  rows      CSV MB');
  for (const [step, rows] of results) {
    const raws = rows.filter((m) => m.kind === 'raw');
    const raw: Measurement = {
      ...raws[0],
      seconds: raws.reduce((sum, m) => sum + m.seconds, 0) / raws.length,
      cpuUsPerEvent: raws.reduce((sum, m) => sum + m.cpuUsPerEvent, 0) / raws.length,
      nodeCpuUsPerEvent: raws.reduce((sum, m) => sum + m.nodeCpuUsPerEvent, 0) / raws.length,
      hwmMb: Math.max(...raws.map((m) => m.hwmMb)),
    };
    const rawRate = raw.events / raw.seconds;
    for (const m of [raw, ...rows.filter((r) => r.kind !== 'raw')]) {
      const r = m.events / m.seconds;
      const ratio = r / rawRate;
      const cpuRatio = raw.cpuUsPerEvent / m.cpuUsPerEvent;
      console.log(
        [
          String(m.events).padEnd(10),
          (m === raw && raws.length > 1 ? `raw (×${raws.length})` : m.kind).padEnd(11),
          r.toFixed(0).padStart(9),
          m.kind === 'raw' ? '            ' : `${ratio.toFixed(2).padStart(7)} ${ratio >= RATIO_TARGET ? 'ok  ' : 'LOW '}`,
          m.cpuUsPerEvent.toFixed(1).padStart(13),
          m.nodeCpuUsPerEvent.toFixed(1).padStart(14),
          (m.kind === 'raw' ? '' : cpuRatio.toFixed(2)).padStart(10),
          `${m.hwmMb.toFixed(0).padStart(12)} ${m.hwmMb <= RSS_TARGET_MB ? 'ok ' : 'HIGH'}`,
          (m.kind === 'raw' ? '' : (m.hwmMb - raw.hwmMb).toFixed(0)).padStart(9),
          String(m.rows).padStart(8),
          (m.outputBytes / 2 ** 20).toFixed(1).padStart(9),
        ].join(' '),
      );
    }
  }
  for (const [step, rows] of results) {
    const raws = rows.filter((m) => m.kind === 'raw').map((m) => (m.events / m.seconds).toFixed(0));
    console.log(`raw reads at ${step}: ${raws.join(', ')} events/s (before and after the reports)`);
  }
  // Independence of the event count: what a report adds to the peak of a plain read of the same
  // events (the read path's own peak moves with garbage-collection timing, ±10 MB run to run).
  const steps = [...results.keys()];
  if (steps.length > 1) {
    const overRaw = (step: number, kind: string) => {
      const rows = results.get(step)!;
      const report = rows.find((m) => m.kind === kind);
      const raw = Math.max(...rows.filter((m) => m.kind === 'raw').map((m) => m.hwmMb));
      return report && report.hwmMb - raw;
    };
    const [first, last] = [steps[0], steps[steps.length - 1]];
    for (const kind of new Set(results.get(last)!.map((m) => m.kind).filter((k) => k !== 'raw'))) {
      const a = overRaw(first, kind);
      const b = overRaw(last, kind);
      if (a !== undefined && b !== undefined) console.log(`${kind}: peak over raw read ${a.toFixed(0)} MB at ${first} → ${b.toFixed(0)} MB at ${last} events`);
    }
  }
  console.log('ratio: replay events/s ÷ raw read events/s (wall clock); CPU ratio: raw CPU per event ÷ replay CPU per event (what a free core would give).');
}

if (process.argv[2] === 'seed') {
  // `node dist/bench/reports.bench.js seed <events>`: seeds (or with BENCH_KEEP reuses) one data directory.
  seededNode(Number(process.argv[3]))
    .then(async (node) => {
      await stopNode(node.child);
      if (!KEEP) fs.rmSync(node.dataDir, { recursive: true, force: true });
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
} else if (process.argv[2] === 'measure') {
  measure(process.argv[3], process.argv[4], Number(process.argv[5])).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
