import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Another live process holds the data directory: opening its log too would interleave two writers in one file. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `${dataDir} is in use by process ${holderPid} (another embedded EventStoreDB node, or the API/projector that started one). ` +
        'Stop it, point EVENTSTORE_URL at it instead of starting a second node, or use another data directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock on a data directory; `release()` is idempotent. */
export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'node.lock';

/** Whether `pid` is a live process on this machine (EPERM: alive but not ours). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid recorded in a lock file's text, when it was written on this host. */
function holderOf(text: string): number | undefined {
  const [pid, host] = text.split('\n');
  const holder = Number(pid);
  return Number.isInteger(holder) && holder > 0 && host === hostname() ? holder : undefined;
}

/**
 * Takes the data directory for this process: `node.lock` appears atomically (written aside, then
 * hard-linked into place, so it is never seen empty) and names our pid and host. A lock left by a
 * process that is gone (killed, crashed) is taken over; one held by a live process, including this
 * one, is refused with {@link DataDirLockedError}. A lock from another host cannot be checked and is
 * refused too, so a directory shared over a network is never opened twice.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const aside = `${file}.${process.pid}`;
  await writeFile(aside, `${process.pid}\n${hostname()}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(aside, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 5) throw err;
      }
      const text = await readFile(file, 'utf8').catch(() => '');
      const holder = holderOf(text);
      if (holder === undefined) {
        throw new Error(`${file} was written on another host or is unreadable; remove it only if no node uses ${dataDir}`);
      }
      if (isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale: the process that took it is gone.
      await unlink(file).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await unlink(file).catch(() => undefined);
    },
  };
}
