import { PassThrough } from 'node:stream';
import type { StoredEvent } from '@app/eventstore';
import { csvWriter } from '../output/csv.writer';
import { defineReport, type Column, type Row } from '../report';
import { contextFor } from '../../test/report-context';
import { replay } from './replay';

const columns: Column[] = [{ key: 'n', header: 'Số', kind: 'integer' }];
const heading = { report: 'n', title: 'n', columns, params: contextFor().params };

/** A report whose final rows come lazily, many more than one write batch. */
const counting = defineReport<{ events: number }>({
  name: 'n',
  title: 'n',
  summary: 'n',
  columns,
  init: () => ({ events: 0 }),
  apply: (state) => ((state.events += 1), state),
  *rows(state) {
    for (let n = 0; n < state.events * 1000 + 7; n++) {
      yield { n };
    }
  },
});

async function* events(count: number): AsyncGenerator<StoredEvent> {
  for (let i = 0; i < count; i++) yield { metadata: { recordedAt: '2024-01-01T00:00:00Z' } } as StoredEvent;
}

async function csvOf(write: (stream: PassThrough) => Promise<unknown>): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await write(stream);
  return Buffer.concat(chunks).toString('utf8');
}

describe('replay', () => {
  it('writes lazily given rows in batches, byte for byte as one batch of them all', async () => {
    const writes: number[] = [];
    const streamed = await csvOf(async (stream) => {
      const csv = csvWriter(stream, heading);
      await replay(events(3), counting, contextFor(), { write: (rows) => (writes.push(rows.length), csv.write(rows)), end: csv.end });
    });
    const all: Row[] = Array.from({ length: 3007 }, (_, n) => ({ n }));
    const whole = await csvOf(async (stream) => {
      const csv = csvWriter(stream, heading);
      await csv.write(all);
      await csv.end();
    });
    expect(streamed).toBe(whole);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(3007);
    expect(Math.max(...writes)).toBeLessThan(3007);
  });
});
