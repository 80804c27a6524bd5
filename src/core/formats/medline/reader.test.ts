import { describe, expect, it } from 'vitest';
import { readMedline } from './reader';

const NBIB = `PMID- 90000001
OWN - NLM
IS  - 1932-6203 (Electronic)
IS  - 1932-6203 (Linking)
VI  - 14
IP  - 1
DP  - 2019 Mar
TI  - Synthetic example: a title that wraps onto
      a second line.
PG  - 288-97
LID - 10.5555/SYN.2019.1 [doi]
AB  - An abstract.
FAU - Smith, John A
AU  - Smith JA
FAU - Doe, Jane
AU  - Doe J
LA  - eng
PT  - Journal Article
MH  - Stroke/*therapy
OT  - motor cortex
PMC - PMC9000001
TA  - J Synth Ex
JT  - Journal of Synthetic Examples

PMID- 90000002
TI  - Second.
`;

describe('readMedline', () => {
  it('reads tags, continuation lines, FAU over AU and the [doi] location id', () => {
    const { records, issues } = readMedline(NBIB);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      pmid: '90000001',
      title: 'Synthetic example: a title that wraps onto a second line.',
      authors: [
        { family: 'Smith', given: 'John A' },
        { family: 'Doe', given: 'Jane' },
      ],
      year: 2019,
      date: '2019 Mar',
      volume: '14',
      issue: '1',
      pages: '288-297',
      doi: '10.5555/syn.2019.1',
      issn: ['1932-6203'],
      language: 'eng',
      publicationType: ['Journal Article'],
      subjectHeadings: ['Stroke/*therapy'],
      keywords: ['motor cortex'],
      pmcid: 'PMC9000001',
      journal: 'Journal of Synthetic Examples',
      journalAbbrev: 'J Synth Ex',
      sourceDatabase: 'PubMed',
      originals: { pages: '288-97' },
      extra: { OWN: ['NLM'] },
      location: { line: 1, endLine: 23 },
    });
    expect(records[1]).toMatchObject({
      pmid: '90000002',
      title: 'Second.',
      location: { line: 25, endLine: 26 },
    });
  });

  it('reports lines it cannot read with their line numbers', () => {
    const { records, issues } = readMedline('PMID- 1\nthis is not a tag\nTI  - A\n');
    expect(records).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ line: 2, code: 'medline/bad-line' })]);
  });

  it('says so when the file ends inside its last record', () => {
    const record = (pmid: number) =>
      `PMID- ${pmid}\nTI  - Title ${pmid}\nAB  - An abstract long enough to be cut somewhere.\nSO  - J Synth Ex. 2019;14(1):288-97.\n`;
    const whole = `${record(1)}\n${record(2)}`;
    expect(readMedline(whole).issues).toEqual([]);
    // Cut inside the abstract: the others close with SO, this one does not.
    const cut = whole.slice(0, whole.indexOf('AB  - ', whole.indexOf('PMID- 2')) + 20);
    const read = readMedline(cut);
    expect(read.issues).toEqual([
      expect.objectContaining({
        code: 'medline/truncated',
        severity: 'error',
        line: 8,
        message: expect.stringMatching(/ends inside record 2 .*mid-line/),
      }),
    ]);
    // A single record stopped mid-line is cut short too; a complete one without SO is not.
    expect(readMedline(record(1).slice(0, 40)).issues[0]).toMatchObject({
      code: 'medline/truncated',
    });
    expect(readMedline('PMID- 1\nTI  - Title\n').issues).toEqual([]);
  });
});
