/**
 * `npm run bench:reports`: seeds the embedded EventStoreDB node (in memory) with synthetic opinion
 * histories using multi-event appends, then compares a raw `$all` read with report replays and
 * samples peak RSS, at 250k and 1M events. Targets: replay ≥ 0.7 × raw read rate; peak RSS ≤ 300 MB
 * and not growing with the event count beyond the per-opinion state.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { demoDirectory, vietnamCalendar, addDays } from '@app/directory';
import { EventStore } from '@app/eventstore';
import { opinionStream } from '@app/opinions';
import type { Report, ReportContext, Row } from '../apps/reports/src/report';
import type { RowWriter } from '../apps/reports/src/output/row-writer';
import { replay } from '../apps/reports/src/replay/replay';
import { sessionsReport } from '../apps/reports/src/sessions/sessions.report';
import { departmentsReport } from '../apps/reports/src/departments/departments.report';
import { backlogReport } from '../apps/reports/src/backlog/backlog.report';

/** `BENCH_EVENTS=20000,80000` for a quick run. */
const STEPS = (process.env.BENCH_EVENTS ?? '250000,1000000').split(',').map(Number);
const DEPARTMENTS = ['CATP-HP-PC02', 'CATP-HP-PC04', 'CATP-HP-PC06', 'CATP-HP-PC08', 'CATP-HP-PA05'];
const actor = { id: 'bench', name: 'Bench', role: 'leader' as const, unit: 'CATP-HP' };

/** One opinion's history: raised, assigned, sometimes reassigned or returned, answered, resolved (≈ 5 events). */
function history(i: number) {
  const id = `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`;
  const sessionId = `00000000-0000-4000-9000-${(i % 500).toString().padStart(12, '0')}`;
  const day = addDays('2024-01-02', i % 700);
  const at = (d: number) => `${addDays(day, d)}T09:00:00+07:00`;
  const meta = (d: number) => ({ actor, correlationId: id, causationId: id, occurredAt: at(d), recordedAt: at(d) });
  const dept = DEPARTMENTS[i % DEPARTMENTS.length];
  const base = { opinionId: id, sessionId };
  const events = [
    { type: 'OpinionRaised', data: { ...base, organisingUnit: 'CATP-HP-KA', locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' }, topic: 'traffic', content: 'Ý kiến về giao thông', citizen: { anonymous: true }, channel: 'spoken', saidAt: at(0) }, metadata: meta(0) },
    { type: 'OpinionAssigned', data: { ...base, department: dept, dueDate: addDays(day, 21) }, metadata: meta(1) },
  ];
  if (i % 7 === 0) events.push({ type: 'OpinionReassigned', data: { ...base, from: dept, to: DEPARTMENTS[(i + 1) % 5], reason: 'Đúng thẩm quyền', dueDate: addDays(day, 25) } as never, metadata: meta(3) });
  if (i % 10 !== 0) {
    events.push({ type: 'OpinionAnswered', data: { ...base, content: 'Trả lời', answeringUnit: dept, onTheSpot: false } as never, metadata: meta(8) });
    if (i % 3 === 0) events.push({ type: 'OpinionResolved', data: { ...base, resolutionNote: 'Xong' } as never, metadata: meta(9) });
  }
  return { stream: opinionStream(id), events };
}

async function seed(client: EventStoreDBClient, from: number, target: number): Promise<number> {
  let opinions = from;
  let written = 0;
  const inFlight: Promise<unknown>[] = [];
  while (written < target) {
    const { stream, events } = history(opinions++);
    written += events.length;
    inFlight.push(client.appendToStream(stream, events.map((e) => jsonEvent({ type: e.type, data: e.data as never, metadata: e.metadata as never }))));
    if (inFlight.length >= 256) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  return opinions;
}

/** Peak RSS sampled every 20 ms during `fn`. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, peakRssMb: peak / 2 ** 20 };
}

/**
 * The node runs in its own process (in memory, like a real server) so the RSS measured here is the
 * report's alone. BatchAppend is off: the compiled node rejected batch appends when this was written.
 */
async function startNode(): Promise<{ url: string; child: ChildProcess }> {
  const main = path.join(__dirname, '../libs/embedded-eventstore/src/main.js');
  const child = spawn(process.execPath, [main, '--memory', '--port', '0', '--no-batch-append'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded node exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /(esdb:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
  });
  return { url, child };
}

const discard: RowWriter = { write: async () => undefined, end: async () => undefined };

async function main(): Promise<void> {
  const node = await startNode();
  const client = EventStoreDBClient.connectionString(node.url);
  const store = new EventStore(client);
  const context: ReportContext = { directory: demoDirectory(), calendar: vietnamCalendar(), params: { referenceDate: '2026-01-01', period: 'month' } };
  const reports = [sessionsReport, departmentsReport, backlogReport] as Report[];
  let opinions = 0;
  let seeded = 0;
  console.log('events     opinions  raw read ev/s  report        replay ev/s  ratio  peak RSS MB  rows');
  try {
    for (const step of STEPS) {
      const t0 = performance.now();
      opinions = await seed(client, opinions, step - seeded);
      seeded = step;
      console.error(`seeded to ${step} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const raw = await measured(async () => {
        let n = 0;
        for await (const _ of store.readAll()) n++;
        return n;
      });
      const rawRate = raw.result / raw.seconds;
      for (const report of reports) {
        let rows: Row[] = [];
        const writer: RowWriter = { write: async (r) => void (rows = rows.concat(r)), end: discard.end };
        const run = await measured(() => replay(store.readAll(), report, context, writer));
        const rate = run.result.events / run.seconds;
        console.log(
          [
            String(raw.result).padEnd(10),
            String(opinions).padEnd(9),
            rawRate.toFixed(0).padStart(13),
            ` ${report.name.padEnd(12)}`,
            rate.toFixed(0).padStart(12),
            (rate / rawRate).toFixed(2).padStart(6),
            run.peakRssMb.toFixed(0).padStart(12),
            String(rows.length).padStart(6),
          ].join(' '),
        );
      }
    }
  } finally {
    await client.dispose();
    node.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
