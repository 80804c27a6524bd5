import { describe, expect, it } from 'vitest';
import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import {
  classifyReport,
  diffRecords,
  evaluateAgainstGold,
  findDuplicates,
  jaroWinkler,
  journalSimilarity,
  mergeCluster,
  pairKey,
  parseMergedRecordIds,
} from './index';
import type { DedupInput } from './index';
import {
  firstPage,
  journalTokens,
  normaliseAuthors,
  normaliseDoi,
  normalisePageRange,
  normaliseTitle,
} from './normalise';

/** Builds a record with sensible defaults; tests override what they care about. */
function buildRecord(fields: Partial<BibRecord> = {}): BibRecord {
  return {
    ...createRecord('', { line: 1, endLine: 1 }),
    title:
      'Comparison of human papillomavirus distribution in cytologic subgroups of low-grade lesions',
    authors: [
      { family: 'Zuna', given: 'R. E.', raw: 'Zuna, R. E.' },
      { family: 'Wang', given: 'S. S.', raw: 'Wang, S. S.' },
    ],
    year: 2006,
    journal: 'Cancer',
    volume: '108',
    pages: '288-297',
    ...fields,
  };
}

const input = (id: string, fields: Partial<BibRecord> = {}): DedupInput => ({
  id,
  record: buildRecord(fields),
});

describe('jaroWinkler', () => {
  it('reproduces the METHODS 6.1 reference values', () => {
    expect(jaroWinkler('one', 'one')).toBe(1);
    expect(jaroWinkler('One', 'one')).toBeCloseTo(0.7777777777777777, 12);
    expect(jaroWinkler('one', 'on!')).toBeCloseTo(0.8222222222222222, 12);
    expect(jaroWinkler('one', 'two')).toBe(0);
    expect(jaroWinkler('onetwothree', 'onetXothree')).toBeCloseTo(0.9636363636363636, 12);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
  });
});

describe('normalisation', () => {
  it('folds titles: case, punctuation, diacritics, markup, trailing period, translations', () => {
    expect(normaliseTitle('Exendin-4 labeled with <sup>99m</sup>Tc.')).toBe(
      'exendin 4 labeled with 99mtc',
    );
    expect(normaliseTitle('Étude {\\"u}ber Müller')).toBe('etude uber muller');
    expect(normaliseTitle('[Protective effects of incretin on atherosclerosis]. [Japanese]')).toBe(
      'protective effects of incretin on atherosclerosis',
    );
    expect(normaliseTitle('Cardiovascular effects of DPP-4 inhibitors. [French]')).toBe(
      'cardiovascular effects of dpp 4 inhibitors',
    );
  });

  it('reduces authors to family name and initials and drops Anonymous', () => {
    expect(
      normaliseAuthors([
        { family: 'Müller', given: 'Hans Peter', raw: 'Müller, Hans Peter' },
        { family: 'Smith JA', raw: 'Smith JA' },
        { family: 'Anonymous', raw: 'Anonymous' },
      ]),
    ).toEqual([
      { family: 'muller', initials: 'hp' },
      { family: 'smith', initials: 'ja' },
    ]);
  });

  it('matches abbreviated and full journal names', () => {
    const abbreviated = journalTokens('J Neurol Sci');
    const full = journalTokens('Journal of the Neurological Sciences');
    expect(full).toEqual(['journal', 'neurological', 'sciences']);
    expect(journalSimilarity(abbreviated, full)).toBe(1);
    expect(
      journalSimilarity(
        journalTokens('Proc Natl Acad Sci U S A'),
        journalTokens('Proceedings of the National Academy of Sciences U S A'),
      ),
    ).toBe(1);
    expect(
      journalSimilarity(journalTokens('Cancer'), journalTokens('Cancer Cytopathology')),
    ).toBeCloseTo(2 / 3, 6);
  });

  it('normalises pages, DOIs and years', () => {
    expect(normalisePageRange('288-97')).toBe('288-297');
    expect(normalisePageRange('288--297')).toBe('288-297');
    expect(firstPage('S288-97')).toBe('288');
    expect(normaliseDoi('http://dx.doi.org/10.1016/S0735-1097%2813%2962048-3')).toBe(
      '10.1016/s0735-1097(13)62048-3',
    );
    expect(normaliseDoi('NA')).toBeUndefined();
  });
});

describe('safety rules', () => {
  const verdictOf = (a: Partial<BibRecord>, b: Partial<BibRecord>) => {
    const result = findDuplicates([input('1', a), input('2', b)]);
    return result.pairs[0];
  };

  it('merges a plain duplicate', () => {
    expect(verdictOf({}, { pages: '288-97', journal: 'CANCER' })?.verdict).toBe('duplicate');
  });

  it('never merges different DOIs', () => {
    const pair = verdictOf({ doi: '10.1/a' }, { doi: '10.1/b' });
    expect(pair?.verdict).toBe('possible');
    expect(pair?.rules).toContain('doi-conflict');
  });

  it('merges when every strong field agrees and one weak field (issue or pages) does not', () => {
    // An export that cut the pages short (`t-8` for 288-297) or filled the issue with a number.
    const cut = verdictOf({ issue: '4' }, { pages: 't-8', issue: '4' });
    expect(cut?.verdict).toBe('duplicate');
    expect(cut?.rules).toContain('strong-fields-agree');
    expect(verdictOf({ issue: '4' }, { issue: '771234' })?.verdict).toBe('duplicate');
    // A last page alone, or an article number where the other has print pages, is one item.
    expect(verdictOf({ issue: '4' }, { pages: '297' })?.verdict).toBe('duplicate');
    expect(verdictOf({ issue: '4' }, { pages: 'e12724' })?.verdict).toBe('duplicate');
    // Two well-formed ranges that differ are two items (a discussion printed inside an
    // article's pages): reviewed by hand.
    expect(verdictOf({ issue: '4' }, { pages: '291-292' })?.verdict).toBe('possible');
    // Both weak fields disagreeing, or a strong one, is another article (an erratum later in
    // the volume, a letter and its reply): reviewed by hand.
    expect(verdictOf({ issue: '4' }, { issue: '9', pages: '2205' })?.verdict).toBe('possible');
    expect(
      verdictOf({ issue: '4' }, { issue: '9', authors: [{ family: 'Other', raw: 'Other' }] })
        ?.verdict,
    ).not.toBe('duplicate');
  });

  it('leaves out of the queue a pair whose identifiers and titles differ', () => {
    // Same authors, journal and year, other pages, a related title (0.78): queued while nothing
    // says otherwise.
    const related = {
      pages: '500-510',
      title:
        'Human papillomavirus distribution in cytologic subgroups of high-grade cervical lesions in Brazil',
    };
    expect(verdictOf({}, related)?.verdict).toBe('possible');
    expect(verdictOf({ doi: '10.1/a' }, { ...related, doi: '10.1/b' })).toBeUndefined();
    expect(verdictOf({ pmid: '1' }, { ...related, pmid: '2' })).toBeUndefined();
  });

  it('never merges different PMIDs', () => {
    expect(verdictOf({ pmid: '1' }, { pmid: '2' })?.rules).toContain('pmid-conflict');
  });

  it('never merges records more than a year apart', () => {
    const pair = verdictOf({}, { year: 2009 });
    expect(pair?.verdict).toBe('possible');
    expect(pair?.rules).toContain('year-gap');
  });

  it('never merges an article with its erratum, comment or reply', () => {
    for (const prefix of ['Erratum: ', 'Correction to: ', 'Comment on: ', 'Reply: ']) {
      const pair = verdictOf({}, { title: `${prefix}${buildRecord().title ?? ''}`, pages: '500' });
      expect(pair?.verdict, prefix).toBe('possible');
      expect(pair?.rules, prefix).toContain('different-report-kind');
    }
  });

  it('links a preprint to its published version instead of merging', () => {
    const result = findDuplicates([
      input('1', {
        doi: '10.1101/2020.01.01.123456',
        journal: 'bioRxiv',
        volume: undefined,
        pages: undefined,
      }),
      input('2', { doi: '10.1016/j.x.2021.1', year: 2006 }),
    ]);
    expect(result.clusters).toEqual([]);
    expect(result.pairs[0]?.rules).toContain('preprint-and-published');
    expect(result.relations).toEqual([
      expect.objectContaining({ a: '1', b: '2', relation: 'same-study-different-report' }),
    ]);
  });

  it('classifies report kinds from types, titles, journals and DOI prefixes', () => {
    expect(classifyReport(buildRecord({ journal: 'medRxiv' }))).toBe('preprint');
    expect(classifyReport(buildRecord({ doi: '10.21203/rs.3.rs-1/v1' }))).toBe('preprint');
    expect(classifyReport(buildRecord({ publicationType: ['Conference Abstract'] }))).toBe(
      'conference-abstract',
    );
    expect(classifyReport(buildRecord({ title: 'Thrombomodulin in aHUS AUTHORS REPLY' }))).toBe(
      'reply',
    );
    expect(classifyReport(buildRecord())).toBe('unknown');
  });
});

describe('clusters and keeper', () => {
  it('clusters transitively and keeps the most complete record', () => {
    const result = findDuplicates([
      input('3'),
      input('1', { abstract: 'An abstract that makes this record the most complete.' }),
      input('2', { doi: '10.1002/cncr.21950' }),
      input('9', {
        title: 'Something else entirely about kidney disease and its causes in adults',
        authors: [],
      }),
    ]);
    expect(result.clusters).toEqual([
      expect.objectContaining({ id: 'dup:1', keeper: '1', members: ['1', '2', '3'] }),
    ]);
    expect(result.counts).toMatchObject({ records: 4, unique: 2, duplicatesRemoved: 2 });
  });

  it('breaks completeness ties by preferred source, then lowest id', () => {
    const members = [
      input('5', { sourceDatabase: 'Embase' }),
      input('4', { sourceDatabase: 'Scopus' }),
      input('7', { sourceDatabase: 'PubMed' }),
    ];
    expect(findDuplicates(members, { preferredSources: ['PubMed'] }).clusters[0]?.keeper).toBe('7');
    expect(findDuplicates(members).clusters[0]?.keeper).toBe('4');
  });

  it('merges the best value per field with provenance', () => {
    const { merged, provenance } = mergeCluster([
      input('1', { abstract: 'Short.' }),
      input('2', { doi: '10.1/x', abstract: 'A much longer abstract than the other one.' }),
    ]);
    expect(merged.doi).toBe('10.1/x');
    expect(merged.abstract).toBe('A much longer abstract than the other one.');
    expect(provenance).toMatchObject({ doi: '2', abstract: '2', title: '2' });
  });

  it('lists fields side by side for the review queue', () => {
    const rows = diffRecords(
      buildRecord({ doi: '10.1/x' }),
      buildRecord({ pages: '288-298', year: undefined }),
    );
    expect(rows.find((row) => row.field === 'title')?.mark).toBe('same');
    expect(rows.find((row) => row.field === 'pages')?.mark).toBe('different');
    expect(rows.find((row) => row.field === 'doi')?.mark).toBe('only-a');
    expect(rows.find((row) => row.field === 'year')?.mark).toBe('only-a');
  });
});

describe('incremental mode and remembered decisions', () => {
  const records = [input('1'), input('2'), input('3', { doi: '10.1/new' })];

  it('compares only pairs involving a new record', () => {
    const result = findDuplicates([input('1'), input('2')], { newIds: new Set(['9']) });
    expect(result.pairs).toEqual([]);
    const withNew = findDuplicates(records, { newIds: new Set(['3']) });
    expect(withNew.pairs.map((pair) => pair.key).sort()).toEqual(['1|3', '2|3']);
  });

  it('never merges or re-asks a pair decided different', () => {
    const result = findDuplicates([input('1'), input('2')], {
      decided: new Map([[pairKey('2', '1'), 'different']]),
    });
    expect(result.pairs).toEqual([]);
    expect(result.clusters).toEqual([]);
  });

  it('merges a pair decided same even when the rules disagree', () => {
    const result = findDuplicates(
      [input('1'), input('2', { title: 'A different title about other things', year: 1990 })],
      {
        decided: new Map([[pairKey('1', '2'), 'same']]),
      },
    );
    expect(result.clusters[0]?.members).toEqual(['1', '2']);
    expect(result.pairs[0]?.rules).toEqual(['manual-same']);
  });
});

describe('evaluation', () => {
  it('scores pairs, counting transitive cluster pairs and the queue', () => {
    const result = findDuplicates([
      input('1'),
      input('2'),
      input('3', { year: 2010 }),
      input('4', { title: 'Unrelated', authors: [] }),
    ]);
    const score = evaluateAgainstGold(result, parseMergedRecordIds('merged_ids\n"1;2;3"\n'), [
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(score).toMatchObject({
      goldPairs: 3,
      autoPairs: 1,
      truePositives: 1,
      falseMerges: 0,
      foundWithQueue: 3,
    });
  });
});
