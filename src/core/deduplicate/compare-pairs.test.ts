import { describe, expect, it } from 'vitest';
import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import {
  assembleDedupResult,
  comparePairsShard,
  findDuplicateCandidates,
  findDuplicates,
  pairKey,
  prepareRecords,
} from './index';
import type { DedupInput } from './index';

const TOPICS = ['asthma', 'diabetes', 'stroke', 'malaria', 'dementia', 'sepsis'];

/** Six topics, each reported three times with the small differences databases make. */
function buildInputs(): DedupInput[] {
  const inputs: DedupInput[] = [];
  TOPICS.forEach((topic, t) => {
    const base: BibRecord = {
      ...createRecord('', { line: 1, endLine: 1 }),
      title: `Outcomes of ${topic} care in rural clinics: a randomised controlled trial`,
      authors: [
        { family: `Author${t}`, given: 'A. B.', raw: `Author${t}, A. B.` },
        { family: 'Second', given: 'C.', raw: 'Second, C.' },
      ],
      year: 2010 + t,
      journal: 'Journal of Rural Health',
      volume: String(10 + t),
      pages: `${100 + t}-${110 + t}`,
    };
    inputs.push({ id: `${t}a`, record: base });
    inputs.push({ id: `${t}b`, record: { ...base, title: base.title?.toUpperCase() } });
    inputs.push({ id: `${t}c`, record: { ...base, journal: 'J Rural Health', volume: undefined } });
  });
  return inputs;
}

describe('sharded comparison', () => {
  it('gives the result of findDuplicates whatever the shards', () => {
    const inputs = buildInputs();
    const whole = findDuplicates(inputs, {
      decided: new Map([[pairKey('0a', '0b'), 'different']]),
    });
    const candidates = findDuplicateCandidates(inputs);
    const total = candidates.length / 2;
    const prepared = prepareRecords(inputs);
    const decided = new Map([[pairKey('0a', '0b'), 'different' as const]]);
    // Shards in reverse order, each with its own prepared records (as separate workers would).
    const shards = [2, 1, 0].map((k) =>
      comparePairsShard(
        k === 0 ? prepared : prepareRecords(inputs),
        candidates,
        k * 5,
        k === 2 ? total : k * 5 + 5,
        {
          decided,
        },
      ),
    );
    expect(assembleDedupResult(inputs, shards, { decided })).toEqual(whole);
    expect(whole.clusters).toHaveLength(6);
    expect(whole.counts.comparedPairs).toBe(total);
  });

  it('lists each candidate pair once, ascending, lower index first', () => {
    const candidates = findDuplicateCandidates(buildInputs());
    const codes: number[] = [];
    for (let at = 0; at < candidates.length; at += 2) {
      const i = candidates[at] ?? 0;
      const j = candidates[at + 1] ?? 0;
      expect(i).toBeLessThan(j);
      codes.push(i * 1000 + j);
    }
    expect(codes).toEqual([...new Set(codes)].sort((x, y) => x - y));
    // Every reprint of a topic is paired with the original.
    for (let t = 0; t < TOPICS.length; t++) {
      expect(codes).toContain(3 * t * 1000 + 3 * t + 1);
      expect(codes).toContain(3 * t * 1000 + 3 * t + 2);
    }
  });
});
