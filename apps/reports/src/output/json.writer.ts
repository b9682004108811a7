import { cellValue, writeChunk, type ReportHeading, type RowWriter } from './row-writer';
import type { Row } from '../report';

/**
 * `{ report, title, parameters, columns, rows }`, one row per line, keys in column order:
 * stable bytes for the same events, easy to diff.
 */
export function jsonWriter(stream: NodeJS.WritableStream, heading: ReportHeading): RowWriter {
  const { columns, params } = heading;
  let count = 0;
  let started = false;
  const parameters = {
    from: params.from ?? null,
    to: params.to ?? null,
    asOf: params.asOf ?? null,
    referenceDate: params.referenceDate,
    unit: params.unit ?? null,
    period: params.period,
  };
  const start = async () => {
    if (started) return;
    started = true;
    const head = [
      '{',
      `  "report": ${JSON.stringify(heading.report)},`,
      `  "title": ${JSON.stringify(heading.title)},`,
      `  "parameters": ${JSON.stringify(parameters)},`,
      `  "columns": ${JSON.stringify(columns.map(({ key, header, kind }) => ({ key, header, kind })))},`,
      '  "rows": [',
    ].join('\n');
    await writeChunk(stream, head);
  };
  const line = (row: Row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.key, cellValue(c, row[c.key])])));
  return {
    async write(rows) {
      await start();
      if (rows.length === 0) return;
      const text = rows.map((row) => `${count++ === 0 ? '\n' : ',\n'}    ${line(row)}`).join('');
      await writeChunk(stream, text);
    },
    async end() {
      await start();
      await writeChunk(stream, `${count === 0 ? '' : '\n  '}]\n}\n`);
    },
  };
}
