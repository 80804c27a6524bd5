import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import { decodeBytes, readRecords } from '#core/formats/index';
import { corpusAvailable, corpusPath, readManifest } from './corpus';

/**
 * Imports that never lie: a real export cut short inside its last record (a download that
 * stopped) is read with an issue that says so, or without that record; never as a whole file
 * with one record quietly missing what followed the cut.
 */

const available = corpusAvailable();
/** Formats whose records span lines and have a way to end that a cut removes. */
const TAGGED = new Set([
  'ris',
  'medline',
  'wos-tagged',
  'wos-tab',
  'pubmed-xml',
  'endnote-xml',
  'bibtex',
  'csl-json',
]);

function text(rel: string): string {
  let bytes: Uint8Array = readFileSync(corpusPath(rel));
  if (rel.endsWith('.gz')) bytes = gunzipSync(bytes);
  return decodeBytes(bytes).text;
}

describe.skipIf(!available)('a real export cut short inside its last record', () => {
  const rows = readManifest().filter((row) => TAGGED.has(row.format) && row.records >= 2);

  it.each(rows.map((row) => [row.path, row] as const))('%s', (rel, row) => {
    const whole = text(rel);
    const fileName = rel.replace(/\.gz$/, '');
    const complete = readRecords(whole, { fileName, format: row.format as never });
    const last = complete.records.at(-1)!;
    const lines = whole.split('\n');
    const from = lines.slice(0, last.location.line - 1).join('\n').length + 1;
    // Before the record's last line: a cut inside its closing tag is no loss.
    const to = lines.slice(0, last.location.endLine - 1).join('\n').length;
    const random = createRandom(rel.length);
    for (let i = 0; i < 5; i += 1) {
      if (to - from < 30) continue;
      // Somewhere inside the last record, past its first line.
      const cutAt = Math.min(
        from + 20 + random.int(Math.max(1, to - from - 40)),
        to - 5,
        whole.length - 5,
      );
      const cut = whole.slice(0, cutAt);
      const result = readRecords(cut, { fileName, format: row.format as never });
      const told = result.issues.some((issue) => issue.severity !== 'info');
      const dropped = result.records.length < complete.records.length;
      expect(told || dropped, `${rel} cut at ${cutAt} of ${whole.length}`).toBe(true);
    }
  });
});
