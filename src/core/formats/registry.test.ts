import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import {
  detectFormat,
  getReader,
  getWriter,
  listReaders,
  listWriters,
  readRecords,
} from './registry';
import { FORMAT_IDS, WRITER_IDS } from './types';

describe('format registry', () => {
  it('has a reader for every format id and a writer for every writer id', () => {
    expect(
      listReaders()
        .map((r) => r.id)
        .sort(),
    ).toEqual([...FORMAT_IDS].sort());
    expect(
      listWriters()
        .map((w) => w.id)
        .sort(),
    ).toEqual([...WRITER_IDS].sort());
  });

  it('names the valid ids when an id is unknown', () => {
    expect(() => getReader('endnote')).toThrow(DomainError);
    expect(() => getReader('endnote')).toThrow(
      /Unknown format "endnote"\. Available: pubmed-xml, /,
    );
    expect(() => getWriter('docx')).toThrow(/Available: ris, bibtex, csl-json, csv/);
  });

  it.each([
    ['TY  - JOUR\nTI  - A\nER  - \n', 'ris'],
    ['PMID- 90000001\nTI  - A\n', 'medline'],
    ['FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A\nER\nEF\n', 'wos-tagged'],
    ['PT\tAU\tTI\tUT\nJ\tSmith, J\tA\tWOS:1\n', 'wos-tab'],
    [
      '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle></PubmedArticle></PubmedArticleSet>',
      'pubmed-xml',
    ],
    [
      '<?xml version="1.0"?><xml><records><record><titles><title>A</title></titles></record></records></xml>',
      'endnote-xml',
    ],
    ['@article{a1,\n  title = {A}\n}\n', 'bibtex'],
    ['[{"type":"article-journal","title":"A","issued":{"date-parts":[[2019]]}}]', 'csl-json'],
    ['Authors,Title,Year,Source title,EID\nSmith J.,A,2019,J,2-s2.0-1\n', 'scopus-csv'],
    ['record_id,title,abstract,label_included\n1,A,B,1\n', 'csv'],
  ])('detects %j as %s from content alone', (text, id) => {
    expect(detectFormat(text)?.id).toBe(id);
  });

  it('returns undefined for text in no known format', () => {
    expect(detectFormat('just some prose')).toBeUndefined();
  });

  it('reports undetectable input as a format/unknown error instead of throwing', () => {
    const result = readRecords('just some prose', { fileName: 'notes.txt' });
    expect(result.records).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 0, code: 'format/unknown', severity: 'error' }),
    ]);
  });

  it('refuses to guess when the evidence is weak, naming the candidates', () => {
    // One JSON object with no CSL-JSON field is not a record.
    const lone = readRecords('{"a":1}', { fileName: 'data.json' });
    expect(lone.records).toEqual([]);
    expect(lone.issues).toEqual([
      expect.objectContaining({
        code: 'format/unsure',
        severity: 'error',
        message: expect.stringMatching(
          /could not tell the format of data\.json for sure: csl-json\?/i,
        ),
      }),
    ]);
    // A CSL-JSON export that lost its first lines is neither JSON nor a table.
    const damaged =
      '"title":"A study","type":"article-journal","issued":{"date-parts":[[2019]]}},\n{"id":"b","title":"Another","type":"article"}]\n';
    const read = readRecords(damaged, { fileName: 'export.json' });
    expect(read.records).toEqual([]);
    expect(read.issues[0]).toMatchObject({ severity: 'error' });
    expect(read.issues[0]!.code).toMatch(/^format\/(unsure|unknown)$/);
    // A forced format still reads what it is told to.
    expect(readRecords('title\nA\n', { format: 'csv' }).records).toHaveLength(1);
  });

  it('gives a JSON syntax error its line', () => {
    const text = '[\n  {"title": "A"},\n  {"title": "B",,}\n]\n';
    const result = readRecords(text, { format: 'csl-json' });
    expect(result.issues[0]).toMatchObject({ code: 'csl-json/invalid-json', line: 3 });
    const cut = readRecords('[\n  {"title": "A"},\n  {"title": "B"', { format: 'csl-json' });
    expect(cut.issues[0]).toMatchObject({ code: 'csl-json/invalid-json', line: 3 });
  });

  it('uses a forced format over detection', () => {
    const result = readRecords('title\nA\n', { format: 'csv' });
    expect(result.format).toBe('csv');
    expect(result.records.map((r) => r.title)).toEqual(['A']);
  });
});
