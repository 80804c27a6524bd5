import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from '#core/formats/csv/index';
import { buildRis } from '#test/support/ris';
import { cliFor } from '#test/support/cli';

/**
 * Exports that round-trip: a sheet carries ReviewBench's id (what import-decisions reads) and
 * the source's id apart, each stage's state, and only the unique records unless asked; a
 * screening sheet filled offline goes back in as the reviewer's decisions.
 */

const dir = mkdtempSync(join(tmpdir(), 'rb-cli-export-'));
const pubmed = join(dir, 'pubmed.ris');
const embase = join(dir, 'embase.ris');
const topic = (n: number) => ({
  title: `Contralesional motor cortex and arm recovery, cohort ${n}`,
  year: 2010 + n,
  journal: 'Stroke',
  doi: `10.5555/export.${n}`,
  abstract: `Cohort ${n} after stroke.`,
});
writeFileSync(pubmed, buildRis([1, 2, 3, 4].map(topic)));
// Embase has 3 and 4 again (duplicates) and one of its own.
writeFileSync(embase, buildRis([3, 4, 5].map(topic)));

/** A CSV as header-keyed rows. */
function rowsOf(path: string): Record<string, string>[] {
  const [header, ...rows] = parseDelimited(readFileSync(path, 'utf8')).rows;
  return rows.map((row) =>
    Object.fromEntries(header!.cells.map((name, i) => [name, row.cells[i] ?? ''])),
  );
}

describe('reviewbench export and screen export-sheet', () => {
  it('exports the unique records with both ids and each stage, or every record with --all', () => {
    const rb = cliFor();
    rb(['init', '--title', 'Export']);
    rb(['import', pubmed, '--source', 'PubMed']);
    rb(['import', embase, '--source', 'Embase']);
    expect(rb(['dedup', 'run']).status).toBe(0);
    rb(['reviewer', 'add', 'ana', '--role', 'lead']);
    rb(['reviewer', 'add', 'ben']);
    const ids = rb(['--json', 'records']).json<{ id: number; title: string }[]>();
    const first = ids.find((r) => r.title.endsWith('cohort 1'))!.id;
    // Two votes per record (the default): both include.
    for (const reviewer of ['ana', 'ben'])
      rb(['screen', 'decide', String(first), 'include', '--reviewer', reviewer]);

    const unique = join(dir, 'unique.csv');
    expect(rb(['--json', 'export', '--format', 'csv', '-o', unique]).json()).toMatchObject({
      count: 5,
    });
    const rows = rowsOf(unique);
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0]!).slice(0, 3)).toEqual(['record_id', 'source_record_id', 'title']);
    const cohort1 = rows.find((r) => r.title!.endsWith('cohort 1'))!;
    expect(cohort1).toMatchObject({
      record_id: String(first),
      ti_ab_status: 'included',
      full_text_status: 'pending',
      label_included: '1',
      duplicate_of: '',
    });
    expect(rows.filter((r) => r.label_included === '')).toHaveLength(4);

    const all = join(dir, 'all.csv');
    rb(['export', '--format', 'csv', '--all', '-o', all]);
    const everything = rowsOf(all);
    expect(everything).toHaveLength(7);
    const removed = everything.filter((r) => r.duplicate_of !== '');
    expect(removed).toHaveLength(2);
    for (const row of removed) expect(row.ti_ab_status).toBe('not-eligible');

    const included = join(dir, 'included.ris');
    rb(['export', '--format', 'ris', '--stage', 'ti-ab', '--outcome', 'included', '-o', included]);
    expect(readFileSync(included, 'utf8').match(/^TY {2}-/gm)).toHaveLength(1);
    expect(rb(['export', '--format', 'csv', '--all', '--unique', '-o', all]).status).toBe(2);

    // A sheet re-imported elsewhere keeps the source's ids, not this review's.
    const again = cliFor();
    again(['init', '--title', 'Again']);
    expect(again(['import', unique]).status).toBe(0);
    const reread = again(['--json', 'records']).json<{ sourceRecordId?: string }[]>();
    expect(reread.map((r) => r.sourceRecordId)).not.toContain(String(first));
  });

  it('round-trips a screening sheet: export, fill in offline, import the decisions', () => {
    const rb = cliFor();
    rb(['init', '--title', 'Sheet']);
    rb(['import', pubmed, '--source', 'PubMed']);
    rb(['reviewer', 'add', 'ana']);
    const sheet = join(dir, 'sheet.csv');
    expect(
      rb(['--json', 'screen', 'export-sheet', '--reviewer', 'ana', '-o', sheet]).json(),
    ).toMatchObject({ records: 4 });
    const text = readFileSync(sheet, 'utf8');
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe('record_id,title,authors,year,journal,doi,abstract,decision,reason');
    // Fill the decision column in, as a spreadsheet would.
    const filled = [
      header,
      ...lines.map((line, i) => `${line.replace(/,,$/, '')},${i % 2 ? 'exclude' : 'include'},`),
    ];
    writeFileSync(sheet, `${filled.join('\n')}\n`);
    const imported = rb(['--json', 'screen', 'import-decisions', sheet, '--reviewer', 'ana']);
    expect(imported.json()).toMatchObject({ status: 'imported', recorded: 4, unchanged: 0 });
    // Nothing is left for ana; with --all her votes come back filled in, and re-importing
    // the same sheet changes nothing.
    expect(
      rb(['--json', 'screen', 'export-sheet', '--reviewer', 'ana', '-o', sheet]).json(),
    ).toMatchObject({ records: 0 });
    rb(['screen', 'export-sheet', '--reviewer', 'ana', '--all', '-o', sheet]);
    expect(rowsOf(sheet).map((r) => r.decision)).toEqual([
      'include',
      'exclude',
      'include',
      'exclude',
    ]);
    expect(
      rb(['--json', 'screen', 'import-decisions', sheet, '--reviewer', 'ana']).json(),
    ).toMatchObject({ recorded: 0, unchanged: 4 });
  });
});
