import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Db } from 'mongodb';
import { ALL_PROJECTIONS, CheckpointsStore, type WorkloadAppend } from '@app/read-models';
import type { EventStore } from '@app/eventstore';

const ROOT = path.resolve(__dirname, '../..');

/** Compiles apps and libs once into a private directory, so child processes run the real entry points. */
export function buildForChildProcesses(): { projectorMain: string; apiMain: string; env: Record<string, string> } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'projector-build-'));
  execFileSync(path.join(ROOT, 'node_modules/.bin/swc'), ['apps', 'libs', '-d', out, '--config-file', '.swcrc', '-q'], { cwd: ROOT });
  return { projectorMain: path.join(out, 'apps/projector/src/main.js'), apiMain: path.join(out, 'apps/api/src/main.js'), env: { NODE_PATH: path.join(ROOT, 'node_modules') } };
}

/** Appends a workload in parallel batches; returns the last position written. */
export async function seed(store: EventStore, appends: Iterable<WorkloadAppend>, concurrency = 16): Promise<bigint> {
  let last = 0n;
  let pending: Promise<void>[] = [];
  for (const append of appends) {
    pending.push(
      store.append(append.stream, append.events, 'no_stream').then((r) => {
        if (r.position > last) last = r.position;
      }),
    );
    if (pending.length >= concurrency) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return last;
}

/** Every read model's documents, sorted by _id, for deep-equality between runs. */
export async function dumpReadModels(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const p of ALL_PROJECTIONS) out[p.name] = await db.collection(p.collection).find().sort({ _id: 1 }).toArray();
  return out;
}

export async function lowestCheckpoint(db: Db): Promise<bigint | undefined> {
  const positions = await new CheckpointsStore(db).positions(ALL_PROJECTIONS.map((p) => p.name));
  let lowest: bigint | undefined;
  for (const p of positions.values()) {
    if (p === undefined) return undefined;
    if (lowest === undefined || p < lowest) lowest = p;
  }
  return lowest;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
