import { cellValue, writeChunk, type ReportHeading, type RowWriter } from './row-writer';
import type { Cell, Column, Row } from '../report';

const BOM = '\uFEFF';

/**
 * RFC 4180 CSV, UTF-8 with a BOM and CRLF line ends so Excel shows Vietnamese correctly.
 * Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
export function csvWriter(stream: NodeJS.WritableStream, heading: ReportHeading): RowWriter {
  const { columns } = heading;
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await writeChunk(stream, BOM + columns.map((c) => quote(c.header)).join(',') + '\r\n');
  };
  return {
    async write(rows) {
      await start();
      if (rows.length === 0) return;
      await writeChunk(stream, rows.map((row) => csvLine(columns, row)).join(''));
    },
    end: start,
  };
}

export const csvLine = (columns: readonly Column[], row: Row): string =>
  columns.map((c) => csvCell(cellValue(c, row[c.key]))).join(',') + '\r\n';

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
