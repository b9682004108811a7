import { jsonEvent, type ResolvedEvent } from '@eventstore/db-client';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, open, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from './target';

// Kill, restart and corruption need the embedded node's own files, so these always run embedded.
describe('durability of the log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'es-durability-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const readAll = async (dataDir: string, stream: string) => {
    const node = await startEmbedded({ dataDir });
    const events: ResolvedEvent[] = [];
    for await (const e of node.client.readStream(stream)) events.push(e);
    return { node, events };
  };

  it('keeps every acknowledged append across SIGKILL, in order, and accepts new appends after restart', async () => {
    const child = spawn(process.execPath, ['-r', join(__dirname, '../../testing/src/ts-hook.js'), join(__dirname, 'fixtures/append-loop.child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Map<number, bigint>();
    let total = 0;
    await new Promise<void>((resolve) => {
      let buf = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          const [, w, rev] = line.split(' ');
          acked.set(Number(w), BigInt(rev));
          if (++total === 400) {
            child.kill('SIGKILL');
            resolve();
          }
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const node = await startEmbedded({ dataDir: dir });
    try {
      for (const [w, last] of acked) {
        const events: ResolvedEvent[] = [];
        for await (const e of node.client.readStream(`loop-${w}`)) events.push(e);
        expect(BigInt(events.length)).toBeGreaterThanOrEqual(last + 1n);
        events.forEach((e, i) => {
          expect(e.event!.revision).toBe(BigInt(i));
          expect(e.event!.data).toEqual({ w, i });
        });
        const next = await node.client.appendToStream(`loop-${w}`, jsonEvent({ type: 'Tick', data: {} }), {
          expectedRevision: BigInt(events.length - 1),
        });
        expect(next.nextExpectedRevision).toBe(BigInt(events.length));
      }
    } finally {
      await node.stop();
    }
  }, 30_000);

  const seed = async (): Promise<number> => {
    const node = await startEmbedded({ dataDir: dir });
    for (let i = 0; i < 10; i++) await node.client.appendToStream('s', jsonEvent({ type: 'E', data: { i } }));
    await node.stop();
    return (await stat(join(dir, 'events.log'))).size;
  };

  it('cuts garbage written after the last record', async () => {
    const size = await seed();
    await appendFile(join(dir, 'events.log'), Buffer.from('\x13\x00\x00\x00garbage-garbage-garbage'));
    const { node, events } = await readAll(dir, 's');
    try {
      expect(events).toHaveLength(10);
      expect((await stat(join(dir, 'events.log'))).size).toBe(size);
      expect((await node.client.appendToStream('s', jsonEvent({ type: 'E', data: { i: 10 } }))).nextExpectedRevision).toBe(10n);
    } finally {
      await node.stop();
    }
  });

  it('cuts a record truncated mid-way and never serves it', async () => {
    const size = await seed();
    await truncate(join(dir, 'events.log'), size - 7);
    const { node, events } = await readAll(dir, 's');
    try {
      expect(events.map((e) => (e.event!.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await node.client.appendToStream('s', jsonEvent({ type: 'E', data: {} }))).nextExpectedRevision).toBe(9n);
    } finally {
      await node.stop();
    }
  });

  it('detects a flipped byte in the last record by its checksum', async () => {
    const size = await seed();
    const f = await open(join(dir, 'events.log'), 'r+');
    await f.write(Buffer.from([0xff]), 0, 1, size - 3);
    await f.close();
    const { node, events } = await readAll(dir, 's');
    try {
      expect(events).toHaveLength(9);
    } finally {
      await node.stop();
    }
  });

  it('refuses to open a file that is not an event log', async () => {
    await appendFile(join(dir, 'events.log'), 'definitely not a log file');
    await expect(startEmbedded({ dataDir: dir })).rejects.toThrow(/not an event log/);
  });
});
