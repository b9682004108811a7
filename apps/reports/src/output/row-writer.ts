import type { Cell, Column, ReportParams, Row } from '../report';

/** Streams rows to a destination in one format; rows may arrive in several batches. */
export interface RowWriter {
  write(rows: readonly Row[]): Promise<void>;
  end(): Promise<void>;
}

/** What every format prints besides the rows. */
export interface ReportHeading {
  report: string;
  title: string;
  columns: readonly Column[];
  params: ReportParams;
}

/** One rounding for every format, so CSV, JSON and XLSX agree. */
export function cellValue(column: Column, value: Cell | undefined): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && (column.kind === 'ratio' || column.kind === 'decimal')) {
    return Math.round(value * 10_000) / 10_000;
  }
  return value;
}

/** Writes to a Node stream, waiting for 'drain' so a big report never piles up in memory. */
export function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}
