import { describe, expect, it } from 'vitest';
import { readRis } from './reader';

const OVID = [
  '1.',
  'TY  - JOUR',
  'ID  - 20203152553',
  'DO  - http://dx.doi.org/10.5555/Syn.2020.101008',
  'T1  - Synthetic example: retention trees',
  '',
  'A1  - Holmstrom, E.',
  'A1  - Nordstrom, E.',
  'Y1  - 2020//',
  'N2  - First line of the abstract',
  'continues here.',
  'JF  - Open Journal of Forestry',
  'JA  - Open J For',
  'VL  - 10',
  'IS  - 1',
  'SP  - 110-23',
  'KW  - trees; clearcuts',
  'UR  - http://example.org/1',
  'DB  - CAB Abstracts',
  'ZZ  - unknown tag',
  'ER  -',
  '',
  'Link to the Ovid Full Text or citation: http://example.org/ovid',
  '',
].join('\r\n');

describe('readRis', () => {
  it('reads an Ovid record: blank lines inside, continuation lines, ER without a space, Link to lines', () => {
    const { records, issues } = readRis(OVID);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      title: 'Synthetic example: retention trees',
      authors: [
        { family: 'Holmstrom', given: 'E.', raw: 'Holmstrom, E.' },
        { family: 'Nordstrom', given: 'E.', raw: 'Nordstrom, E.' },
      ],
      year: 2020,
      date: '2020//',
      abstract: 'First line of the abstract continues here.',
      journal: 'Open Journal of Forestry',
      journalAbbrev: 'Open J For',
      volume: '10',
      issue: '1',
      pages: '110-123',
      doi: '10.5555/syn.2020.101008',
      keywords: ['trees', 'clearcuts'],
      url: ['http://example.org/1'],
      sourceDatabase: 'CAB Abstracts',
      sourceRecordId: '20203152553',
      originals: { doi: 'http://dx.doi.org/10.5555/Syn.2020.101008', pages: '110-23' },
      extra: {
        ZZ: ['unknown tag'],
        'Link to': ['Link to the Ovid Full Text or citation: http://example.org/ovid'],
      },
      location: { line: 2, endLine: 21 },
    });
    expect(record?.raw.startsWith('TY  - JOUR')).toBe(true);
    expect(record?.raw.endsWith('ER  -')).toBe(true);
  });

  it('handles bare CR line endings and repeated tags', () => {
    const text = 'TY  - JOUR\rAU  - Smith, J\rAU  - Doe, A\rTI  - A\rPY  - 2019///\rER  - \r';
    const { records } = readRis(text);
    expect(records[0]).toMatchObject({
      title: 'A',
      year: 2019,
      authors: [{ family: 'Smith' }, { family: 'Doe' }],
    });
  });

  it('reports a truncated record with its first line and keeps what it read', () => {
    const { records, issues } = readRis('TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\n');
    expect(records.map((r) => r.title)).toEqual(['One', 'Two']);
    expect(issues).toEqual([
      expect.objectContaining({ line: 5, code: 'ris/missing-er', severity: 'warning' }),
    ]);
  });

  it('reports a record that starts without TY and a record without a title', () => {
    const { records, issues } = readRis('AU  - Smith, J\nER  - \n');
    expect(records).toHaveLength(1);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['ris/missing-ty', 1],
      ['ris/missing-title', 1],
    ]);
  });

  it('reads PubMed ids from C2 and database accession numbers', () => {
    const { records } = readRis(
      'TY  - JOUR\nTI  - A\nC2  - PMID:90000001\nAN  - 90000001\nDB  - PubMed\nER  - \n',
    );
    expect(records[0]).toMatchObject({
      pmid: '90000001',
      sourceRecordId: '90000001',
      sourceDatabase: 'PubMed',
    });
  });
});
