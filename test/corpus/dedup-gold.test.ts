import { describe, expect, it } from 'vitest';
import { evaluateAgainstGold, evaluatePairLabels, findDuplicates } from '#core/deduplicate/index';
import {
  CORPUS,
  GOLD_SET_FILES,
  hasGoldSet,
  loadGoldSet,
  loadLabelledPairs,
} from './dedup-gold-sets';

/**
 * Targets per gold set: automatic-merge precision, automatic recall, recall counting the
 * manual queue. CoLRev haematology's gold joins reports the safety rules keep apart on
 * purpose (errata and corrections on other pages, a letter with its reply, conference
 * abstracts with the full paper, registry entries of different trials), so its automatic
 * recall target is what the rules reach without breaking them; see bench/RESULTS-dedup.md.
 */
const TARGETS: Record<
  string,
  { precision: number; recall: number; recallWithQueue: number; goldPairs: number }
> = {
  'colrev/cytology_screening': {
    precision: 0.995,
    // bib-dedupe 0.11 reaches 0.985 here (bench/RESULTS-dedup.md).
    recall: 0.985,
    recallWithQueue: 0.99,
    goldPairs: 909,
  },
  'colrev/haematology': { precision: 0.995, recall: 0.775, recallWithQueue: 0.99, goldPairs: 163 },
  'colrev/special_cases': { precision: 0.995, recall: 0.95, recallWithQueue: 0.99, goldPairs: 3 },
  'asysd/diabetes': { precision: 0.995, recall: 0.985, recallWithQueue: 0.99, goldPairs: 2555 },
  'sra/tafenoquine': { precision: 0.995, recall: 0.95, recallWithQueue: 0.99, goldPairs: 122 },
};

for (const name of Object.keys(GOLD_SET_FILES)) {
  const target = TARGETS[name];
  describe.skipIf(!hasGoldSet(name))(
    `de-duplication gold set ${name} (corpus in ${CORPUS})`,
    () => {
      it('meets the precision and recall targets', () => {
        const set = loadGoldSet(name);
        const result = findDuplicates(set.inputs);
        const score = evaluateAgainstGold(
          result,
          set.gold,
          set.inputs.map((input) => input.id),
        );
        expect(score.goldPairs).toBe(target?.goldPairs);
        expect(score.precision).toBeGreaterThanOrEqual(target?.precision ?? 1);
        expect(score.recall).toBeGreaterThanOrEqual(target?.recall ?? 1);
        expect(score.recallWithQueue).toBeGreaterThanOrEqual(target?.recallWithQueue ?? 1);
        expect(result.counts.records).toBe(set.inputs.length);
      });
    },
  );
}

describe.skipIf(loadLabelledPairs() === undefined)('colandr labelled pairs', () => {
  it('merges no distinct pair and finds every match automatically or in the queue', () => {
    const labelled = loadLabelledPairs();
    if (labelled === undefined) return;
    const score = evaluatePairLabels(findDuplicates(labelled.inputs), labelled.pairs);
    expect(score).toMatchObject({ matches: 20, distinct: 21, distinctMerged: 0 });
    expect(score.matchesMerged + score.matchesQueued).toBe(20);
    expect(score.matchesMerged).toBeGreaterThanOrEqual(15);
  });
});
