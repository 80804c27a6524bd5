import { describe, expect, it } from 'vitest';
import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import { getReader, listWriters } from './registry';
import type { FormatId, WriterId } from './types';

/** A record with awkward values: LaTeX/CSV specials, accents, particles, a DOI and pages. */
function buildRecord(overrides: Partial<BibRecord> = {}): BibRecord {
  return {
    ...createRecord('', { line: 1, endLine: 1 }),
    title: 'Synthetic example: 50% of "M\u00fcller & Co" {braces}, commas; and_underscores #1',
    authors: [
      { family: "O'Brien", given: 'Mary-Ann', raw: "O'Brien, Mary-Ann" },
      { family: 'van der Berg', given: 'Jan', raw: 'van der Berg, Jan' },
      { family: 'Gonz\u00e1lez', given: 'J. A.', raw: 'Gonz\u00e1lez, J. A.' },
    ],
    year: 2019,
    journal: 'Journal of Synthetic Examples',
    journalAbbrev: 'J Synth Ex',
    volume: '12',
    issue: '3',
    pages: '288-297',
    doi: '10.5555/synthetic.2019.001',
    pmid: '90000001',
    abstract: 'Background: a synthetic abstract, with commas, "quotes" and 5 < 6 > 4.',
    keywords: ['stroke', 'motor cortex'],
    issn: ['1234-5678'],
    language: 'English',
    publisher: 'Example Press',
    url: ['https://example.org/article/1'],
    sourceRecordId: 'SYN001',
    ...overrides,
  };
}

/** Fields each writer's target format can hold (and so must survive a round trip). */
const HELD: Record<WriterId, readonly (keyof BibRecord)[]> = {
  ris: [
    'title',
    'year',
    'journal',
    'journalAbbrev',
    'volume',
    'issue',
    'pages',
    'doi',
    'pmid',
    'abstract',
    'keywords',
    'issn',
    'language',
    'publisher',
    'url',
    'sourceRecordId',
  ],
  bibtex: [
    'title',
    'year',
    'journal',
    'journalAbbrev',
    'volume',
    'issue',
    'pages',
    'doi',
    'pmid',
    'abstract',
    'keywords',
    'issn',
    'language',
    'publisher',
    'url',
    'sourceRecordId',
  ],
  'csl-json': [
    'title',
    'year',
    'journal',
    'journalAbbrev',
    'volume',
    'issue',
    'pages',
    'doi',
    'pmid',
    'abstract',
    'keywords',
    'issn',
    'language',
    'publisher',
    'url',
    'sourceRecordId',
  ],
  csv: [
    'title',
    'year',
    'journal',
    'volume',
    'issue',
    'pages',
    'doi',
    'pmid',
    'abstract',
    'keywords',
    'issn',
    'language',
    'publisher',
    'url',
    'sourceRecordId',
    'label',
  ],
};

const READER_FOR: Record<WriterId, FormatId> = {
  ris: 'ris',
  bibtex: 'bibtex',
  'csl-json': 'csl-json',
  csv: 'csv',
};

describe.each(listWriters().map((writer) => [writer.id, writer] as const))(
  'codec %s',
  (id, writer) => {
    const records = [
      buildRecord({ label: 1 }),
      buildRecord({
        title: 'Synthetic example: second record',
        sourceRecordId: 'SYN002',
        doi: '10.5555/synthetic.2019.002',
        label: 0,
      }),
    ];
    const text = [...writer.write(records)].join('');
    const result = getReader(READER_FOR[id]).read(text);

    it('reads back as many records as it wrote, without errors', () => {
      expect(result.records).toHaveLength(2);
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    });

    it('keeps every field the format can hold', () => {
      for (const [index, original] of records.entries()) {
        const back = result.records[index];
        for (const field of HELD[id])
          expect(back?.[field], `${id}: ${field}`).toEqual(original[field]);
      }
    });

    it('keeps authors (family and given)', () => {
      const back = result.records[0]?.authors.map((a) => ({ family: a.family, given: a.given }));
      expect(back).toEqual(records[0]?.authors.map((a) => ({ family: a.family, given: a.given })));
    });

    it('writes an empty document for no records', () => {
      expect(getReader(READER_FOR[id]).read([...writer.write([])].join('')).records).toEqual([]);
    });
  },
);
