// Child process for bench/parse-ris.ts: parse one RIS file with ReviewBench's reader and
// stream the records to stdout as a JSON array, chunk by chunk (never one giant string).
import { readFileSync } from 'node:fs';
import { readRis } from '#core/formats/ris/index';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: parse-ris-child <file.ris>');
const text = readFileSync(file, 'utf8');
const { records, issues } = readRis(text);

const out = process.stdout;
let index = 0;
function pump(): void {
  let ok = true;
  while (ok && index < records.length) {
    const record = records[index];
    ok = out.write(`${index === 0 ? '[\n' : ',\n'}${JSON.stringify(record)}`);
    index += 1;
  }
  if (index < records.length) {
    out.once('drain', pump);
    return;
  }
  out.write(records.length === 0 ? '[]\n' : '\n]\n', () => {
    process.stderr.write(
      `${JSON.stringify({ records: records.length, issues: issues.length, maxRssKb: process.resourceUsage().maxRSS })}\n`,
    );
  });
}
pump();
