import { describe, expect, it } from 'vitest';
import { buildContingencyMatrix, summariseAgreement } from './index';
import type { RaterDecision } from './index';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

describe('agreement on screening decisions', () => {
  const decisions: RaterDecision[] = [];
  const add = (item: number, a: string, b: string) => {
    decisions.push({ itemId: `r${item}`, raterId: 'ann', value: a as RaterDecision['value'] });
    decisions.push({ itemId: `r${item}`, raterId: 'bob', value: b as RaterDecision['value'] });
  };
  // T3 as decisions: 20 both include, 5 A include / B exclude, 10 A exclude / B include, 165 both exclude.
  let item = 0;
  for (let i = 0; i < 20; i += 1) add(item++, 'include', 'include');
  for (let i = 0; i < 5; i += 1) add(item++, 'include', 'exclude');
  for (let i = 0; i < 10; i += 1) add(item++, 'exclude', 'include');
  for (let i = 0; i < 165; i += 1) add(item++, 'exclude', 'exclude');

  it('builds the contingency matrix with maybe as its own category', () => {
    const { matrix, n } = buildContingencyMatrix(
      [
        ...decisions,
        { itemId: 'x', raterId: 'ann', value: 'maybe' },
        { itemId: 'x', raterId: 'bob', value: 'exclude' },
      ],
      'ann',
      'bob',
    );
    expect(n).toBe(201);
    expect(matrix).toEqual([
      [20, 0, 5],
      [0, 0, 1],
      [10, 0, 165],
    ]);
  });

  it('reads include, maybe, exclude in that order unless told otherwise', () => {
    const summary = summariseAgreement(decisions);
    expect(summary.categories).toEqual(['include', 'maybe', 'exclude']);
    // No maybe among them: the same kappa as over include and exclude alone.
    expect(round(summary.pairs[0]?.stats?.cohen.kappa ?? NaN, 4)).toBe(0.6842);
    expect(
      summariseAgreement(decisions, { categories: ['exclude', 'include'] }).categories,
    ).toEqual(['exclude', 'include']);
  });
});
