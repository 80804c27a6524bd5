import { describe, expect, it } from 'vitest';
import {
  buildContingencyMatrix,
  classifyLandisKoch,
  computeBrennanPrediger,
  computeCohenKappa,
  computeFleissKappa,
  computeGwetAc1,
  computePercentAgreement,
  computeScottPi,
  studentTQuantile,
  summariseAgreement,
  type RaterJudgement,
} from './index';

const T1 = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];
const T2 = [
  [40, 4, 4, 17],
  [6, 25, 2, 13],
  [4, 1, 21, 12],
  [15, 5, 9, 45],
];
const T3 = [
  [20, 5],
  [10, 165],
];
const T4 = [
  [118, 5],
  [2, 0],
];
const round = (v: number, digits: number) => Number(v.toFixed(digits));

describe('two-rater agreement (METHODS.md section 4 vectors)', () => {
  it.each([
    ['T1', T1, 0.89, 0.796, 0.059, 0.68, 0.913, 0.843, 0.892, 0.796, 0.835, 0.849],
    ['T2', T2, 0.5874, 0.432, 0.046, 0.341, 0.522, 0.407, 0.383, 0.43, 0.45, 0.456],
    ['T3', T3, 0.925, 0.6842, 0.076, 0.534, 0.834, 0.6842, 0.6842, 0.6838, 0.85, 0.9017],
  ])('%s', (_, m, po, kappa, se, lo, hi, linear, quadratic, scott, bp, ac1) => {
    const digits = String(kappa).split('.')[1]?.length ?? 3;
    const cohen = computeCohenKappa(m);
    expect(round(computePercentAgreement(m), String(po).split('.')[1]?.length ?? 2)).toBe(po);
    expect(round(cohen.kappa, digits)).toBe(kappa);
    expect(round(cohen.se, 3)).toBe(se);
    expect(round(cohen.ci[0], 3)).toBe(lo);
    expect(round(cohen.ci[1], 3)).toBe(hi);
    expect(round(computeCohenKappa(m, { weights: 'linear' }).kappa, digits)).toBe(linear);
    expect(round(computeCohenKappa(m, { weights: 'quadratic' }).kappa, digits)).toBe(quadratic);
    expect(round(computeScottPi(m), digits)).toBe(scott);
    expect(round(computeBrennanPrediger(m), digits === 4 ? 2 : 3)).toBe(bp);
    expect(round(computeGwetAc1(m), digits)).toBe(ac1);
  });

  it('T4 shows the kappa paradox: high agreement, kappa below zero', () => {
    expect(round(computePercentAgreement(T4), 3)).toBe(0.944);
    expect(round(computeCohenKappa(T4).kappa, 4)).toBe(-0.0234);
    expect(round(computeScottPi(T4), 4)).toBe(-0.0288);
    expect(round(computeBrennanPrediger(T4), 3)).toBe(0.888);
    expect(round(computeGwetAc1(T4), 4)).toBe(0.9408);
    expect(classifyLandisKoch(computeCohenKappa(T4).kappa)).toBe('poor');
  });

  it('classifies Landis & Koch bands', () => {
    expect([0.1, 0.3, 0.5, 0.7, 0.9].map(classifyLandisKoch)).toEqual([
      'slight',
      'fair',
      'moderate',
      'substantial',
      'almost perfect',
    ]);
  });

  it('computes Student-t quantiles accurately', () => {
    expect(studentTQuantile(0.975, 99)).toBeCloseTo(1.984216952, 8);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.70620474, 7);
    expect(studentTQuantile(0.025, 11)).toBeCloseTo(-2.20098516, 8);
  });
});

describe("Fleiss' kappa with missing ratings (irrCAC raw_4raters)", () => {
  // 12 subjects x 4 raters, categories 1..5, null = not rated (irrCAC datasets.raw_4raters).
  const raw: (number | null)[][] = [
    [1, 1, null, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [null, 5, 5, 5],
    [null, null, 1, 1],
    [null, null, 3, null],
  ];
  const counts = raw.map((row) => [1, 2, 3, 4, 5].map((k) => row.filter((v) => v === k).length));

  it('reproduces irrCAC test_fleiss (Pa 0.818, Pe 0.239, kappa 0.761, CI 0.424-1)', () => {
    const result = computeFleissKappa(counts);
    expect(round(result.pa, 5)).toBe(0.81818);
    expect(round(result.pe, 5)).toBe(0.23872);
    expect(round(result.kappa, 5)).toBe(0.76117);
    expect(round(result.se, 5)).toBe(0.15302);
    expect(round(result.ci[0], 5)).toBe(0.42438);
    expect(result.ci[1]).toBe(1);
  });
});

describe('agreement from judgement lists, over any categories', () => {
  type Judgement = 'low' | 'some concerns' | 'high';
  const LEVELS: readonly Judgement[] = ['low', 'some concerns', 'high'];
  const judgements: RaterJudgement<Judgement>[] = [];
  const add = (item: number, a: Judgement, b: Judgement) => {
    judgements.push({ itemId: `s${item}`, raterId: 'ann', value: a });
    judgements.push({ itemId: `s${item}`, raterId: 'bob', value: b });
  };
  // T3 with risk-of-bias levels: 20 both low, 5 low/high, 10 high/low, 165 both high.
  let item = 0;
  for (let i = 0; i < 20; i += 1) add(item++, 'low', 'low');
  for (let i = 0; i < 5; i += 1) add(item++, 'low', 'high');
  for (let i = 0; i < 10; i += 1) add(item++, 'high', 'low');
  for (let i = 0; i < 165; i += 1) add(item++, 'high', 'high');

  it('builds the contingency matrix in the categories’ order', () => {
    const { matrix, n } = buildContingencyMatrix(judgements, 'ann', 'bob', LEVELS);
    expect(n).toBe(200);
    expect(matrix).toEqual([
      [20, 0, 5],
      [0, 0, 0],
      [10, 0, 165],
    ]);
  });

  it('summarises per pair and overall', () => {
    const summary = summariseAgreement(judgements, ['low', 'high']);
    expect(summary.raters).toEqual(['ann', 'bob']);
    expect(round(summary.pairs[0]?.stats?.cohen.kappa ?? NaN, 4)).toBe(0.6842);
    expect(summary.pairs[0]?.stats?.band).toBe('substantial');
    // With two raters and no missing ratings Fleiss' kappa equals Scott's pi.
    expect(round(summary.overall?.kappa ?? NaN, 4)).toBe(0.6838);
  });

  it('lets a later judgement supersede an earlier one', () => {
    const { matrix } = buildContingencyMatrix(
      [
        { itemId: 'a', raterId: 'ann', value: 'high' },
        { itemId: 'a', raterId: 'ann', value: 'low' },
        { itemId: 'a', raterId: 'bob', value: 'low' },
      ],
      'ann',
      'bob',
      ['low', 'high'],
    );
    expect(matrix).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });
});
