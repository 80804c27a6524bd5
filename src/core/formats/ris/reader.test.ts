import { describe, expect, it } from 'vitest';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { readRis, risCutPoints, streamRis } from './reader';

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

/**
 * Reads `text` as the import workers do: cut with `risCutPoints` about every `size` bytes,
 * each piece decoded and streamed on its own with its first line number.
 */
function readInPieces(text: string, size: number): { records: BibRecord[]; issues: ParseIssue[] } {
  const bytes = new TextEncoder().encode(text);
  const skip = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const starts = [skip, ...risCutPoints(bytes, size).filter((cut) => cut > skip)];
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let firstLine = 1;
  starts.forEach((start, piece) => {
    const end = starts[piece + 1] ?? bytes.length;
    const text = new TextDecoder('utf-8', { ignoreBOM: piece > 0 }).decode(
      bytes.subarray(start, end),
    );
    const last = piece === starts.length - 1;
    issues.push(...streamRis(text, (record) => records.push(record), { firstLine, last }));
    firstLine += text.split('\n').length - 1;
  });
  return { records, issues };
}

describe('reading RIS in pieces (parallel import)', () => {
  const ovid = [
    '\uFEFF1.',
    'TY  - JOUR',
    'TI  - Contralesional motor cortex, é and “quotes”',
    'AU  - Smith, J',
    'ER  - ',
    'Link to the Ovid Full Text or citation:',
    'http://ovidsp.example/1',
    '',
    '2.',
    'TY  - JOUR',
    'AU  - No title, A',
    'ER  -',
    '',
    'TY  - JOUR',
    'TI  - Without an ER line',
    'AB  - An abstract that runs on',
    '  over a continuation line 😀',
    'TY  - CHAP',
    'TI  - After the missing ER',
    'ER  - ',
    'AU  - Starts without TY',
    'TI  - Stray',
    'ER  - ',
    'ER  - ',
    'TY  - JOUR',
    'TI  - Truncated at the end',
  ];

  it.each([
    ['LF', ovid.join('\n')],
    ['CRLF', ovid.join('\r\n')],
    ['CRLF with a final line break', `${ovid.join('\r\n')}\r\n`],
  ])('gives the records and issues of a whole read, cut anywhere (%s)', (_name, text) => {
    const whole = readRis(text);
    expect(whole.records).toHaveLength(6);
    const cutsSeen = new Set<number>();
    for (let size = 1; size < text.length; size += 7) {
      const pieces = readInPieces(text, size);
      expect(pieces).toEqual(whole);
      cutsSeen.add(risCutPoints(new TextEncoder().encode(text), size).length);
    }
    // Every TY line served as a cut point somewhere along the way.
    expect(Math.max(...cutsSeen)).toBe(5);
  });

  it('cuts only before TY lines, about `size` bytes apart', () => {
    const text = ovid.join('\n');
    const bytes = new TextEncoder().encode(text);
    const cuts = risCutPoints(bytes, 1);
    expect(cuts.map((cut) => new TextDecoder().decode(bytes.subarray(cut, cut + 6)))).toEqual([
      'TY  - ',
      'TY  - ',
      'TY  - ',
      'TY  - ',
      'TY  - ',
    ]);
    expect(risCutPoints(bytes, bytes.length)).toEqual([]);
  });

  it('keeps tag lines and link text Ovid writes after ER with the record, never as a new one', () => {
    const text =
      'TY  - JOUR\nTI  - First\nER  - \nNL  - https://ovid.example/1\nLink to the Ovid Full Text or citation:\nhttp://ovid.example/x\n\nTY  - JOUR\nTI  - Second\nER  - \nNL  - https://ovid.example/2\n';
    const { records, issues } = readRis(text);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.title)).toEqual(['First', 'Second']);
    expect(records[0]!.extra.NL).toEqual([
      'https://ovid.example/1',
      'Link to the Ovid Full Text or citation:',
      'http://ovid.example/x',
    ]);
    expect(records[1]!.extra.NL).toEqual(['https://ovid.example/2']);
    // Any other tag after ER still starts a record (missing its TY), so none is lost.
    const stray = readRis('TY  - JOUR\nTI  - First\nER  - \nTI  - Orphan\nER  - \n');
    expect(stray.records.map((r) => r.title)).toEqual(['First', 'Orphan']);
    expect(stray.issues[0]).toMatchObject({ code: 'ris/missing-ty' });
  });
});
