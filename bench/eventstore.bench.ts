/**
 * Embedded event store benchmark through the real client, durable log in a temp dir.
 * Run: npm run bench:eventstore
 */
import { EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@app/embedded-eventstore';
import { EventStoreEngine } from '../libs/embedded-eventstore/src/engine/event-store.engine';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SINGLE_WRITER_APPENDS = 2_000;
const CONCURRENT_WRITERS = 50;
const CONCURRENT_APPENDS = 30_000;

const payload = { caseId: 'c-0001', unit: 'CA-HN-01', text: 'Ý kiến của người dân về an ninh trật tự khu phố', rating: 4 };
const event = () => jsonEvent({ type: 'OpinionRecorded', data: payload, metadata: { actor: 'bench', correlationId: crypto.randomUUID() } });

const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function timed(label: string, n: number, target: string, fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${String(n).padStart(7)} events in ${ms.toFixed(0).padStart(6)} ms = ${rate(n, ms).padStart(10)}  (target ${target})`);
  return (n / ms) * 1000;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'es-bench-'));
  try {
    let node = await startEmbeddedEventStore({ dataDir: dir });
    let client = EventStoreDBClient.connectionString(node.connectionString);
    await client.appendToStream('warmup', event());

    await timed('durable appends, 1 writer', SINGLE_WRITER_APPENDS, 'n/a', async () => {
      for (let i = 0; i < SINGLE_WRITER_APPENDS; i++) await client.appendToStream(`single-${i % 100}`, event());
    });
    const fifty = await timed(`durable appends, ${CONCURRENT_WRITERS} writers`, CONCURRENT_APPENDS, '≥ 5,000/s', async () => {
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
    const total = 1 + SINGLE_WRITER_APPENDS + CONCURRENT_APPENDS;
    // Restart so the $all read and catch-up come from the file, not the recent-tail cache.
    await client.dispose();
    await node.stop();
    // Index cost alone: rebuild it from the file (no payloads kept; the recent-tail cache starts empty).
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const { engine } = await EventStoreEngine.open(dir);
    gc();
    const indexBytes = process.memoryUsage().heapUsed - heapBefore;
    await engine.stop();
    node = await startEmbeddedEventStore({ dataDir: dir });
    client = EventStoreDBClient.connectionString(node.connectionString);

    const read = await timed('$all read forwards (from disk)', total, '≥ 50,000/s', async () => {
      let n = 0;
      for await (const _ of client.readAll({ fromPosition: START, maxCount: total })) n++;
      if (n !== total) throw new Error(`read ${n} of ${total}`);
    });
    await timed('catch-up subscription to $all', total, 'n/a', async () => {
      let n = 0;
      for await (const _ of client.subscribeToAll({ fromPosition: START })) if (++n === total) break;
    });
    await client.dispose();
    await node.stop();

    const peakRss = process.resourceUsage().maxRSS * 1024;
    console.log(`peak RSS (client + node in one process)       ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
    console.log(`heap per stored event (rebuilt index)         ${(indexBytes / total).toFixed(0)} bytes (${total} events)`);
    console.log(`targets: 50 writers ${fifty >= 5_000 ? 'MET' : 'MISSED'}, $all read ${read >= 50_000 ? 'MET' : 'MISSED'}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
