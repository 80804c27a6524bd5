import type { CsrMatrix } from '../sparse';
import { ENGLISH_STOP_WORDS } from './stop-words';
import { tokenize } from './tokenize';

/** Settings of the TF-IDF extractor; defaults follow scikit-learn's `TfidfVectorizer`. */
export interface TfidfOptions {
  /** Smallest and largest n-gram length (scikit-learn `ngram_range`). Default [1, 1]. */
  ngramRange?: readonly [number, number];
  /** Use `1 + ln(tf)` instead of raw counts. Default false. */
  sublinearTf?: boolean;
  /** Keep terms found in at least this many documents (an absolute count). Default 1. */
  minDf?: number;
  /** Drop terms found in more than this fraction of documents. Default 1. */
  maxDf?: number;
  /** `'english'` removes scikit-learn's English stop words before building n-grams. */
  stopWords?: 'english' | null;
  /** Add one to document frequencies as if an extra document held every term. Default true. */
  smoothIdf?: boolean;
  /** Scale rows to unit Euclidean length. Default 'l2'. */
  norm?: 'l2' | null;
}

/** A document-term matrix and the term of each column (sorted, as scikit-learn does). */
export interface FeatureMatrix {
  matrix: CsrMatrix;
  terms: string[];
}

function documentTerms(
  text: string,
  ngramRange: readonly [number, number],
  stop: boolean,
): string[] {
  const words = tokenize(text);
  const tokens = stop ? words.filter((word) => !ENGLISH_STOP_WORDS.has(word)) : words;
  const [low, high] = ngramRange;
  const terms: string[] = [];
  for (let n = low; n <= high; n += 1) {
    for (let i = 0; i + n <= tokens.length; i += 1) {
      let term = tokens[i] as string;
      for (let k = 1; k < n; k += 1) term += ` ${tokens[i + k] as string}`;
      terms.push(term);
    }
  }
  return terms;
}

/**
 * Fits TF-IDF on all texts and returns the weighted matrix. Like ASReview, the vocabulary and
 * idf come from every record (labelled or not), which is legitimate because no label is used.
 */
export function fitTfidf(texts: readonly string[], options: TfidfOptions = {}): FeatureMatrix {
  const ngramRange = options.ngramRange ?? [1, 1];
  const stop = options.stopWords === 'english';
  const ids = new Map<string, number>();
  const names: string[] = [];
  const docFreq: number[] = [];
  const docs: { cols: Int32Array; counts: Float64Array }[] = [];

  for (const text of texts) {
    const counts = new Map<number, number>();
    for (const term of documentTerms(text, ngramRange, stop)) {
      let id = ids.get(term);
      if (id === undefined) {
        id = names.length;
        ids.set(term, id);
        names.push(term);
        docFreq.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const cols = new Int32Array(counts.size);
    const values = new Float64Array(counts.size);
    let at = 0;
    for (const [id, count] of counts) {
      cols[at] = id;
      values[at] = count;
      docFreq[id] = (docFreq[id] as number) + 1;
      at += 1;
    }
    docs.push({ cols, counts: values });
  }

  const nDocs = texts.length;
  const minDf = options.minDf ?? 1;
  const maxCount = (options.maxDf ?? 1) * nDocs;
  const kept = names
    .map((_, id) => id)
    .filter((id) => (docFreq[id] as number) >= minDf && (docFreq[id] as number) <= maxCount)
    .sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : 1));
  const column = new Int32Array(names.length).fill(-1);
  kept.forEach((id, col) => (column[id] = col));
  const smooth = (options.smoothIdf ?? true) ? 1 : 0;
  const idf = new Float64Array(kept.length);
  kept.forEach((id, col) => {
    idf[col] = Math.log((nDocs + smooth) / ((docFreq[id] as number) + smooth)) + 1;
  });

  const indptr = new Int32Array(nDocs + 1);
  let nnz = 0;
  docs.forEach((doc, r) => {
    for (const id of doc.cols) if ((column[id] as number) >= 0) nnz += 1;
    indptr[r + 1] = nnz;
  });
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  const sublinear = options.sublinearTf ?? false;
  const l2 = (options.norm === undefined ? 'l2' : options.norm) === 'l2';
  docs.forEach((doc, r) => {
    const start = indptr[r] as number;
    // Sort the row by column with one typed-array sort: key = column * 2^21 + position.
    const keys = new Float64Array((indptr[r + 1] as number) - start);
    let kept = 0;
    for (let k = 0; k < doc.cols.length; k += 1) {
      const col = column[doc.cols[k] as number] as number;
      if (col >= 0) keys[kept++] = col * 2097152 + k;
    }
    keys.sort();
    let norm = 0;
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k] as number;
      const col = Math.floor(key / 2097152);
      const tf = doc.counts[key - col * 2097152] as number;
      const value = (sublinear ? 1 + Math.log(tf) : tf) * (idf[col] as number);
      indices[start + k] = col;
      data[start + k] = value;
      norm += value * value;
    }
    if (l2 && norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < keys.length; k += 1)
        data[start + k] = (data[start + k] as number) * scale;
    }
  });
  return {
    matrix: { nRows: nDocs, nCols: kept.length, indptr, indices, data },
    terms: kept.map((id) => names[id] as string),
  };
}
