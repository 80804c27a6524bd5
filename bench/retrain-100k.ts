// One retrain + re-rank on a 100,000-record synthetic set (the live screening queue's cost
// per label). Run: npx tsx bench/retrain-100k.ts
import { createRandom } from '#core/ports';
import {
  createBalancer,
  createClassifier,
  createQuerier,
  fitTfidf,
  getPreset,
  rankRecords,
  scoreUnlabelled,
} from '#core/screen/learning/index';

const N = 100_000;
const random = createRandom(42);
// A Zipf-like vocabulary of 20,000 pseudo-words; relevant records over-use a small topic set.
const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
const topic = vocabulary.slice(500, 540);
const zipf = (): string => vocabulary[Math.floor(20_000 ** random.next()) - 1] as string;
const labels: (0 | 1)[] = [];
const texts = Array.from({ length: N }, () => {
  const relevant = random.next() < 0.02;
  labels.push(relevant ? 1 : 0);
  const words = Array.from({ length: 120 }, () =>
    relevant && random.next() < 0.15 ? (topic[random.int(topic.length)] as string) : zipf(),
  );
  return words.join(' ');
});

const preset = getPreset(process.argv[2] ?? 'rb_default');
let t = performance.now();
const features = fitTfidf(texts, preset.features.options as Parameters<typeof fitTfidf>[1]);
const tfidfSeconds = (performance.now() - t) / 1000;

// 1,000 labelled records (about 20 relevant), as after an hour or two of screening.
const labelled = Array.from({ length: 1000 }, (_, i) => i * 97);
const y = Uint8Array.from(labelled, (row) => labels[row] as number);
const rows = Int32Array.from(labelled);
const isLabelled = new Uint8Array(N);
for (const row of labelled) isLabelled[row] = 1;
const pool = Int32Array.from(Array.from({ length: N }, (_, i) => i).filter((i) => !isLabelled[i]));

const classifier = createClassifier(preset.classifier);
const balancer = createBalancer(preset.balancer);
const querier = createQuerier(preset.querier);
const timings: number[] = [];
for (let rep = 0; rep < 5; rep += 1) {
  t = performance.now();
  const model = classifier.fit({
    x: features.matrix,
    rows,
    y,
    weights: balancer.weigh(y),
    random: createRandom(rep),
  });
  const scores = scoreUnlabelled(model, features.matrix, pool);
  querier.rank(scores, random);
  timings.push((performance.now() - t) / 1000);
}
t = performance.now();
const ids = texts.map((_, i) => `r${i}`);
const live = rankRecords({
  ids,
  texts,
  labels: new Map(labelled.map((row) => [`r${row}`, labels[row] as 0 | 1])),
  preset,
  features,
});
const rankSeconds = (performance.now() - t) / 1000;
const nnz = features.matrix.indices.length;
console.log(
  JSON.stringify({
    preset: preset.name,
    records: N,
    features: features.matrix.nCols,
    nnzPerRecord: Number((nnz / N).toFixed(1)),
    tfidfSeconds: Number(tfidfSeconds.toFixed(2)),
    retrainRerankSeconds: timings.map((s) => Number(s.toFixed(3))),
    rankRecordsSeconds: Number(rankSeconds.toFixed(3)),
    top: live.ranking.slice(0, 3),
  }),
);
