// How often a damaged export is read without a word: every text export of ../shared/data,
// damaged N ways each (cut at a random byte, a line dropped, a line repeated, a stray line
// inserted), read with format detection as an import would. "Silent" = no error or warning and
// a different record count than the undamaged file: the import would have told the user
// nothing while keeping more or fewer records. Run: npx tsx bench/import-honesty.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRandom } from '#core/ports';
import { decodeBytes, readRecords } from '#core/formats/index';
import { readManifest, corpusPath } from '../test/corpus/corpus';

const PER_FILE = Number(process.env.PER_FILE ?? 20);
const random = createRandom(2026);
const KINDS = ['cut', 'drop-line', 'repeat-line', 'stray-line'] as const;
/** One line per record: a dropped or repeated row is a valid file with one record less or more. */
const ROW_FORMATS = new Set(['csv', 'scopus-csv', 'wos-tab']);
type Kind = (typeof KINDS)[number];

function damage(text: string, kind: Kind): string {
  const lines = text.split('\n');
  const at = random.int(lines.length);
  if (kind === 'cut') return text.slice(0, Math.floor(text.length * (0.2 + 0.75 * random.next())));
  if (kind === 'drop-line') lines.splice(at, 1);
  else if (kind === 'repeat-line') lines.splice(at, 0, lines[at] ?? '');
  else lines.splice(at, 0, 'Exported by the database on 2026-12-04. Terms of use apply.');
  return lines.join('\n');
}

const rows = readManifest().filter((row) => !['gold', '-', 'xlsx'].includes(row.format));
const tally = new Map<Kind, { files: number; silent: number; wrongFormat: number }>();
for (const kind of KINDS) tally.set(kind, { files: 0, silent: 0, wrongFormat: 0 });
const examples: string[] = [];
for (const row of rows) {
  let bytes: Uint8Array = readFileSync(corpusPath(row.path));
  if (row.path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const text = decodeBytes(bytes).text;
  const fileName = path.basename(row.path.replace(/\.gz$/, ''));
  const whole = readRecords(text, { fileName });
  for (let i = 0; i < PER_FILE; i += 1) {
    const kind = KINDS[i % KINDS.length]!;
    if (ROW_FORMATS.has(whole.format) && (kind === 'drop-line' || kind === 'repeat-line')) continue;
    const damaged = damage(text, kind);
    const read = readRecords(damaged, { fileName });
    const entry = tally.get(kind)!;
    entry.files += 1;
    const said = read.issues.some((issue) => issue.severity !== 'info');
    if (read.format !== whole.format && !said) entry.wrongFormat += 1;
    if (!said && read.records.length !== whole.records.length) {
      entry.silent += 1;
      if (examples.length < 20)
        examples.push(
          `${row.path} (${kind}): ${whole.records.length} -> ${read.records.length} records, no issue`,
        );
    }
  }
}
const total = [...tally.values()].reduce(
  (sum, t) => ({ files: sum.files + t.files, silent: sum.silent + t.silent }),
  { files: 0, silent: 0 },
);
const lines = [
  '## Import honesty: damaged real exports (bench/import-honesty.ts)',
  '',
  `${rows.length} text exports of ../shared/data, ${PER_FILE} damaged copies each (seeded), read with format detection. Silent = no error or warning, and a different record count than the undamaged file. In CSV-like files (one row per record) a dropped or repeated row is a valid file with one record less or more, so those two kinds are not counted for them.`,
  '',
  '| damage | files | silent, other count | silent, other format |',
  '|---|---:|---:|---:|',
  ...[...tally].map(([kind, t]) => `| ${kind} | ${t.files} | ${t.silent} | ${t.wrongFormat} |`),
  `| all | ${total.files} | ${total.silent} | ${[...tally.values()].reduce((s, t) => s + t.wrongFormat, 0)} |`,
  '',
  ...(examples.length ? ['Examples:', '', ...examples.map((e) => `- ${e}`), ''] : []),
];
writeFileSync('bench/RESULTS-import-honesty.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
