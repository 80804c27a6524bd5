// Builds large RIS files for benchmarks by repeating real records from ../shared/data.
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const corpus = path.resolve(process.cwd(), '../shared/data');

/** Every RIS record of citesource/valid_data and revtools/restoration_scopus.ris, as text. */
export function sourceRecords(): string[] {
  const dir = path.join(corpus, 'citesource/valid_data');
  const files = [
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.ris'))
      .map((f) => path.join(dir, f)),
    path.join(corpus, 'revtools/restoration_scopus.ris'),
  ];
  const records: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
    for (const chunk of text.split(/^ER {2}-.*$/m)) {
      const start = chunk.indexOf('TY  - ');
      if (start >= 0) records.push(`${chunk.slice(start).trimEnd()}\nER  - \n\n`);
    }
  }
  return records;
}

/** Writes `count` records to `file`, cycling through the real ones. */
export async function writeRisCorpusFile(file: string, count: number): Promise<void> {
  const records = sourceRecords();
  const stream = createWriteStream(file);
  for (let i = 0; i < count; i += 1) {
    const record = records[i % records.length] ?? '';
    if (!stream.write(record))
      await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));
}
