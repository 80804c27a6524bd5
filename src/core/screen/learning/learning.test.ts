import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import { ENGLISH_STOP_WORDS } from './features/stop-words';
import {
  createClassifier,
  createQuerier,
  explainScore,
  fitTfidf,
  getPreset,
  rankRecords,
  scoreRows,
  simulate,
  trainNb,
  trainSvm,
  weighBalanced,
} from './index';

const corpus = [
  'ACE inhibitors reduce blood pressure in hypertension',
  'ACE inhibitors and kidney outcomes in hypertension trials',
  'Software engineering education survey',
  'A survey of software testing tools',
  'Blood pressure trial of ACE inhibitors',
  'Teaching software design',
];
const labels: (0 | 1)[] = [1, 1, 0, 0, 1, 0];

describe('fitTfidf', () => {
  it('follows scikit-learn: sorted vocabulary, smooth idf, sublinear tf, l2 rows', () => {
    const { matrix, terms } = fitTfidf(['the cat the cat', 'the dog'], { sublinearTf: true });
    expect(terms).toEqual(['cat', 'dog', 'the']);
    // idf = ln((1 + n) / (1 + df)) + 1; tf = 1 + ln(count).
    const cat = (1 + Math.log(2)) * (Math.log(3 / 2) + 1);
    const the = (1 + Math.log(2)) * 1;
    const norm = Math.hypot(cat, the);
    expect(Array.from(matrix.indices.subarray(0, 2))).toEqual([0, 2]);
    expect(matrix.data[0]).toBeCloseTo(cat / norm, 12);
    expect(matrix.data[1]).toBeCloseTo(the / norm, 12);
  });

  it('builds bigrams after removing stop words and drops terms above max_df', () => {
    const { terms } = fitTfidf(['the big cat', 'a big dog'], {
      ngramRange: [1, 2],
      stopWords: 'english',
      maxDf: 0.9,
    });
    expect(terms).toEqual(['big cat', 'big dog', 'cat', 'dog']);
  });
});

/** TF-IDF the plain way (string n-grams, a string-sorted vocabulary): the reference `fitTfidf` must equal. */
function referenceTfidf(texts: string[], options: Parameters<typeof fitTfidf>[1] = {}) {
  const [low, high] = options.ngramRange ?? [1, 1];
  const docs = texts.map((text) => {
    let words: string[] = text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
    if (options.stopWords === 'english') words = words.filter((w) => !ENGLISH_STOP_WORDS.has(w));
    const counts = new Map<string, number>();
    for (let n = low; n <= high; n += 1)
      for (let i = 0; i + n <= words.length; i += 1) {
        const term = words.slice(i, i + n).join(' ');
        counts.set(term, (counts.get(term) ?? 0) + 1);
      }
    return counts;
  });
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.keys()]
    .filter(
      (t) =>
        df.get(t)! >= (options.minDf ?? 1) && df.get(t)! <= (options.maxDf ?? 1) * texts.length,
    )
    .sort((a, b) => (a < b ? -1 : 1));
  const smooth = (options.smoothIdf ?? true) ? 1 : 0;
  const rows = docs.map((doc) => {
    const row = terms
      .map((term, col) => [col, doc.get(term) ?? 0] as const)
      .filter(([, tf]) => tf > 0)
      .map(([col, tf]) => {
        const idf = Math.log((texts.length + smooth) / (df.get(terms[col]!)! + smooth)) + 1;
        return [col, (options.sublinearTf ? 1 + Math.log(tf) : tf) * idf] as const;
      });
    const norm = Math.hypot(...row.map(([, v]) => v));
    return options.norm !== null && norm > 0 ? row.map(([c, v]) => [c, v / norm] as const) : row;
  });
  return { terms, rows };
}

describe('fitTfidf against a plain reference', () => {
  const vocabulary = [
    'the',
    'a',
    'Cat',
    'cat',
    'dog',
    'über',
    'naïve',
    'x1',
    'αβγ',
    '𝒜𝒷',
    'of',
    'in',
    'b_c',
    '12',
    'İstanbul',
    'e\u0301te',
    'x\uD835y',
    'ΣΑΣ',
    '٣٤',
    'z',
  ];
  const random = createRandom(3);
  it.each(Array.from({ length: 40 }, (_, trial) => trial))('random corpus %i', () => {
    const texts = Array.from({ length: 1 + random.int(12) }, () =>
      Array.from({ length: random.int(20) }, () => vocabulary[random.int(vocabulary.length)]).join(
        random.next() < 0.5 ? ' ' : ', ',
      ),
    );
    const high = 1 + random.int(3);
    const options = {
      ngramRange: [1 + random.int(high), high] as [number, number],
      sublinearTf: random.next() < 0.5,
      minDf: 1 + random.int(2),
      maxDf: random.next() < 0.5 ? 1 : 0.7,
      stopWords: random.next() < 0.5 ? ('english' as const) : null,
      norm: random.next() < 0.2 ? null : ('l2' as const),
    };
    const { matrix, terms } = fitTfidf(texts, options);
    const reference = referenceTfidf(texts, options);
    expect(terms).toEqual(reference.terms);
    const rows = reference.rows.map((_, r) => {
      const cells: [number, number][] = [];
      for (let k = matrix.indptr[r]!; k < matrix.indptr[r + 1]!; k += 1)
        cells.push([matrix.indices[k]!, matrix.data[k]!]);
      return cells;
    });
    expect(rows.map((row) => row.map(([c]) => c))).toEqual(
      reference.rows.map((row) => row.map(([c]) => c)),
    );
    rows.forEach((row, r) =>
      row.forEach(([, value], k) => expect(value).toBeCloseTo(reference.rows[r]![k]![1], 12)),
    );
  });
});

describe('classifiers', () => {
  const { matrix: x } = fitTfidf(corpus, { ngramRange: [1, 2], sublinearTf: true });
  const rows = Int32Array.from([0, 2, 1, 3]);
  const y = Uint8Array.from([1, 0, 1, 0]);
  const set = { x, rows, y, weights: weighBalanced(y, { ratio: 2 }), random: createRandom(1) };

  it.each(['svm', 'nb', 'logistic'])('%s ranks the unlabelled relevant record first', (name) => {
    const model = createClassifier({ name }).fit(set);
    const scores = scoreRows(model, x, Int32Array.from([4, 5]));
    expect(scores[0]).toBeGreaterThan(scores[1] as number);
  });

  it('a warm-started SVM reaches the cold solution', () => {
    const cold = trainSvm({ ...set, random: createRandom(2) }, { c: 0.5, tolerance: 1e-10 });
    const first = trainSvm(
      {
        ...set,
        rows: rows.subarray(0, 3),
        y: y.subarray(0, 3),
        weights: weighBalanced(y.subarray(0, 3)),
      },
      { c: 0.5 },
    );
    const warm = trainSvm(set, { c: 0.5, tolerance: 1e-10 }, first);
    expect(warm.intercept).toBeCloseTo(cold.intercept, 8);
    const a = scoreRows(cold, x);
    const b = scoreRows(warm, x);
    a.forEach((value, i) => expect(b[i]).toBeCloseTo(value, 8));
  });

  it('NB log-odds equal the hand-computed multinomial estimate', () => {
    const tiny = fitTfidf(['a1 b1', 'a1 a1'], { norm: null, smoothIdf: true });
    const model = trainNb(
      {
        x: tiny.matrix,
        rows: Int32Array.from([0, 1]),
        y: Uint8Array.from([1, 0]),
        weights: Float64Array.from([1, 1]),
        random: createRandom(0),
      },
      { alpha: 1 },
    );
    // Row 0 values: a1 = 1, b1 = ln(3/2)+1; row 1: a1 = 2. Log-odds weight of a1:
    const b1 = Math.log(1.5) + 1;
    const expected = Math.log((1 + 1) / (1 + b1 + 2)) - Math.log((2 + 1) / (2 + 2));
    expect(model.coef[0]).toBeCloseTo(expected, 12);
    expect(model.intercept).toBe(0);
  });

  it('explains a score by its top terms', () => {
    const model = createClassifier({ name: 'svm', options: { c: 1 } }).fit(set);
    const { terms } = fitTfidf(corpus, { ngramRange: [1, 2], sublinearTf: true });
    const top = explainScore(model, x, terms, 4, { top: 3 });
    expect(top).toHaveLength(3);
    expect(top.map((t) => t.term)).toContain('ace inhibitors');
    expect(top[0]?.contribution).toBeGreaterThan(0);
  });
});

describe('queriers', () => {
  it('max breaks ties towards the lower position', () => {
    const max = createQuerier({ name: 'max' });
    const scores = Float64Array.from([0.5, 0.9, 0.9, 0.1]);
    expect(Array.from(max.rank(scores, createRandom(1)))).toEqual([1, 2, 0, 3]);
    expect(max.pick?.(scores, createRandom(1))).toBe(1);
  });

  it('random and mixed queriers are deterministic for a seed', () => {
    const scores = Float64Array.from({ length: 20 }, (_, i) => i);
    for (const name of ['random', 'max_random', 'uncertainty']) {
      const q = createQuerier({ name });
      expect(Array.from(q.rank(scores, createRandom(7)))).toEqual(
        Array.from(q.rank(scores, createRandom(7))),
      );
      expect(new Set(q.rank(scores, createRandom(7))).size).toBe(20);
    }
  });

  it('unknown names list the available ones', () => {
    expect(() => createClassifier({ name: 'svn' })).toThrow(
      'Unknown classifier "svn". Available: svm, nb, logistic, ensemble',
    );
  });
});

describe('simulate and rankRecords', () => {
  it('screens priors first, finds every relevant record and is deterministic', () => {
    const options = {
      texts: corpus,
      labels,
      priorIncluded: [0],
      priorExcluded: [2],
      preset: 'elas_u4',
      seed: 3,
    };
    const a = simulate(options);
    expect(a.order.slice(0, 2)).toEqual([0, 2]);
    expect(a.order.slice(2, 4).sort()).toEqual([1, 4]);
    expect(a.metrics.loss).toBe(0);
    expect(simulate(options).order).toEqual(a.order);
    expect(simulate({ ...options, screenAll: true }).order).toHaveLength(6);
  });

  it('ranks the live queue with a recall estimate and stopping advice', () => {
    const result = rankRecords({
      ids: corpus.map((_, i) => `r${i}`),
      texts: corpus,
      labels: new Map([
        ['r0', 1],
        ['r2', 0],
      ]),
      preset: getPreset('elas_u3'),
    });
    expect(result.ranking).toHaveLength(4);
    expect(['r1', 'r4']).toContain(result.ranking[0]?.id);
    expect(result.recall.found).toBe(1);
    expect(result.advice.stopper).toBe('statistical');
    expect(result.advice.stop).toBe(false);
  });
});
