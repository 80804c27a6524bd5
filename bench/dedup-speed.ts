// Speed and memory of findDuplicates on 100,000 records built from real corpus records.
// Run: npx tsx bench/dedup-speed.ts [count]
import { createRandom } from '#core/ports';
import type { BibRecord } from '#core/domain/index';
import { evaluateAgainstGold, findDuplicates } from '#core/deduplicate/index';
import type { DedupInput } from '#core/deduplicate/index';
import { CORPUS } from '#test/corpus/dedup-gold-sets';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { decodeBytes, readRecords } from '#core/formats/index';

const total = Number(process.argv[2] ?? 100_000);
const random = createRandom(20240601);

// Real records: the ASReview screening sets (few duplicates of their own).
const base: BibRecord[] = [];
for (const file of [
  'asreview-systematic-review-datasets/Cohen_2006_ACEInhibitors.csv',
  'asreview-systematic-review-datasets/Nagtegaal_2019.csv',
  'asreview-systematic-review-datasets/Kitchenham_2010.csv',
]) {
  const full = path.join(CORPUS, file);
  if (!existsSync(full)) continue;
  const text = decodeBytes(new Uint8Array(readFileSync(full))).text;
  base.push(...readRecords(text, { format: 'csv' }).records.filter((record) => record.title));
}
if (base.length === 0) throw new Error(`no corpus records under ${CORPUS}`);

const words = base
  .flatMap((record) => (record.title ?? '').split(/\s+/))
  .filter((word) => word.length > 4);
const pick = <T>(list: readonly T[]): T => list[random.int(list.length)] as T;

function typo(text: string): string {
  const at = 5 + random.int(Math.max(1, text.length - 10));
  const edit = random.int(3);
  if (edit === 0) return text.slice(0, at) + text.slice(at + 1);
  if (edit === 1)
    return text.slice(0, at) + pick('abcdefghijklmnopqrstuvwxyz'.split('')) + text.slice(at);
  return text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2);
}

function abbreviate(journal: string | undefined): string | undefined {
  if (journal === undefined) return undefined;
  return journal
    .split(/\s+/)
    .filter((word) => !/^(of|the|and|&)$/i.test(word))
    .map((word) => (word.length > 5 ? word.slice(0, 4) : word))
    .join(' ');
}

// Unique records: the real records first, then synthetic ones that reuse real parts (authors,
// journal, abstract of one record; a title of 8-14 words drawn from all titles; a random
// year, volume and pages) so that every record stands apart from the others.
const originals: DedupInput[] = [];
const duplicateCount = Math.round(total * 0.15);
for (let index = 0; index < total - duplicateCount; index++) {
  const source = base[index % base.length] as BibRecord;
  const record: BibRecord = { ...source, authors: [...source.authors] };
  if (index >= base.length) {
    const length = 8 + random.int(7);
    record.title = Array.from({ length }, () => pick(words)).join(' ');
    record.year = 1990 + random.int(34);
    record.authors = pick(base).authors;
    record.pmid = undefined;
    record.pmcid = undefined;
    record.volume = String(1 + random.int(300));
    const first = 1 + random.int(3000);
    record.pages = `${first}-${first + random.int(20)}`;
  }
  record.doi = random.next() < 0.6 ? `10.9999/bench.${index}` : undefined;
  originals.push({ id: `r${index}`, record });
}
// Injected duplicates with known originals, perturbed the way databases differ.
const gold = new Map<string, string[]>();
const duplicates: DedupInput[] = [];
for (let index = 0; index < duplicateCount; index++) {
  const original = pick(originals);
  const record: BibRecord = { ...original.record, authors: [...original.record.authors] };
  if (random.next() < 0.4) record.title = typo(record.title ?? '');
  if (random.next() < 0.5) record.doi = undefined;
  if (random.next() < 0.5) record.journal = abbreviate(record.journal);
  if (random.next() < 0.3 && record.authors.length > 2) {
    const [first, second, third, ...rest] = record.authors;
    record.authors = [first, third, second, ...rest].filter((a) => a !== undefined);
  }
  if (random.next() < 0.3) record.title = record.title?.toUpperCase();
  if (random.next() < 0.2) record.abstract = undefined;
  const id = `d${index}`;
  duplicates.push({ id, record });
  const set = gold.get(original.id) ?? [original.id];
  set.push(id);
  gold.set(original.id, set);
}
const inputs = [...originals, ...duplicates];

const rssBefore = process.memoryUsage().rss;
const loadBefore = loadavg()[0] ?? 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = findDuplicates(inputs);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const score = evaluateAgainstGold(
  result,
  [...gold.values()],
  inputs.map((input) => input.id),
);
console.log(
  `records: ${inputs.length} (${duplicateCount} injected duplicates, ${base.length} real base records)`,
);
console.log(`compared pairs: ${result.counts.comparedPairs}`);
// The machine is shared: CPU time is what the run itself cost, the load says how crowded it was.
console.log(
  `time: ${seconds.toFixed(2)} s (cpu ${cpuSeconds.toFixed(2)} s; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after)`,
);
console.log(
  `peak RSS: ${maxRssMb.toFixed(0)} MB (rss before run ${(rssBefore / 1048576).toFixed(0)} MB)`,
);
console.log(
  `accuracy vs injected gold: precision ${(score.precision * 100).toFixed(2)}%, recall ${(score.recall * 100).toFixed(2)}%, ` +
    `recall incl. queue ${(score.recallWithQueue * 100).toFixed(2)}%, queue pairs ${score.queuePairs}, ` +
    `auto pairs ${score.autoPairs}, false merges ${score.falseMerges} (pairs not in injected gold: includes real duplicates in the base corpus)`,
);

const ruleCounts = new Map<string, number>();
for (const pair of result.pairs) {
  const name = `${pair.verdict}:${pair.rules.join('+')}`;
  ruleCounts.set(name, (ruleCounts.get(name) ?? 0) + 1);
}
console.log('pairs by rule (top 12):');
for (const [name, count] of [...ruleCounts].sort((x, y) => y[1] - x[1]).slice(0, 12))
  console.log(`  ${count}\t${name}`);
