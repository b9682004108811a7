import { jsonEvent } from '@eventstore/db-client';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, startEmbeddedEventStore } from '@app/embedded-eventstore';
import { startEmbedded } from './target';

// Two nodes appending to one log would interleave their frames: the data directory is exclusive.
describe('data directory lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'es-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second node on a data directory in use, and lets one start after the first stops', async () => {
    const first = await startEmbedded({ dataDir: dir });
    try {
      await first.client.appendToStream('locked-1', jsonEvent({ type: 'Tick', data: { n: 1 } }));
      const second = startEmbeddedEventStore({ port: 0, dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`in use by process ${process.pid}`);
    } finally {
      await first.stop();
    }
    const again = await startEmbedded({ dataDir: dir });
    try {
      const events = [];
      for await (const e of again.client.readStream('locked-1')) events.push(e.event!.data);
      expect(events).toEqual([{ n: 1 }]);
    } finally {
      await again.stop();
    }
    // Nothing but the log is left behind once stopped.
    expect(await readdir(dir)).toEqual(['events.log']);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(join(dir, 'node.lock'), `${gone.stdout.toString()}\n${hostname()}\n`);
    const node = await startEmbedded({ dataDir: dir });
    try {
      const result = await node.client.appendToStream('after-stale-lock', jsonEvent({ type: 'Tick', data: {} }));
      expect(result.nextExpectedRevision).toBe(0n);
    } finally {
      await node.stop();
    }
  });

  it('refuses a lock written on another host, which it cannot check', async () => {
    await writeFile(join(dir, 'node.lock'), `1\nsome-other-host\n`);
    await expect(startEmbeddedEventStore({ port: 0, dataDir: dir })).rejects.toThrow('written on another host');
  });
});
