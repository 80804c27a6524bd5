// Child process for bench/parse-ris.ts: the same job with citation-js (@citation-js/core +
// @citation-js/plugin-ris): parse the RIS file into CSL-JSON and stream it to stdout. The input
// type is given (`@ris/file`), as anyone who knows the file is RIS would: `new Cite(text)` makes
// citation-js guess the type first, which grows worse than linearly and is not a fair peer.
import { readFileSync } from 'node:fs';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';

const text = readFileSync(process.argv[2], 'utf8');
const records = plugins.input.chain(text, { forceType: '@ris/file', generateGraph: false });
const out = process.stdout;
let index = 0;
function pump() {
  let ok = true;
  while (ok && index < records.length) {
    ok = out.write(`${index === 0 ? '[\n' : ',\n'}${JSON.stringify(records[index])}`);
    index += 1;
  }
  if (index < records.length) {
    out.once('drain', pump);
    return;
  }
  out.write(records.length === 0 ? '[]\n' : '\n]\n', () => {
    process.stderr.write(
      `${JSON.stringify({ records: records.length, maxRssKb: process.resourceUsage().maxRSS })}\n`,
    );
  });
}
pump();
