import { describe, expect, it } from 'vitest';
import { fillChecklist, fillScrChecklist } from './index';
import type { ReviewFacts } from './index';

const FACTS: ReviewFacts = {
  title:
    'The contralesional primary motor cortex and upper-limb recovery after stroke: a scoping review',
  type: 'scoping',
  protocol: {
    question: 'What role does contralesional M1 play in upper-limb recovery after stroke?',
    framework: 'PCC',
    population: 'Adults after stroke and animal models',
    concept: 'Contralesional M1',
    context: 'Upper-limb recovery',
    inclusionCriteria: ['Stroke'],
    exclusionCriteria: ['Lower limb only'],
    registration: { registry: 'OSF', id: 'abc12' },
    amendments: [{ version: 2, date: '2024-03-01', reason: 'Scopus added' }],
  },
  searches: [
    {
      database: 'PubMed',
      searchedOn: '2024-03-01',
      query: '"stroke"[tiab] AND "motor cortex"[tiab]',
      records: 120,
    },
    { database: 'Embase', platform: 'Ovid', searchedOn: '2024-03-01', records: 140 },
  ],
  deduplication: { duplicates: 60, automatic: 55, manual: 5 },
  screening: { reviewersPerRecord: 2, blinded: true, kappa: 0.81 },
  charting: {
    form: 'Contralesional M1',
    version: 2,
    published: true,
    extractorsPerStudy: 2,
    fields: ['Species', 'Severity'],
    studies: 38,
  },
  appraisal: {
    tools: [
      {
        id: 'syrcle',
        name: "SYRCLE's risk of bias tool for animal studies",
        studies: 4,
        overall: false,
      },
    ],
    assessorsPerStudy: 2,
    judgements: { syrcle: {} },
  },
  counts: {
    database_results: 260,
    duplicates: 60,
    records_screened: 200,
    records_excluded: 150,
    dbr_sought_reports: 50,
    dbr_notretrieved_reports: 2,
    dbr_assessed: 48,
    new_studies: 38,
    new_reports: 40,
  },
};

describe('the PRISMA-ScR checklist filled from the review', () => {
  it('fills what the records say, drafts what they start, and leaves the rest to the authors', () => {
    const items = fillScrChecklist(FACTS);
    expect(items).toHaveLength(22);
    const status = Object.fromEntries(items.map((i) => [i.item, i.status]));
    expect(status).toMatchObject({
      1: 'filled',
      2: 'todo',
      4: 'draft',
      5: 'filled',
      6: 'filled',
      7: 'filled',
      8: 'filled',
      9: 'filled',
      10: 'filled',
      11: 'filled',
      12: 'filled',
      13: 'draft',
      14: 'filled',
      19: 'todo',
      22: 'todo',
    });
    expect(items[4]!.text).toBe(
      'The protocol was registered with OSF (abc12). It was amended 1 time: version 2 (2024-03-01): Scopus added.',
    );
    expect(items[6]!.text).toBe(
      'Sources searched: PubMed, searched on 2024-03-01, 120 records; Embase (Ovid), searched on 2024-03-01, 140 records.',
    );
    expect(items[8]!.text).toContain("Cohen's kappa 0.81");
    expect(items[13]!.text).toContain('38 sources (40 reports) were included');
    // SYRCLE has no overall judgement: its sources are reported item by item, not as missing.
    expect(items[15]!.text).toBe(
      "SYRCLE's risk of bias tool for animal studies: 4 sources judged item by item (the tool defines no overall judgement).",
    );
    // Without charting or appraisal the items stay the authors' to write.
    const bare = fillScrChecklist({ ...FACTS, charting: undefined, appraisal: undefined });
    expect(bare.filter((i) => [10, 11, 12, 16].includes(i.item)).map((i) => i.status)).toEqual([
      'todo',
      'todo',
      'todo',
      'todo',
    ]);
  });
});

describe('the PRISMA 2020 checklist filled from the review', () => {
  it('maps the same records onto its 27 items, with registration under Other information', () => {
    const items = fillChecklist('prisma-2020', {
      ...FACTS,
      title: 'Contralesional M1 after stroke',
      type: 'systematic',
    });
    expect(items).toHaveLength(27);
    expect(items.map((i) => i.item)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    const status = Object.fromEntries(items.map((i) => [i.item, i.status]));
    expect(status).toEqual({
      1: 'draft',
      2: 'todo',
      3: 'todo',
      4: 'draft',
      5: 'filled',
      6: 'filled',
      7: 'filled',
      8: 'filled',
      9: 'filled',
      10: 'filled',
      11: 'filled',
      12: 'todo',
      13: 'draft',
      14: 'todo',
      15: 'todo',
      16: 'filled',
      17: 'filled',
      18: 'filled',
      19: 'draft',
      20: 'draft',
      21: 'todo',
      22: 'todo',
      23: 'todo',
      24: 'filled',
      25: 'todo',
      26: 'todo',
      27: 'draft',
    });
    expect(items[0]!.text).toBe('Contralesional M1 after stroke: a systematic review');
    expect(items[23]).toMatchObject({
      section: 'Other information',
      title: 'Registration and protocol',
    });
    expect(items[23]!.text).toContain('registered with OSF (abc12)');
    expect(items[15]!.text).toContain('38 studies (40 reports) were included');
    // A todo item carries its guidance, the pointer to what the authors must write.
    expect(items[11]!.text).toMatch(/effect measure/);
  });
});
