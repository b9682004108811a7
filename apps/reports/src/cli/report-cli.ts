import { EventStoreDBClient } from '@eventstore/db-client';
import { ConfigError, loadConfig } from '@app/config';
import { vietnamDate } from '@app/directory';
import { EventStore, EventStoreUnavailableError, isTransient } from '@app/eventstore';
import { createRowWriter, openReportOutput, type ReportOutput } from '../output/report-output';
import type { Report, ReportContext } from '../report';
import { REPLAY_REPORTS } from '../reports';
import { loadReferenceData } from '../reference-data';
import { ProgressBar } from '../replay/progress-bar';
import { replay, ReplayAbortedError } from '../replay/replay';
import { VERIFY_REPORT, verifyReadModels, MongoUnavailableError } from '../verify/verify.job';
import { EXIT } from './exit-codes';
import { helpText } from './help-text';
import { parseReportArgs, UsageError, type ReportRequest } from './report-args';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** Clock for the default reference date only. */
  today?: () => Date;
}

const ALL_REPORTS: readonly Pick<Report, 'name' | 'summary'>[] = [...REPLAY_REPORTS, VERIFY_REPORT];

/** Runs one report and returns the exit code; never calls process.exit, so tests drive it in-process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let request: ReportRequest;
  try {
    const parsed = parseReportArgs(argv, ALL_REPORTS.map((r) => r.name));
    if (parsed.kind === 'help') {
      io.stdout.write(helpText(ALL_REPORTS));
      return EXIT.ok;
    }
    request = parsed.request;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`Lỗi: ${error.message}\nXem: npm run report -- --help\n`);
    return EXIT.usage;
  }

  let config;
  let reference;
  try {
    config = loadConfig(io.env);
    reference = loadReferenceData(config);
  } catch (error) {
    io.stderr.write(`Lỗi cấu hình: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
    return EXIT.usage;
  }
  if (request.unit !== undefined && !reference.directory.has(request.unit)) {
    io.stderr.write(`Lỗi: không có đơn vị "${request.unit}" trong danh mục.\n`);
    return EXIT.usage;
  }
  if (!config.EVENTSTORE_URL) {
    io.stderr.write(
      'Lỗi: chưa đặt EVENTSTORE_URL. Báo cáo chỉ đọc EventStoreDB qua mạng, không mở thư mục dữ liệu mà API đang dùng.\n' +
        'Tại máy: npm run eventstore  (rồi) EVENTSTORE_URL="esdb://127.0.0.1:2113?tls=false" npm run report -- …\n',
    );
    return EXIT.eventStoreUnavailable;
  }
  if (request.format === 'xlsx' && request.out === undefined && (io.stdout as NodeJS.WriteStream).isTTY) {
    io.stderr.write('Lỗi: XLSX là tệp nhị phân, hãy dùng --out TỆP.xlsx\n');
    return EXIT.usage;
  }

  const context: ReportContext = {
    directory: reference.directory,
    calendar: reference.calendar,
    params: {
      from: request.from,
      to: request.to,
      asOf: request.asOf,
      referenceDate: request.asOf ?? request.now ?? vietnamDate((io.today ?? (() => new Date()))()),
      unit: request.unit,
      period: request.period,
    },
  };

  const client = EventStoreDBClient.connectionString(config.EVENTSTORE_URL);
  const store = new EventStore(client);
  let output: ReportOutput | undefined;
  try {
    const head = await store.headPosition();
    output = await openReportOutput(request.out, io.stdout);
    const progressBar = new ProgressBar(io.stderr, request.report, head, request.progress && io.stderr.isTTY === true);
    if (request.report === VERIFY_REPORT.name) {
      const outcome = await verifyReadModels({ store, config, context, output, format: request.format, signal: io.signal, progressBar });
      await output.commit();
      return outcome.drift > 0 ? EXIT.drift : EXIT.ok;
    }
    const report = REPLAY_REPORTS.find((r) => r.name === request.report)!;
    const writer = createRowWriter(request.format, output.stream, { report: report.name, title: report.title, columns: report.columns, params: context.params });
    const progress = await replay(store.readAll(), report, context, writer, {
      signal: io.signal,
      onProgress: (p) => progressBar.update(p),
    });
    await output.commit();
    progressBar.finish(progress, request.out ? `xong, đã ghi ${request.out}` : 'xong');
    return EXIT.ok;
  } catch (error) {
    await output?.discard().catch(() => undefined);
    if (error instanceof ReplayAbortedError || io.signal.aborted) {
      io.stderr.write('\nĐã dừng theo yêu cầu; không ghi tệp kết quả.\n');
      return EXIT.interrupted;
    }
    if (error instanceof EventStoreUnavailableError || isTransient(error)) {
      io.stderr.write(`Lỗi: không kết nối được EventStoreDB (${(error as Error).message}).\n`);
      return EXIT.eventStoreUnavailable;
    }
    if (error instanceof MongoUnavailableError) {
      io.stderr.write(`Lỗi: không kết nối được MongoDB (${error.message}).\n`);
      return EXIT.mongoUnavailable;
    }
    io.stderr.write(`Lỗi: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  } finally {
    await client.dispose().catch(() => undefined);
  }
}
