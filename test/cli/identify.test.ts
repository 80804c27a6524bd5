import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRis } from '#test/support/ris';
import { cliFor, runCli } from '#test/support/cli';

const dir = mkdtempSync(join(tmpdir(), 'rb-cli-identify-'));
const risPath = join(dir, 'embase.ris');
writeFileSync(
  risPath,
  buildRis([
    {
      title: 'Contralesional M1 and arm recovery',
      authors: ['Müller, Jörg', 'Doe, John'],
      year: 2021,
      journal: 'Stroke',
      volume: '52',
      pages: '288-97',
      doi: 'https://doi.org/10.5555/ABC.1',
      abstract: 'An abstract.',
    },
    {
      title: 'Interhemispheric inhibition after stroke',
      year: 2020,
      journal: 'Brain',
      doi: '10.5555/abc.2',
    },
  ]),
);

interface ParsedJson {
  format: string;
  count: number;
  records: {
    title: string;
    doi: string;
    pages: string;
    authors: { family: string }[];
    originals: Record<string, string>;
  }[];
  issues: { line: number; code: string; severity: string }[];
}

describe('reviewbench parse', () => {
  it('detects the format from content and prints normalised records as JSON', () => {
    const result = runCli(['parse', risPath, '--json']);
    expect(result.status).toBe(0);
    const parsed = result.json<ParsedJson>();
    expect(parsed).toMatchObject({ format: 'ris', count: 2, issues: [] });
    expect(parsed.records[0]).toMatchObject({
      doi: '10.5555/abc.1',
      pages: '288-297',
      authors: [{ family: 'Müller' }, { family: 'Doe' }],
    });
    expect(parsed.records[0]!.originals.doi).toBe('https://doi.org/10.5555/ABC.1');
  });

  it('fails with exit 1 and file:line issues on input it cannot read, and 2 on usage errors', () => {
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'just some notes\nnothing bibliographic\n');
    const result = runCli(['parse', bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/notes\.txt:\d+: .*error/);
    expect(runCli(['parse', risPath, '--format', 'docx']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    // A file that is not there was named wrongly: a usage error.
    const missing = runCli(['parse', join(dir, 'nope.ris')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.ris');
  });
});

describe('reviewbench init, import, records, export', () => {
  it('round-trips the review through every export format', () => {
    const rb = cliFor();
    expect(rb(['status']).status).toBe(2);
    expect(rb(['init', '--title', 'Round trip']).status).toBe(0);
    const imported = rb([
      '--json',
      'import',
      risPath,
      '--source',
      'Embase',
      '--platform',
      'Ovid',
      '--searched-on',
      '2026-10-01',
    ]);
    expect(imported.json<{ files: { status: string; added: number }[] }>().files[0]).toMatchObject({
      status: 'imported',
      added: 2,
    });
    expect(rb(['import', risPath, '--searched-on', '1st October']).status).toBe(2);
    const found = rb(['--json', 'records', '--search', 'interhemispheric']).json<
      { title: string }[]
    >();
    expect(found.map((r) => r.title)).toEqual(['Interhemispheric inhibition after stroke']);
    for (const format of ['ris', 'bibtex', 'csl-json', 'csv', 'xlsx']) {
      const out = join(dir, `export.${format}`);
      expect(rb(['export', '--format', format, '-o', out]).status).toBe(0);
      const again = cliFor();
      expect(again(['init', '--title', `Re-import ${format}`]).status).toBe(0);
      const reimported = again(['--json', 'import', out]).json<{
        files: { status: string; added: number; format: string }[];
      }>();
      expect(reimported.files[0], format).toMatchObject({ status: 'imported', added: 2 });
      const records = again(['--json', 'records']).json<
        { title: string; doi: string; year: number }[]
      >();
      expect(
        records.map((r) => [r.title, r.doi, r.year]),
        format,
      ).toEqual([
        ['Contralesional M1 and arm recovery', '10.5555/abc.1', 2021],
        ['Interhemispheric inhibition after stroke', '10.5555/abc.2', 2020],
      ]);
    }
    expect(readFileSync(join(dir, 'export.ris'), 'utf8')).toContain('DO  - 10.5555/abc.1');
  });

  it('reports status per source and batch', () => {
    const rb = cliFor();
    rb(['init', '--title', 'Status']);
    rb(['import', risPath, '--source', 'Embase', '--searched-on', '2026-10-01']);
    const status = rb(['--json', 'status']).json<{
      records: number;
      bySource: unknown[];
      batches: { fileName: string; searchedOn: string }[];
    }>();
    expect(status).toMatchObject({
      records: 2,
      bySource: [{ source: 'Embase', records: 2, batches: 1 }],
      batches: [{ fileName: 'embase.ris', searchedOn: '2026-10-01' }],
    });
  });

  it('retracts a batch by id, with a reason, and explains a bad one', () => {
    const rb = cliFor();
    rb(['init', '--title', 'Retract']);
    rb(['import', risPath, '--source', 'Embase']);
    const status = rb(['--json', 'status']).json<{ batches: { id: number }[] }>();
    const batchId = status.batches[0]!.id;
    const noReason = rb(['retract', String(batchId)]);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toMatch(/--reason/);
    const wrong = rb(['retract', 'first', '--reason', 'x']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/must be a batch id/);
    const missing = rb(['retract', '99', '--reason', 'Wrong file']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no import batch 99/);
    const done = rb(['--json', 'retract', String(batchId), '--reason', 'Wrong file']);
    expect(done.status).toBe(0);
    expect(done.json()).toMatchObject({ batchId, fileName: 'embase.ris', records: 2 });
    expect(rb(['--json', 'status']).json<{ records: number }>().records).toBe(0);
  });

  it('explains a missing file, a directory and a missing database in a sentence, exit 2, creating nothing', () => {
    const where = mkdtempSync(join(tmpdir(), 'rb-cli-errors-'));
    const db = join(where, 'review.db');
    const rb = (args: string[]) => runCli(['--db', db, ...args]);
    // Read-only commands on a database that is not there create none.
    for (const args of [
      ['status'],
      ['records'],
      ['--json', 'export', '--format', 'ris', '-o', join(where, 'out.ris')],
      ['prisma', '--format', 'json'],
    ]) {
      const result = rb(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(`${result.stderr}${result.stdout}`).toMatch(
        /There is no review database at .*review\.db/,
      );
    }
    expect(readdirSync(where)).toEqual([]);
    expect(rb(['init', '--title', 'Errors']).status).toBe(0);
    const missing = rb(['import', risPath, join(where, 'nofile.ris')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/There is no file at .*nofile\.ris; nothing was imported/);
    const directory = rb(['import', where]);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toMatch(/is a directory; name the export files in it/);
    expect(directory.stderr).not.toMatch(/EISDIR|ENOENT/);
    // Nothing was imported: the first, good file waited for the check of the others.
    expect(rb(['--json', 'status']).json<{ records: number }>().records).toBe(0);
    const parse = runCli(['parse', join(where, 'nofile.ris')]);
    expect(parse.status).toBe(2);
    expect(parse.stderr).toMatch(/There is no file at/);
  });
});
