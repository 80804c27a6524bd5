// Per-dataset accuracy of findDuplicates on the gold standards in ../shared/data.
// Run: npx tsx bench/dedup-accuracy.ts [--verbose]
import { evaluateAgainstGold, evaluatePairLabels, findDuplicates } from '#core/deduplicate/index';
import {
  GOLD_SET_FILES,
  hasGoldSet,
  loadGoldSet,
  loadLabelledPairs,
} from '#test/corpus/dedup-gold-sets';

const verbose = process.argv.includes('--verbose');
const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;

console.log(
  '| dataset | records | gold pairs | auto pairs | precision | recall | queue pairs | recall incl. queue | false merges | time |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const name of Object.keys(GOLD_SET_FILES)) {
  if (!hasGoldSet(name)) {
    console.log(`| ${name} | (corpus file missing) |`);
    continue;
  }
  let set;
  try {
    set = loadGoldSet(name);
  } catch (error) {
    console.log(`| ${name} | (not loadable: ${(error as Error).message}) |`);
    continue;
  }
  const started = performance.now();
  const result = findDuplicates(set.inputs);
  const elapsed = performance.now() - started;
  const ids = set.inputs.map((input) => input.id);
  const score = evaluateAgainstGold(result, set.gold, ids);
  console.log(
    `| ${name} | ${set.inputs.length} | ${score.goldPairs} | ${score.autoPairs} | ${percent(score.precision)} | ${percent(score.recall)} | ${score.queuePairs} | ${percent(score.recallWithQueue)} | ${score.falseMerges} | ${elapsed.toFixed(0)} ms |`,
  );
  if (verbose) {
    const byId = new Map(set.inputs.map((input) => [input.id, input.record]));
    const show = (id: string): string => {
      const r = byId.get(id);
      return `  ${id} ${r?.year ?? ''} | ${r?.title?.slice(0, 90) ?? ''} | ${r?.authors
        .slice(0, 2)
        .map((a) => a.family)
        .join(
          ';',
        )} | ${r?.journal?.slice(0, 30) ?? ''} v${r?.volume ?? ''} n${r?.issue ?? ''} p${r?.pages ?? ''} ${r?.doi ?? ''} [${r?.publicationType?.join(',') ?? ''}]`;
    };
    const verdicts = new Map(result.pairs.map((pair) => [pair.key, pair]));
    const autoOf = new Map<string, number>();
    result.clusters.forEach((cluster, index) =>
      cluster.members.forEach((id) => autoOf.set(id, index)),
    );
    const goldOf = new Map<string, number>();
    set.gold.forEach((cluster, index) => cluster.forEach((id) => goldOf.set(id, index)));
    console.log('WRONG (auto-merged, gold says different):');
    for (const [a, b] of score.wrong.slice(0, 30)) {
      const v = verdicts.get(a < b ? `${a}|${b}` : `${b}|${a}`);
      console.log(`${v?.rules.join(',') ?? '(transitive)'}\n${show(a)}\n${show(b)}`);
    }
    console.log('MISSED by auto (gold pairs not merged):');
    let shown = 0;
    for (const cluster of set.gold) {
      for (let x = 0; x < cluster.length && shown < 40; x++) {
        for (let y = x + 1; y < cluster.length && shown < 40; y++) {
          const a = cluster[x] ?? '';
          const b = cluster[y] ?? '';
          if (autoOf.get(a) !== undefined && autoOf.get(a) === autoOf.get(b)) continue;
          const v = verdicts.get(a < b ? `${a}|${b}` : `${b}|${a}`);
          shown++;
          console.log(
            `${v ? `${v.verdict}:${v.rules.join(',')}` : 'NOT COMPARED/DISTINCT'}\n${show(a)}\n${show(b)}`,
          );
        }
      }
    }
  }
}

const labelled = loadLabelledPairs();
if (labelled !== undefined) {
  const result = findDuplicates(labelled.inputs);
  const score = evaluatePairLabels(result, labelled.pairs);
  console.log(
    `\ncolandr labelled pairs: ${score.matches} matches (${score.matchesMerged} merged, ${score.matchesQueued} queued), ` +
      `${score.distinct} distinct (${score.distinctMerged} merged, ${score.distinctQueued} queued)`,
  );
}
