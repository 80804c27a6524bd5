import { describe, expect, it } from 'vitest';
import { readCslJson } from './reader';

describe('readCslJson', () => {
  it('reads an array of items with date-parts, names and identifiers', () => {
    const text = JSON.stringify(
      [
        {
          id: 'item1',
          type: 'article-journal',
          title: 'Synthetic example',
          author: [{ family: 'Smith', given: 'John' }, { literal: 'Arfon M Smith' }],
          issued: { 'date-parts': [[2019, 3]] },
          'container-title': 'Journal of Synthetic Examples',
          'container-title-short': 'J Synth Ex',
          volume: 12,
          issue: '3',
          page: '288-97',
          DOI: '10.5555/SYN.1',
          PMID: '90000001',
          abstract: '<jats:p>Text &amp; more.</jats:p>',
          keyword: 'stroke, motor cortex',
          note: 'kept',
        },
        { id: 'item2', title: 'Second' },
      ],
      null,
      2,
    );
    const { records, issues } = readCslJson(text);
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      sourceRecordId: 'item1',
      title: 'Synthetic example',
      authors: [
        { family: 'Smith', given: 'John' },
        { family: 'Smith', given: 'Arfon M' },
      ],
      year: 2019,
      date: '2019-3',
      journal: 'Journal of Synthetic Examples',
      journalAbbrev: 'J Synth Ex',
      volume: '12',
      issue: '3',
      pages: '288-297',
      doi: '10.5555/syn.1',
      pmid: '90000001',
      abstract: 'Text & more.',
      keywords: ['stroke', 'motor cortex'],
      extra: { note: ['kept'] },
      location: { line: 2 },
    });
    expect(records[1]).toMatchObject({ title: 'Second', location: { line: 34 } });
  });

  it('reads a single item object', () => {
    expect(readCslJson('{"title":"Only"}').records.map((r) => r.title)).toEqual(['Only']);
  });

  it('reports invalid JSON as an error instead of throwing', () => {
    const { records, issues } = readCslJson('[{"title": "A"},\n{"title": ');
    expect(records).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'csl-json/invalid-json', severity: 'error' }),
    ]);
  });
});
