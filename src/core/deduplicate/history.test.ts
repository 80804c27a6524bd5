import { describe, expect, it } from 'vitest';
import { clusterFromHistory } from './history';

describe('clusterFromHistory', () => {
  it('joins duplicate pairs transitively', () => {
    expect(
      clusterFromHistory(
        [
          { a: 1, b: 2, score: 0.9 },
          { a: 2, b: 3, score: 0.95 },
        ],
        [],
      ),
    ).toEqual([{ members: [1, 2, 3], manualJoins: 0 }]);
  });
  it('never puts two records a reviewer called different into one cluster, even via a third', () => {
    const clusters = clusterFromHistory(
      [
        { a: 1, b: 2, score: 0.99 },
        { a: 2, b: 3, score: 0.9 },
      ],
      [{ a: 1, b: 3, decision: 'different' }],
    );
    expect(clusters).toEqual([{ members: [1, 2], manualJoins: 0 }]);
  });
  it('lets the latest decision win and counts manual joins', () => {
    const clusters = clusterFromHistory(
      [{ a: 1, b: 2, score: 0.9 }],
      [
        { a: 2, b: 1, decision: 'different' },
        { a: 1, b: 2, decision: 'same' },
        { a: 5, b: 4, decision: 'same' },
      ],
    );
    expect(clusters).toEqual([
      { members: [1, 2], manualJoins: 1 },
      { members: [4, 5], manualJoins: 1 },
    ]);
  });
});
