import { describe, expect, it } from 'vitest';
import { readScopusCsv } from './reader';

describe('readScopusCsv', () => {
  it('reads Scopus columns, comma-separated authors and the article number as pages', () => {
    const text =
      '\uFEFFAuthors,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,DOI,Abstract,Author Keywords,Index Keywords,PubMed ID,EID\n' +
      '"Smith J.A., Doe J.",Synthetic example,2019,Journal of Synthetic Examples,12,3,e123,,,10.5555/SYN.1,"Line one\nline two",stroke; motor cortex,Humans,90000001,2-s2.0-1,\n';
    const { records, issues } = readScopusCsv(text);
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      authors: [
        { family: 'Smith', given: 'J.A.' },
        { family: 'Doe', given: 'J.' },
      ],
      title: 'Synthetic example',
      year: 2019,
      journal: 'Journal of Synthetic Examples',
      volume: '12',
      issue: '3',
      pages: 'e123',
      doi: '10.5555/syn.1',
      abstract: 'Line one\nline two',
      keywords: ['stroke', 'motor cortex'],
      subjectHeadings: ['Humans'],
      pmid: '90000001',
      sourceRecordId: '2-s2.0-1',
      sourceDatabase: 'Scopus',
      location: { line: 2, endLine: 3 },
    });
  });
});
