import { describe, expect, it } from 'vitest';
import { createConsecutiveIrrelevantStopper } from './consecutive-irrelevant';
import { createRandom } from '#core/ports';
import { hypergeometricCdf, logGamma } from './hypergeometric';
import { createLastRelevantStopper } from './last-relevant';
import { SAFE_PROCEDURE, createSafeStopper } from './safe';
import { createStatisticalStopper, testRecallTarget } from './statistical';

type L = (0 | 1)[];
const run = (ones: number, zeros: number): L => [
  ...(Array(ones).fill(1) as L),
  ...(Array(zeros).fill(0) as L),
];

describe('Callaghan & Mueller-Hansen statistical stopping (METHODS.md 5.3 vectors)', () => {
  // Case E: the table lists "900x0" but its (n, M) = (1000, 1900) and p = 0.011197 need
  // 1000 irrelevant after the 100 relevant (with 900 the minimum is 0.021105 at n = 900).
  it.each([
    ['E', 2000, run(100, 1000), 0.011197, 1000, 0, 6, 1900, true],
    ['F', 2000, run(100, 700), 0.063177, 700, 0, 6, 1900, false],
    ['A', 1000, run(50, 250), 0.399606, 250, 0, 3, 950, false],
    ['D', 100, run(2, 8), 0.918367, 8, 0, 1, 98, false],
  ])('case %s', (_, nRecords, labels, p, n, k, kHat, population, stop) => {
    const test = testRecallTarget(labels, nRecords, 0.95);
    expect(Number(test.p.toFixed(6))).toBe(p);
    expect([test.n, test.k, test.kHat, test.population]).toEqual([n, k, kHat, population]);
    expect(createStatisticalStopper().advise({ labels, nRecords }).stop).toBe(stop);
  });

  it('case E as printed (900 irrelevant) gives p = 0.021105 at n = 900', () => {
    const test = testRecallTarget(run(100, 900), 2000, 0.95);
    expect(Number(test.p.toFixed(6))).toBe(0.021105);
    expect(test.n).toBe(900);
  });

  it('computes the hypergeometric CDF in log space', () => {
    expect(hypergeometricCdf(0, 98, 1, 8)).toBeCloseTo(90 / 98, 12);
    expect(hypergeometricCdf(5, 100000, 50000, 10)).toBeCloseTo(0.623046875, 3);
    expect(hypergeometricCdf(10, 100, 10, 20)).toBe(1);
  });

  it('sums the CDF by the ratio of neighbouring terms exactly as term by term in log space', () => {
    // The plain definition: every term from its own log binomials.
    const reference = (k: number, m: number, kk: number, n: number): number => {
      const low = Math.max(0, n - (m - kk));
      const high = Math.min(kk, n);
      if (k < low) return 0;
      if (k >= high) return 1;
      const choose = (a: number, b: number): number =>
        logGamma(a + 1) - logGamma(b + 1) - logGamma(a - b + 1);
      const terms: number[] = [];
      for (let j = low; j <= k; j += 1)
        terms.push(choose(kk, j) + choose(m - kk, n - j) - choose(m, n));
      const top = Math.max(...terms);
      return Math.min(
        1,
        Math.exp(top + Math.log(terms.reduce((a, t) => a + Math.exp(t - top), 0))),
      );
    };
    const random = createRandom(11);
    let checked = 0;
    for (let i = 0; i < 3000; i += 1) {
      // Small urns, and large ones like the stopping test's (100,000 records).
      const m = 1 + random.int(i % 3 === 0 ? 100_000 : 400);
      const kk = random.int(m + 1);
      const n = random.int(m + 1);
      const k = random.int(Math.min(kk, n) + 1);
      const expected = reference(k, m, kk, n);
      const actual = hypergeometricCdf(k, m, kk, n);
      if (expected < 1e-300) expect(actual).toBeLessThan(1e-290);
      else expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-9);
      checked += 1;
    }
    expect(checked).toBe(3000);
  });
});

describe('other stoppers', () => {
  it('n consecutive irrelevant', () => {
    const stopper = createConsecutiveIrrelevantStopper({ n: 3 });
    expect(stopper.advise({ labels: [1, 0, 0], nRecords: 10 }).stop).toBe(false);
    expect(stopper.advise({ labels: [1, 0, 0, 0], nRecords: 10 }).stop).toBe(true);
  });

  it('last relevant (simulations)', () => {
    const stopper = createLastRelevantStopper();
    expect(stopper.advise({ labels: [1, 0, 1], nRecords: 10, nRelevantTotal: 2 }).stop).toBe(true);
    expect(stopper.advise({ labels: [1, 0], nRecords: 10, nRelevantTotal: 2 }).stop).toBe(false);
  });

  it('SAFE checkpoints are data marked unverified', () => {
    expect(SAFE_PROCEDURE.verified).toBe(false);
    const labels = run(5, 60);
    expect(createSafeStopper().advise({ labels, nRecords: 600 }).stop).toBe(true);
    expect(
      createSafeStopper({ estimatedRelevant: 40 }).advise({ labels, nRecords: 600 }).stop,
    ).toBe(false);
  });
});
