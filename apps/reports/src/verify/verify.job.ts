import { MongoClient, type Db } from 'mongodb';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/eventstore';
import {
  AUDIT_COLLECTION,
  CHECKPOINTS_COLLECTION,
  OPINIONS_COLLECTION,
  SESSIONS_COLLECTION,
  auditProjection,
  fromPositionKey,
  opinionsProjection,
  sessionsProjection,
  type CheckpointDocument,
} from '@app/read-models';
import type { Format } from '../cli/report-args';
import { createRowWriter, type ReportOutput } from '../output/report-output';
import type { ReportContext, Row } from '../report';
import { compare as compareValues } from '../shared/compare';
import type { ProgressBar } from '../replay/progress-bar';
import { ReplayAbortedError } from '../replay/replay';
import {
  DRIFT_COLUMNS,
  applyVerify,
  auditEntryHash,
  expectedOpinion,
  expectedSessions,
  initVerify,
  type VerifyLimits,
  type VerifyState,
} from './verify.report';

export const VERIFY_REPORT = {
  name: 'verify',
  title: 'Đối chiếu mô hình đọc',
  summary: 'phát lại sự kiện và đối chiếu với mô hình đọc MongoDB; liệt kê sai lệch (mã thoát 1 nếu có)',
} as const;

export class MongoUnavailableError extends Error {
  override name = 'MongoUnavailableError';
}

/**
 * Replays `$all` up to each read model's checkpoint and compares with what MongoDB holds:
 * opinions field by field, sessions' counters, the audit log by count and digest. Writes one row
 * per difference; the caller exits 1 when there is any.
 */
export async function verifyReadModels(job: {
  store: EventStore;
  config: Pick<AppConfig, 'MONGO_URL' | 'MONGO_DB'>;
  context: ReportContext;
  output: ReportOutput;
  format: Format;
  signal: AbortSignal;
  progressBar?: ProgressBar;
}): Promise<{ drift: number }> {
  if (!job.config.MONGO_URL) throw new MongoUnavailableError('MONGO_URL chưa được đặt: verify cần mô hình đọc để đối chiếu');
  const mongo = new MongoClient(job.config.MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
  try {
    try {
      await mongo.connect();
    } catch (error) {
      throw new MongoUnavailableError((error as Error).message);
    }
    const db = mongo.db(job.config.MONGO_DB);
    const limits = await readLimits(db);
    let state = initVerify(limits);
    let events = 0;
    let position = 0n;
    for await (const event of job.store.readAll()) {
      if (job.signal.aborted) throw new ReplayAbortedError();
      state = applyVerify(state, event);
      events++;
      position = event.position;
      if (events % 4096 === 0) job.progressBar?.update({ events, position });
    }
    job.progressBar?.finish({ events, position }, 'đã phát lại, đang đối chiếu');
    const rows = await compare(db, state);
    const { params } = job.context;
    const writer = createRowWriter(job.format, job.output.stream, { report: VERIFY_REPORT.name, title: VERIFY_REPORT.title, columns: DRIFT_COLUMNS, params });
    await writer.write(rows);
    await writer.end();
    return { drift: rows.length };
  } finally {
    await mongo.close().catch(() => undefined);
  }
}

async function readLimits(db: Db): Promise<VerifyLimits> {
  const names = [opinionsProjection.name, sessionsProjection.name, auditProjection.name];
  const docs = await db.collection<CheckpointDocument>(CHECKPOINTS_COLLECTION).find({ _id: { $in: names } }).toArray();
  const at = (name: string) => {
    const key = docs.find((d) => d._id === name)?.position;
    return key ? fromPositionKey(key) : undefined;
  };
  return { opinions: at(opinionsProjection.name), sessions: at(sessionsProjection.name), audit: at(auditProjection.name) };
}

/** Streams each collection once; expectations are deleted as they are matched, leaving the missing ones. */
export async function compare(db: Db, state: VerifyState): Promise<Row[]> {
  const rows: Row[] = [];
  const drift = (readModel: string, documentId: string, field: string, expected: string, actual: string) =>
    rows.push({ readModel, documentId, field, expected, actual });

  const { opinions } = state;
  const matched = new Uint8Array(opinions.size);
  const cursor = db.collection(OPINIONS_COLLECTION).find({}, { projection: { sessionId: 1, status: 1, lacksResponse: 1, holder: 1, dueDate: 1, topic: 1 } });
  for await (const doc of cursor) {
    const id = String(doc._id);
    const row = opinions.find(id);
    if (row < 0 || matched[row]) {
      drift(OPINIONS_COLLECTION, id, '(tài liệu)', 'không có', 'có');
      continue;
    }
    matched[row] = 1;
    for (const [field, expected] of Object.entries(expectedOpinion(opinions.track(row)))) {
      const actual = doc[field] === null || doc[field] === undefined ? 'null' : String(doc[field]);
      if (actual !== expected) drift(OPINIONS_COLLECTION, id, field, expected, actual);
    }
  }
  for (let row = 0; row < opinions.size; row++) if (!matched[row]) drift(OPINIONS_COLLECTION, opinions.id(row), '(tài liệu)', 'có', 'không có');

  const sessions = expectedSessions(state);
  for await (const doc of db.collection(SESSIONS_COLLECTION).find({}, { projection: { title: 1, counters: 1 } })) {
    const id = String(doc._id);
    const expected = sessions.get(id);
    if (!expected) {
      drift(SESSIONS_COLLECTION, id, '(tài liệu)', 'không có', 'có');
      continue;
    }
    sessions.delete(id);
    if (expected.title !== null && doc.title !== expected.title) drift(SESSIONS_COLLECTION, id, 'title', expected.title, String(doc.title));
    for (const [field, value] of Object.entries(expected.counters)) {
      const actual = doc.counters?.[field];
      if (actual !== value) drift(SESSIONS_COLLECTION, id, `counters.${field}`, String(value), String(actual ?? 'null'));
    }
  }
  for (const id of sessions.keys()) drift(SESSIONS_COLLECTION, id, '(tài liệu)', 'có', 'không có');

  let count = 0;
  let digest = 0n;
  for await (const doc of db.collection(AUDIT_COLLECTION).find({}, { projection: { action: 1, recordedAt: 1 } })) {
    count++;
    digest ^= auditEntryHash(String(doc._id), String(doc.action), String(doc.recordedAt));
  }
  if (count !== state.audit.count) drift(AUDIT_COLLECTION, '*', 'số mục', String(state.audit.count), String(count));
  else if (digest !== state.audit.digest) drift(AUDIT_COLLECTION, '*', 'nội dung (mã, hành động, thời điểm ghi)', 'khớp sự kiện', 'khác');

  // Drift is listed in a stable order: by read model, document, field.
  return rows.sort((a, b) => compareValues(key(a), key(b)));
}

const key = (row: Row): string => `${row.readModel}\u0000${row.documentId}\u0000${row.field}`;
