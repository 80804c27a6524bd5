import { describe, expect, it } from 'vitest';
import {
  APPRAISAL_TOOLS,
  SYRCLE,
  findTool,
  genericTool,
  judge,
  proposeD1,
  proposeD2Adhering,
  proposeD2Assignment,
  proposeD3,
  proposeD4,
  proposeD5,
  robinsIOverall,
  toolSummary,
} from './index';
import type { Answers } from './index';

const ALL = ['Y', 'PY', 'PN', 'N', 'NI', 'NA'] as const;
const STD = ['Y', 'PY', 'PN', 'N', 'NI'] as const;
const Y = (a: string) => a === 'Y' || a === 'PY';
const N = (a: string) => a === 'N' || a === 'PN';

/** Every combination of answers to `ids`, each from `options`. */
function* combinations(ids: readonly string[], options: readonly string[]): Generator<Answers> {
  if (ids.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = ids;
  for (const tail of combinations(rest, options))
    for (const option of options) yield { [first!]: option, ...tail };
}

describe('RoB 2 algorithms', () => {
  it('gives the test vectors of METHODS.md 3.2', () => {
    const d1 = (a: Answers) => proposeD1(a).judgement;
    expect(d1({ '1.2': 'N' })).toBe('High');
    expect(d1({ '1.2': 'Y', '1.1': 'N' })).toBe('Some concerns');
    expect(d1({ '1.2': 'Y', '1.1': 'Y', '1.3': 'N' })).toBe('Low');
    expect(d1({ '1.2': 'Y', '1.1': 'Y', '1.3': 'Y' })).toBe('Some concerns');
    expect(d1({ '1.2': 'NI', '1.3': 'N' })).toBe('Some concerns');
    expect(d1({ '1.2': 'NI', '1.3': 'Y' })).toBe('High');
    const d2 = (a: Answers) => proposeD2Assignment(a).judgement;
    expect(d2({ '2.1': 'N', '2.2': 'N', '2.6': 'Y' })).toBe('Low');
    expect(d2({ '2.1': 'Y', '2.2': 'N', '2.3': 'N', '2.6': 'Y' })).toBe('Low');
    expect(d2({ '2.1': 'Y', '2.2': 'N', '2.3': 'NI', '2.6': 'Y' })).toBe('Some concerns');
    expect(d2({ '2.1': 'Y', '2.2': 'N', '2.3': 'Y', '2.4': 'Y', '2.5': 'N', '2.6': 'Y' })).toBe(
      'High',
    );
    // Answers a path does not reach are not needed: 1.2 = N decides domain 1.
    expect(proposeD1({ '1.2': 'N' }).missing).toEqual([]);
    expect(proposeD1({ '1.2': 'Y' }).missing).toEqual(['1.1']);
  });

  it('domain 1 follows its published table for every combination', () => {
    for (const a of combinations(['1.1', '1.2', '1.3'], STD)) {
      const [q11, q12, q13] = [a['1.1']!, a['1.2']!, a['1.3']!];
      const expected = N(q12)
        ? 'High'
        : Y(q12)
          ? N(q11)
            ? 'Some concerns'
            : Y(q13)
              ? 'Some concerns'
              : 'Low'
          : Y(q13)
            ? 'High'
            : 'Some concerns';
      expect(proposeD1(a).judgement, JSON.stringify(a)).toBe(expected);
    }
  });

  it('domain 2 (assignment) is the worse of its two parts for every combination', () => {
    const rank = ['Low', 'Some concerns', 'High'];
    for (const a of combinations(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7'], ALL)) {
      const [q21, q22, q23, q24, q25, q26, q27] = [
        '2.1',
        '2.2',
        '2.3',
        '2.4',
        '2.5',
        '2.6',
        '2.7',
      ].map((id) => a[id]!) as string[] as [string, string, string, string, string, string, string];
      const part1 =
        N(q21) && N(q22)
          ? 'Low'
          : N(q23) || q23 === 'NA'
            ? 'Low'
            : q23 === 'NI'
              ? 'Some concerns'
              : N(q24) || q24 === 'NA'
                ? 'Some concerns'
                : Y(q25) || q25 === 'NA'
                  ? 'Some concerns'
                  : 'High';
      const part2 = Y(q26) ? 'Low' : N(q27) || q27 === 'NA' ? 'Some concerns' : 'High';
      const expected = rank[Math.max(rank.indexOf(part1), rank.indexOf(part2))];
      expect(proposeD2Assignment(a).judgement).toBe(expected);
    }
  });

  it('domain 2 (adhering) follows its diagram for every combination', () => {
    for (const a of combinations(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6'], ALL)) {
      const at26 = Y(a['2.6']!) || a['2.6'] === 'NA' ? 'Some concerns' : 'High';
      const at2425 =
        (N(a['2.4']!) || a['2.4'] === 'NA') && (N(a['2.5']!) || a['2.5'] === 'NA') ? 'Low' : at26;
      const expected =
        N(a['2.1']!) && N(a['2.2']!) ? at2425 : Y(a['2.3']!) || a['2.3'] === 'NA' ? at2425 : at26;
      expect(proposeD2Adhering(a).judgement, JSON.stringify(a)).toBe(expected);
    }
  });

  it('domains 3, 4 and 5 follow their diagrams for every combination', () => {
    for (const a of combinations(['3.1', '3.2', '3.3', '3.4'], ALL)) {
      const expected =
        Y(a['3.1']!) || Y(a['3.2']!)
          ? 'Low'
          : N(a['3.3']!) || a['3.3'] === 'NA'
            ? 'Low'
            : N(a['3.4']!) || a['3.4'] === 'NA'
              ? 'Some concerns'
              : 'High';
      expect(proposeD3(a).judgement).toBe(expected);
    }
    for (const a of combinations(['4.1', '4.2', '4.3', '4.4', '4.5'], ALL)) {
      const noish = (x: string) => N(x) || x === 'NA';
      const low = a['4.2'] === 'NI' ? 'Some concerns' : 'Low';
      const expected =
        Y(a['4.1']!) || Y(a['4.2']!)
          ? 'High'
          : noish(a['4.3']!) || noish(a['4.4']!)
            ? low
            : noish(a['4.5']!)
              ? 'Some concerns'
              : 'High';
      expect(proposeD4(a).judgement, JSON.stringify(a)).toBe(expected);
    }
    for (const a of combinations(['5.1', '5.2', '5.3'], STD)) {
      const expected =
        Y(a['5.2']!) || Y(a['5.3']!)
          ? 'High'
          : a['5.2'] === 'NI' || a['5.3'] === 'NI'
            ? 'Some concerns'
            : Y(a['5.1']!)
              ? 'Low'
              : 'Some concerns';
      expect(proposeD5(a).judgement).toBe(expected);
    }
  });

  it('judges a whole trial, naming what the algorithm still needs', () => {
    const judged = judge(findTool('rob2'), {
      '1.1': 'Y',
      '1.2': 'PY',
      '1.3': 'N',
      '2.1': 'N',
      '2.2': 'N',
      '2.6': 'Y',
      '3.1': 'Y',
      '4.1': 'N',
      '4.2': 'N',
      '4.3': 'Y',
      '5.1': 'Y',
      '5.2': 'N',
      '5.3': 'PN',
    });
    expect(judged.domains).toEqual({ D1: 'Low', D2: 'Low', D3: 'Low', D4: null, D5: 'Low' });
    expect(judged.missing).toEqual({ D4: ['4.4'] });
    expect(judged.overall).toBeNull();
    const high = judge(findTool('rob2'), {
      '1.2': 'N',
      '2.1': 'N',
      '2.2': 'N',
      '2.6': 'Y',
      '3.1': 'Y',
      '4.1': 'Y',
      '5.2': 'NI',
      '5.3': 'N',
    });
    expect(high.domains).toEqual({
      D1: 'High',
      D2: 'Low',
      D3: 'Low',
      D4: 'High',
      D5: 'Some concerns',
    });
    expect(high.overall).toBe('High');
  });

  it("refuses answers outside a question's options and questions the tool lacks", () => {
    expect(() => judge(findTool('rob2'), { '1.1': 'Maybe', '9.9': 'Y' })).toThrow(
      'question 1.1 takes Y, PY, PN, N, NI, not "Maybe"; rob2 has no question "9.9".',
    );
    expect(() => findTool('rob3')).toThrow(
      /Unknown appraisal tool "rob3". Available: syrcle, rob2/,
    );
  });
});

describe('SYRCLE', () => {
  it('judges every item by its rule for every combination of answers, blanks included', () => {
    for (const domain of SYRCLE.domains) {
      const ids = domain.questions.map((q) => q.id);
      for (const a of combinations(ids, ['Y', 'N', 'U', ''])) {
        const given = ids.map((id) => a[id]);
        const proposal = domain.propose!(a);
        if (given.includes('N')) expect(proposal.judgement).toBe('High');
        else if (given.includes('')) {
          expect(proposal.judgement).toBeUndefined();
          expect(proposal.missing).toEqual(ids.filter((id) => a[id] === ''));
        } else if (given.includes('U')) expect(proposal.judgement).toBe('Unclear');
        else expect(proposal.judgement).toBe('Low');
      }
    }
    const judged = judge(SYRCLE, { '1.1': 'Y', '2.1': 'Y', '2.2': 'U', '3.1': 'N' });
    expect(judged.domains).toMatchObject({ D1: 'Low', D2: 'Unclear', D3: 'High', D4: null });
    expect(judged.overall).toBeNull();
    expect(SYRCLE.unverified[0]).toMatch(/items 3-10/);
    expect(SYRCLE.domains[3]!.questions[0]!.unverified).toMatch(/not checked/);
  });
});

describe('ROBINS-I and the other tools', () => {
  it('applies the worst-domain rule, No information below Serious', () => {
    const of = (...values: string[]) =>
      robinsIOverall(Object.fromEntries(values.map((v, i) => [`D${i + 1}`, v])));
    expect(of('Low', 'Low', 'Low')).toBe('Low');
    expect(of('Low', 'Moderate', 'Low')).toBe('Moderate');
    expect(of('Moderate', 'Serious', 'Low')).toBe('Serious');
    expect(of('Serious', 'Critical', 'No information')).toBe('Critical');
    expect(of('Low', 'No information', 'Moderate')).toBe('No information');
    expect(of('Serious', 'No information')).toBe('Serious');
    const judged = judge(findTool('robins-i'), {
      D1: 'Moderate',
      D2: 'Low',
      D3: 'Low',
      D4: 'Low',
      D5: 'Serious',
      D6: 'Low',
      D7: 'Low',
    });
    expect(judged.overall).toBe('Serious');
    expect(() => judge(findTool('robins-i'), { D1: 'Some concerns' })).toThrow(
      'question D1 takes Low, Moderate, Serious, Critical, No information, not "Some concerns".',
    );
  });

  it('lists every tool in the contract shape, with the ids the issue names', () => {
    const ids = APPRAISAL_TOOLS.map((t) => t.id);
    for (const id of [
      'syrcle',
      'rob2',
      'rob2-cluster',
      'robins-i',
      'robins-i-v2',
      'robins-e',
      'quadas-2',
    ])
      expect(ids).toContain(id);
    expect(ids.filter((id) => id.startsWith('jbi-'))).toEqual([
      'jbi-rct',
      'jbi-quasi-experimental',
      'jbi-cohort',
      'jbi-case-control',
      'jbi-cross-sectional',
      'jbi-case-series',
      'jbi-qualitative',
    ]);
    const counts = Object.fromEntries(
      APPRAISAL_TOOLS.filter((t) => t.id.startsWith('jbi-')).map((t) => [t.id, t.domains.length]),
    );
    expect(counts).toEqual({
      'jbi-rct': 13,
      'jbi-quasi-experimental': 9,
      'jbi-cohort': 11,
      'jbi-case-control': 10,
      'jbi-cross-sectional': 8,
      'jbi-case-series': 10,
      'jbi-qualitative': 10,
    });
    for (const tool of APPRAISAL_TOOLS) {
      const summary = toolSummary(tool);
      expect(summary).toMatchObject({
        id: tool.id,
        name: expect.any(String),
        version: expect.any(String),
      });
      for (const d of summary.domains)
        for (const q of d.questions) expect(q.options.length).toBeGreaterThan(1);
    }
    // QUADAS-2 proposes nothing on a No: the assessor judges.
    const quadas = judge(findTool('quadas-2'), { '1.1': 'Y', '1.2': 'N', '1.3': 'Y' });
    expect(quadas.domains.D1).toBeNull();
    expect(quadas.notes.D1).toMatch(/assessor/);
  });

  it("builds a review's own tool and refuses a broken definition", () => {
    const tool = genericTool({
      name: 'Newcastle-Ottawa-like',
      judgements: ['Good', 'Fair', 'Poor'],
      domains: [
        { id: 'S', name: 'Selection' },
        { id: 'C', name: 'Comparability' },
      ],
    });
    expect(judge(tool, { S: 'Good', C: 'Fair' }).overall).toBe('Fair');
    expect(() => genericTool({ name: 'x', judgements: ['Only'], domains: [] })).toThrow(
      /judgements: Too small.*domains: Too small/,
    );
  });
});
