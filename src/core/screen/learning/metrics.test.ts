import { describe, expect, it } from 'vitest';
import {
  computeAverageTimeToDiscovery,
  computeErf,
  computeLoss,
  computeRecall,
  computeTimeToDiscovery,
  computeWss,
  computeWssCurve,
  roundHalfEven,
} from './metrics';

type L = (0 | 1)[];
const r4 = (v: number) => Number(v.toFixed(4));
const long: L = [1, 0, 1, 0, 0, 1, ...(Array(13).fill(0) as L), 1];

describe('asreview-insights metrics (METHODS.md 5.2 vectors)', () => {
  it.each([
    [[1, 1, 1, 0] as L, 0.6667, [1 / 3, 2 / 3, 1], [0.25, 0.25, 0.25], 0.25, 0.3333, 0, 2],
    [[1, 0, 1] as L, 0.5, [0.5, 1], [0.3333, 0], 0.3333, 0.5, 0.5, 2],
    [[1, 1, 0, 0] as L, 1, [0.5, 1], [0.25, 0.5], 0.25, 0.5, 0, 1.5],
    [[0, 1, 0, 1, 0, 0, 0, 0, 0, 0] as L, 1, [0.5, 1], [0.2, 0.4], 0.2, 0.5, 0.1875, 3],
    [long, 0.75, [0.25, 0.5, 0.75, 1], [0.15, 0.3, 0.35, -0.1], 0.35, 0.25, 0.3125, 7.5],
  ])('%j', (labels, recall, wx, wy, wss95, erf, loss, atd) => {
    expect(r4(computeRecall(labels, 0.5))).toBe(recall);
    const curve = computeWssCurve(labels);
    expect(curve.x.map(r4)).toEqual(wx.map(r4));
    expect(curve.y.map(r4)).toEqual(wy);
    expect(r4(computeWss(labels, 0.95))).toBe(wss95);
    expect(r4(computeErf(labels, 0.5))).toBe(erf);
    expect(r4(computeLoss(labels))).toBe(loss);
    expect(computeAverageTimeToDiscovery(labels)).toBe(atd);
  });

  it('reproduces the other upstream assertions', () => {
    expect(r4(computeRecall([1, 1, 1, 0], 2, { xAbsolute: true }))).toBe(0.6667);
    expect(computeRecall([1, 1, 1, 0], 2, { xAbsolute: true, yAbsolute: true })).toBe(2);
    expect(computeRecall([1, 1, 1, 0], 0)).toBe(0);
    expect(computeRecall([1, 1, 1, 0], 1.2)).toBe(1);
    expect(computeTimeToDiscovery([3, 2, 0, 1], [1, 1, 0, 1])).toEqual([
      [3, 1],
      [2, 2],
      [1, 4],
    ]);
    expect(computeLoss([1, 0])).toBe(0);
    expect(computeLoss([0, 1])).toBe(1);
    expect(computeLoss([0, 0, 0, 1, 1])).toBe(1);
    expect(computeLoss([1, 1, 0, 0, 0])).toBe(0);
    expect(() => computeLoss([0, 0])).toThrow();
    expect(() => computeLoss([1, 1])).toThrow();
    expect(() => computeLoss([1])).toThrow();
  });

  it('rounds halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, 0.667, 1.333].map(roundHalfEven)).toEqual([0, 2, 2, 0, 1, 1]);
  });
});
