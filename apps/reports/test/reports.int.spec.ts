import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { EventStoreDBClient } from '@eventstore/db-client';
import * as ExcelJS from 'exceljs';
import { MongoClient } from 'mongodb';
import { EventStore } from '@app/eventstore';
import { rebuildProjections, OPINIONS_COLLECTION } from '@app/read-models';
import { startTestNodes, testDatabaseName } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { runCli } from '../src/cli/report-cli';
import { appendFixture, buildFixture } from './report-fixture';

const GOLDEN = path.join(__dirname, 'golden');
/** `UPDATE_GOLDEN=1 npx jest apps/reports/test` rewrites the golden files after a deliberate change. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let nodes: Infrastructure;
let client: EventStoreDBClient;
let mongo: MongoClient;
const database = testDatabaseName('reports');
const out = mkdtempSync(path.join(tmpdir(), 'reports-'));

beforeAll(async () => {
  nodes = await startTestNodes();
  client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
  await appendFixture(new EventStore(client), buildFixture());
  mongo = await MongoClient.connect(nodes.mongoUrl);
}, 60_000);

afterAll(async () => {
  await mongo?.close();
  await client?.dispose();
  await nodes?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function report(argv: string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream & PassThrough;
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  stderr.on('data', (c: Buffer) => errors.push(c));
  const code = await runCli(argv, {
    env: { EVENTSTORE_URL: nodes.eventstoreUrl, MONGO_URL: nodes.mongoUrl, MONGO_DB: database, ...options.env },
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: Buffer.concat(errors).toString('utf8') };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

jest.setTimeout(30_000);

const FIXED = ['--now', '2025-12-31', '--no-progress'];

describe('reports over the fixture log on the embedded node', () => {
  it.each([
    ['sessions', []],
    ['departments', []],
    ['trends', ['--period', 'quarter']],
    ['backlog', []],
    ['audit', []],
  ])('%s matches its golden CSV and JSON', async (name, extra) => {
    for (const format of ['csv', 'json']) {
      const run = await report([name, ...extra, ...FIXED, '--format', format]);
      expect(run.code).toBe(0);
      golden(`${name}.${format}`, run.stdout);
    }
  });

  it.each(['2024-04-26', '2024-05-07', '2024-06-03', '2024-09-09'])('backlog --as-of %s matches its golden CSV', async (day) => {
    const run = await report(['backlog', '--as-of', day, '--no-progress']);
    expect(run.code).toBe(0);
    golden(`backlog.as-of-${day}.csv`, run.stdout);
  });

  it('gives byte-identical output when replayed twice, in every format', async () => {
    for (const format of ['csv', 'json', 'xlsx']) {
      const [a, b] = [path.join(out, `a.${format}`), path.join(out, `b.${format}`)];
      expect((await report(['departments', ...FIXED, '--out', a])).code).toBe(0);
      expect((await report(['departments', ...FIXED, '--out', b])).code).toBe(0);
      // The format is part of the assertion so a failure says which writer differed.
      expect({ format, identical: readFileSync(a).equals(readFileSync(b)) }).toEqual({ format, identical: true });
    }
  });

  it('writes an XLSX that reads back with the same headers and values as the CSV', async () => {
    const file = path.join(out, 'sessions.xlsx');
    expect((await report(['sessions', ...FIXED, '--out', file])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Kết quả theo phiên');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(readFileSync(path.join(GOLDEN, 'sessions.csv'), 'utf8').slice(1).split('\r\n')[0].split(','));
    expect(sheet.rowCount).toBe(4);
    expect(values(2)).toEqual(expect.arrayContaining(['2024-04-25', 'Công an quận Kiến An', 6, 1, 4, 3, 2, 2, 0.5]));
  });

  it('writes nothing and exits 130 when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const file = path.join(out, 'interrupted.csv');
    const run = await report(['audit', '--out', file], { signal: controller.signal });
    expect(run.code).toBe(130);
    expect(readdirSync(out).filter((f) => f.includes('interrupted'))).toEqual([]);
  });

  it('exits 3 with a readable message when EventStoreDB is unreachable', async () => {
    const run = await report(['sessions'], { env: { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/không kết nối được EventStoreDB/);
  });

  it('exits 2 on a bad command line or an unknown unit', async () => {
    expect((await report(['sessions', '--from', 'yesterday'])).code).toBe(2);
    const run = await report(['sessions', '--unit', 'CA-NOWHERE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/không có đơn vị "CA-NOWHERE"/);
  });

  it('verify finds no drift in freshly projected read models, then lists a corrupted one and exits 1', async () => {
    const db = mongo.db(database);
    await rebuildProjections({ client, db });
    const clean = await report(['verify', '--format', 'json', '--no-progress']);
    expect(clean.stderr).not.toMatch(/Lỗi/);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).rows).toEqual([]);

    await db.collection(OPINIONS_COLLECTION).updateOne({ _id: '00000000-0000-4000-8000-000000000015' as never }, { $set: { status: 'answered', lacksResponse: false } });
    await db.collection(OPINIONS_COLLECTION).deleteOne({ _id: '00000000-0000-4000-8000-000000000016' as never });
    const drifted = await report(['verify', '--no-progress']);
    expect(drifted.code).toBe(1);
    golden('verify.drift.csv', drifted.stdout);
  }, 60_000);
});
