import { describe, expect, it } from 'vitest';
import { readWosTab } from './tab';
import { readWosTagged } from './tagged';

const TAGGED = `FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Smith, J
   Doe, A
AF Smith, John
   Doe, Anne
TI Synthetic example: a title that
   wraps
SO JOURNAL OF SYNTHETIC EXAMPLES
DE stroke; motor cortex
ID PLASTICITY; RECOVERY
AB An abstract.
PY 2019
VL 12
IS 3
BP 288
EP 297
DI 10.5555/SYN.1
PM 90000001
UT WOS:000000000000001
ER

EF
`;

describe('readWosTagged', () => {
  it('reads list tags item by item and wraps other continuations', () => {
    const { records, issues } = readWosTagged(TAGGED);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      title: 'Synthetic example: a title that wraps',
      authors: [
        { family: 'Smith', given: 'John' },
        { family: 'Doe', given: 'Anne' },
      ],
      journal: 'JOURNAL OF SYNTHETIC EXAMPLES',
      keywords: ['stroke', 'motor cortex'],
      subjectHeadings: ['PLASTICITY', 'RECOVERY'],
      year: 2019,
      volume: '12',
      issue: '3',
      pages: '288-297',
      doi: '10.5555/syn.1',
      pmid: '90000001',
      sourceRecordId: 'WOS:000000000000001',
      sourceDatabase: 'Web of Science',
      location: { line: 3, endLine: 22 },
    });
  });

  it('reports a record cut off before ER', () => {
    const { records, issues } = readWosTagged('PT J\nTI A\nPY 2019\n');
    expect(records).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ line: 1, code: 'wos/missing-er' })]);
  });
});

describe('readWosTab', () => {
  it('maps WoS tag columns, splitting authors on semicolons, and keeps quotes literal', () => {
    const text =
      '\uFEFFPT\tAU\tTI\tSO\tPY\tDI\tUT\nJ\tSmith, J; Doe, A\tA "quoted" title\tJ SYNTH\t2019\t10.5555/x\tWOS:1\n';
    const { records, issues } = readWosTab(text);
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      title: 'A "quoted" title',
      authors: [
        { family: 'Smith', given: 'J' },
        { family: 'Doe', given: 'A' },
      ],
      year: 2019,
      doi: '10.5555/x',
      sourceRecordId: 'WOS:1',
      location: { line: 2, endLine: 2 },
    });
  });

  it('refuses a row cut short: fewer cells than the header names', () => {
    const header = 'PT\tAU\tTI\tSO\tPY\tDI\tUT\t';
    const row = (n: number) => `J\tSmith, J\tTitle ${n}\tJ SYNTH\t2019\t10.5555/${n}\tWOS:${n}\t`;
    const whole = `${header}\n${row(1)}\n${row(2)}\n`;
    expect(readWosTab(whole).issues).toEqual([]);
    const cut = `${header}\n${row(1)}\n${row(2).slice(0, 16)}`;
    const { records, issues } = readWosTab(cut);
    expect(records).toHaveLength(1);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 3,
        code: 'wos/truncated-row',
        severity: 'error',
        message: expect.stringMatching(/3 of the header's 8 cells/),
      }),
    ]);
  });
});
