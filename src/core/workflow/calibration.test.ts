import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import {
  addToRound,
  closeRound,
  drawSample,
  firstInRound,
  openRound,
  sampleRefusal,
  startRound,
} from './calibration';

const pool = Array.from({ length: 50 }, (_, i) => i + 1);

describe('calibration rounds', () => {
  it('draws the same sample from the same seed, ascending, without repeats', () => {
    const a = drawSample(pool, 10, createRandom(7));
    expect(a).toEqual(drawSample(pool, 10, createRandom(7)));
    expect(a).not.toEqual(drawSample(pool, 10, createRandom(8)));
    expect(new Set(a).size).toBe(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    for (const id of a) expect(pool).toContain(id);
    // Asking for more items than there are takes them all.
    expect(drawSample([3, 1, 2], 10, createRandom(1))).toEqual([1, 2, 3]);
  });

  it('refuses a sample too small to compare, saying why', () => {
    expect(sampleRefusal(1, 50)).toMatch(/at least 2 items, got 1/);
    expect(sampleRefusal(2.5, 50)).toMatch(/got 2.5/);
    expect(sampleRefusal(5, 1)).toMatch(/1 can be judged/);
    expect(sampleRefusal(5, 50)).toBeUndefined();
  });

  it('offers a round’s items first, only while it is open and at its level', () => {
    const round = startRound('ti-ab', [9, 4, 4, 7], '2026-12-04T00:00:00.000Z');
    expect(round.recordIds).toEqual([4, 7, 9]);
    expect(firstInRound(round, 'ti-ab', (id) => id !== 4)).toBe(7);
    expect(firstInRound(round, 'full-text', () => true)).toBeUndefined();
    expect(firstInRound(round, 'ti-ab', () => false)).toBeUndefined();
    const closed = closeRound(round, '2026-12-05T00:00:00.000Z');
    expect(openRound(closed, 'ti-ab')).toBeUndefined();
    expect(firstInRound(closed, 'ti-ab', () => true)).toBeUndefined();
    // Closing again keeps the first closing time.
    expect(closeRound(closed, '2026-12-06T00:00:00.000Z').closedAt).toBe(
      '2026-12-05T00:00:00.000Z',
    );
  });

  it('adds a lead’s picks to the open round, or starts a new one', () => {
    const round = startRound('ti-ab', [4, 7], '2026-12-04T00:00:00.000Z');
    const more = addToRound(round, 'ti-ab', [7, 8], '2026-12-05T00:00:00.000Z');
    expect(more).toEqual({
      round: { stage: 'ti-ab', recordIds: [4, 7, 8], startedAt: '2026-12-04T00:00:00.000Z' },
      added: 1,
    });
    // At another level, or after the round closed, the picks start a new round.
    expect(addToRound(round, 'full-text', [2], 'later')).toEqual({
      round: { stage: 'full-text', recordIds: [2], startedAt: 'later' },
      added: 1,
    });
    const closed = closeRound(round, 'closed');
    expect(addToRound(closed, 'ti-ab', [1], 'later').round).toEqual({
      stage: 'ti-ab',
      recordIds: [1],
      startedAt: 'later',
    });
    expect(addToRound(undefined, 'ti-ab', [], 'now')).toEqual({
      round: { stage: 'ti-ab', recordIds: [], startedAt: 'now' },
      added: 0,
    });
  });
});
