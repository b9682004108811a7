import { PassThrough } from 'node:stream';
import type { Column } from '../report';
import { csvWriter } from './csv.writer';

const columns: Column[] = [
  { key: 'name', header: 'Phiên', kind: 'text' },
  { key: 'share', header: 'Tỷ lệ', kind: 'ratio' },
];

async function csvOf(rows: Record<string, string | number | null>[]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const writer = csvWriter(stream, { report: 'x', title: 'x', columns, params: { referenceDate: '2024-01-01', period: 'month' } });
  await writer.write(rows);
  await writer.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('csv writer', () => {
  it('starts with a BOM and Vietnamese headers, quotes and CRLF', async () => {
    expect(await csvOf([{ name: 'Kiến An, "2024"', share: 2 / 3 }, { name: 'x', share: null }])).toBe(
      '\uFEFFPhiên,Tỷ lệ\r\n"Kiến An, ""2024""",0.6667\r\nx,\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula', async () => {
    expect(await csvOf([{ name: '=HYPERLINK("x")', share: 1 }])).toContain(`"'=HYPERLINK(""x"")",1`);
  });
});
