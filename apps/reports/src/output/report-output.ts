import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Format } from '../cli/report-args';
import { csvWriter } from './csv.writer';
import { jsonWriter } from './json.writer';
import type { ReportHeading, RowWriter } from './row-writer';
import { xlsxWriter } from './xlsx.writer';

export const createRowWriter = (format: Format, stream: NodeJS.WritableStream, heading: ReportHeading): RowWriter =>
  format === 'csv' ? csvWriter(stream, heading) : format === 'json' ? jsonWriter(stream, heading) : xlsxWriter(stream, heading);

/** Where the report goes: a file that appears only when complete, or stdout. */
export interface ReportOutput {
  stream: NodeJS.WritableStream;
  /** Makes the file visible under its name (rename of the temp file). */
  commit(): Promise<void>;
  /** Removes the temp file: an interrupted or failed report leaves nothing behind. */
  discard(): Promise<void>;
}

/**
 * Writes to `<out>.<pid>.partial` next to the target and renames it on success: same directory,
 * so the rename is atomic, and a reader never sees half a report.
 */
export async function openReportOutput(out: string | undefined, stdout: NodeJS.WritableStream): Promise<ReportOutput> {
  if (out === undefined) {
    return { stream: stdout, commit: async () => undefined, discard: async () => undefined };
  }
  const target = path.resolve(out);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const stream = fs.createWriteStream(temp, { flags: 'wx' });
  await once(stream, 'open');
  const close = async () => {
    // exceljs ends the stream itself when it finishes the zip.
    if (!stream.writableEnded) stream.end();
    if (!stream.closed) await once(stream, 'close');
  };
  return {
    stream,
    async commit() {
      await close();
      await fs.promises.rename(temp, target);
    },
    async discard() {
      stream.destroy();
      await fs.promises.rm(temp, { force: true });
    },
  };
}
