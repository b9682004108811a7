import * as ExcelJS from 'exceljs';
import { cellValue, type ReportHeading, type RowWriter } from './row-writer';
import type { Column, Row } from '../report';

const NUMBER_FORMATS: Partial<Record<Column['kind'], string>> = {
  integer: '#,##0',
  decimal: '0.0',
  ratio: '0.0%',
};

/**
 * One worksheet streamed with exceljs (rows are committed as they come, so an audit of a million
 * actions does not sit in memory). Dates stay `YYYY-MM-DD` text: no time-zone shift in Excel.
 * Document and zip-entry dates are pinned to the reference date so the same events give the
 * same bytes.
 */
export function xlsxWriter(stream: NodeJS.WritableStream, heading: ReportHeading): RowWriter {
  const pinned = new Date(`${heading.params.referenceDate}T00:00:00Z`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: stream as never, useStyles: true, useSharedStrings: false });
  pinZipDates(workbook, pinned);
  workbook.creator = 'lang-nghe reports';
  workbook.created = pinned;
  workbook.modified = pinned;
  const sheet = workbook.addWorksheet(heading.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = heading.columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: Math.min(60, Math.max(12, c.header.length + 2)),
    style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  return {
    async write(rows: readonly Row[]) {
      for (const row of rows) {
        sheet.addRow(Object.fromEntries(heading.columns.map((c) => [c.key, cellValue(c, row[c.key])]))).commit();
      }
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * exceljs gives archiver no entry dates, so archiver stamps "now" into every zip entry. The pin
 * sits on the zip module archiver hands each queued entry to, not on `append`: the writer's
 * constructor has already appended the theme and package rels (with "now") before we get the
 * workbook, and those would differ whenever two runs straddle the zip format's 2-second tick.
 */
function pinZipDates(workbook: ExcelJS.stream.xlsx.WorkbookWriter, date: Date): void {
  type Append = (source: unknown, data: Record<string, unknown>, callback: (error?: Error) => void) => unknown;
  const zipModule = (workbook as unknown as { zip: { _module: { append: Append } } }).zip._module;
  const append = zipModule.append.bind(zipModule);
  zipModule.append = (source, data, callback) => append(source, { ...data, date }, callback);
}
