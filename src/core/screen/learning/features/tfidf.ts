import type { CsrMatrix } from '../sparse';
import { ENGLISH_STOP_WORDS } from './stop-words';
import { WordTable } from './tokenize';

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

/**
 * Ids for word sequences (n-grams): a sequence of length n > 1 is its first n - 1 words (itself a
 * sequence) plus one word, looked up by those two numbers in an open-addressing table of typed
 * arrays. Counting 100,000 abstracts' bigrams this way allocates no strings; a string-keyed Map
 * spent most of a 19 s fit building and hashing them.
 */
class Sequences {
  /** Each sequence's first n - 1 words (-1 for a single word) and its last word. */
  prefix: Int32Array = new Int32Array(1 << 16);
  last: Int32Array = new Int32Array(1 << 16);
  size = 0;
  private slotA = new Int32Array(1 << 16).fill(-1);
  private slotB = new Int32Array(1 << 16);
  private slotId = new Int32Array(1 << 16);
  private pairs = 0;

  /** A new single-word sequence for word `word`. */
  addWord(word: number): number {
    return this.push(-1, word);
  }

  /** The sequence `head` followed by word `word`, created on first sight. */
  extend(head: number, word: number): number {
    let mask = this.slotA.length - 1;
    let at = (Math.imul(head, 0x9e3779b1) ^ Math.imul(word, 0x85ebca77)) & mask;
    for (;;) {
      const a = this.slotA[at]!;
      if (a === -1) break;
      if (a === head && this.slotB[at] === word) return this.slotId[at]!;
      at = (at + 1) & mask;
    }
    const id = this.push(head, word);
    this.slotA[at] = head;
    this.slotB[at] = word;
    this.slotId[at] = id;
    this.pairs += 1;
    if (this.pairs * 2 > this.slotA.length) {
      this.rehash(this.slotA.length * 2);
      mask = this.slotA.length - 1;
    }
    return id;
  }

  private push(head: number, word: number): number {
    if (this.size === this.prefix.length) {
      this.prefix = grow(this.prefix, this.size * 2);
      this.last = grow(this.last, this.size * 2);
    }
    this.prefix[this.size] = head;
    this.last[this.size] = word;
    return this.size++;
  }

  private rehash(capacity: number): void {
    const [oldA, oldB, oldId] = [this.slotA, this.slotB, this.slotId];
    this.slotA = new Int32Array(capacity).fill(-1);
    this.slotB = new Int32Array(capacity);
    this.slotId = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < oldA.length; i += 1) {
      const a = oldA[i]!;
      if (a === -1) continue;
      let at = (Math.imul(a, 0x9e3779b1) ^ Math.imul(oldB[i]!, 0x85ebca77)) & mask;
      while (this.slotA[at] !== -1) at = (at + 1) & mask;
      this.slotA[at] = a;
      this.slotB[at] = oldB[i]!;
      this.slotId[at] = oldId[i]!;
    }
  }
}

function grow(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

/** A sequence's words joined by spaces, as scikit-learn names an n-gram. */
function sequenceName(sequences: Sequences, words: readonly string[], id: number): string {
  const head = sequences.prefix[id]!;
  const word = words[sequences.last[id]!]!;
  return head < 0 ? word : `${sequenceName(sequences, words, head)} ${word}`;
}

/**
 * Fits TF-IDF on all texts and returns the weighted matrix. Like ASReview, the vocabulary and
 * idf come from every record (labelled or not), which is legitimate because no label is used.
 */
export function fitTfidf(texts: readonly string[], options: TfidfOptions = {}): FeatureMatrix {
  const [low, high] = options.ngramRange ?? [1, 1];
  const stop = options.stopWords === 'english';
  // Words, each word's single-word sequence, and whether it is a stop word.
  const table = new WordTable();
  const words = table.words;
  const wordSequence: number[] = [];
  const stopWord: boolean[] = [];
  const sequences = new Sequences();
  // Per sequence: documents holding it, and this document's count (valid where seen[] = doc).
  let docFreq: Int32Array = new Int32Array(1 << 16);
  let seen: Int32Array = new Int32Array(1 << 16).fill(-1);
  let count: Int32Array = new Int32Array(1 << 16);
  // Every document's sequences and counts, one after another (no typed array per document).
  let docIds: Int32Array = new Int32Array(1 << 16);
  let docCounts: Int32Array = new Int32Array(1 << 16);
  const docStart = new Int32Array(texts.length + 1);
  let heads = new Int32Array(256);
  let wordAt = new Int32Array(256);
  const touched: number[] = [];

  for (let doc = 0; doc < texts.length; doc += 1) {
    const read = table.read(texts[doc]!);
    while (wordSequence.length < words.length) {
      const word = wordSequence.length;
      wordSequence.push(sequences.addWord(word));
      stopWord.push(stop && ENGLISH_STOP_WORDS.has(words[word]!));
    }
    if (wordAt.length < read.length) {
      heads = new Int32Array(read.length * 2);
      wordAt = new Int32Array(read.length * 2);
    }
    // The document's words, stop words removed (before n-grams are built, as scikit-learn does).
    let tokens = 0;
    for (let k = 0; k < read.length; k += 1) if (!stopWord[read[k]!]) wordAt[tokens++] = read[k]!;
    touched.length = 0;
    // heads[i]: the sequence of length n starting at token i, for n = 1, 2, ... in turn.
    for (let n = 1; n <= high; n += 1) {
      for (let i = 0; i + n <= tokens; i += 1) {
        let id: number;
        if (n === 1) {
          id = wordSequence[wordAt[i]!]!;
        } else {
          id = sequences.extend(heads[i]!, wordAt[i + n - 1]!);
        }
        heads[i] = id;
        if (n < low) continue;
        if (id >= seen.length) {
          const length = Math.max(seen.length * 2, sequences.size);
          seen = growFilled(seen, length);
          count = grow(count, length);
          docFreq = grow(docFreq, length);
        }
        if (seen[id] !== doc) {
          seen[id] = doc;
          count[id] = 1;
          docFreq[id] = docFreq[id]! + 1;
          touched.push(id);
        } else count[id] = count[id]! + 1;
      }
    }
    let end = docStart[doc]!;
    if (end + touched.length > docIds.length) {
      const length = Math.max(docIds.length * 2, end + touched.length);
      docIds = grow(docIds, length);
      docCounts = grow(docCounts, length);
    }
    for (const id of touched) {
      docIds[end] = id;
      docCounts[end] = count[id]!;
      end += 1;
    }
    docStart[doc + 1] = end;
  }

  const nDocs = texts.length;
  const minDf = options.minDf ?? 1;
  const maxCount = (options.maxDf ?? 1) * nDocs;
  const kept: number[] = [];
  for (let id = 0; id < sequences.size; id += 1) {
    const df = id < docFreq.length ? docFreq[id]! : 0;
    if (df >= minDf && df <= maxCount && seen[id] !== -1) kept.push(id);
  }
  const order = sortByName(kept, sequences, words, high);
  const column = new Int32Array(sequences.size).fill(-1);
  order.forEach((id, col) => (column[id] = col));
  const smooth = (options.smoothIdf ?? true) ? 1 : 0;
  const idf = new Float64Array(order.length);
  order.forEach((id, col) => {
    idf[col] = Math.log((nDocs + smooth) / (docFreq[id]! + smooth)) + 1;
  });

  const indptr = new Int32Array(nDocs + 1);
  let nnz = 0;
  let widest = 0;
  for (let r = 0; r < nDocs; r += 1) {
    for (let k = docStart[r]!; k < docStart[r + 1]!; k += 1) if (column[docIds[k]!]! >= 0) nnz += 1;
    indptr[r + 1] = nnz;
    widest = Math.max(widest, nnz - indptr[r]!);
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  const sublinear = options.sublinearTf ?? false;
  const l2 = (options.norm === undefined ? 'l2' : options.norm) === 'l2';
  const buffer = new Float64Array(widest);
  for (let r = 0; r < nDocs; r += 1) {
    const start = indptr[r]!;
    const from = docStart[r]!;
    // Sort the row by column with one typed-array sort: key = column * 2^21 + position.
    let kept = 0;
    for (let k = 0; k < docStart[r + 1]! - from; k += 1) {
      const col = column[docIds[from + k]!]!;
      if (col >= 0) buffer[kept++] = col * 2097152 + k;
    }
    const keys = buffer.subarray(0, kept).sort();
    let norm = 0;
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k]!;
      const col = Math.floor(key / 2097152);
      const tf = docCounts[from + key - col * 2097152]!;
      const value = (sublinear ? 1 + Math.log(tf) : tf) * idf[col]!;
      indices[start + k] = col;
      data[start + k] = value;
      norm += value * value;
    }
    if (l2 && norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < keys.length; k += 1) data[start + k] = data[start + k]! * scale;
    }
  }
  return {
    matrix: { nRows: nDocs, nCols: order.length, indptr, indices, data },
    terms: order.map((id) => sequenceName(sequences, words, id)),
  };
}

function growFilled(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length).fill(-1);
  grown.set(array);
  return grown;
}

/**
 * Sequence ids in the order of their names (scikit-learn sorts its vocabulary). Names join words
 * with a space, which sorts below every character a token can hold, so comparing names is
 * comparing word by word with a shorter sequence first: for unigrams and bigrams that is one
 * number per sequence (the ranks of its words) and a typed-array sort, not millions of string
 * comparisons. Longer n-grams compare their names.
 */
function sortByName(
  ids: readonly number[],
  sequences: Sequences,
  words: readonly string[],
  high: number,
): number[] {
  if (high > 2) {
    const names = new Map(ids.map((id) => [id, sequenceName(sequences, words, id)]));
    return [...ids].sort((a, b) => (names.get(a)! < names.get(b)! ? -1 : 1));
  }
  const byName = words.map((_, word) => word).sort((a, b) => (words[a]! < words[b]! ? -1 : 1));
  const rank = new Int32Array(words.length);
  byName.forEach((word, r) => (rank[word] = r));
  // Bucket by the first word's rank (a counting sort), then sort each bucket by the second
  // word's rank (0 for the word alone) with its position packed in: second * 2^23 + position.
  const first = new Int32Array(ids.length);
  const second = new Int32Array(ids.length);
  const starts = new Int32Array(words.length + 1);
  ids.forEach((id, k) => {
    const head = sequences.prefix[id]!;
    const last = rank[sequences.last[id]!]!;
    first[k] = head < 0 ? last : rank[sequences.last[head]!]!;
    second[k] = head < 0 ? 0 : last + 1;
    starts[first[k]! + 1] = starts[first[k]! + 1]! + 1;
  });
  for (let r = 0; r < words.length; r += 1) starts[r + 1] = starts[r + 1]! + starts[r]!;
  const filled = starts.slice(0, words.length);
  const bucketed = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k += 1) bucketed[filled[first[k]!]!++] = k;
  const keys = new Float64Array(ids.length);
  const order: number[] = new Array<number>(ids.length);
  for (let r = 0; r < words.length; r += 1) {
    const from = starts[r]!;
    const to = starts[r + 1]!;
    for (let at = from; at < to; at += 1) keys[at] = second[bucketed[at]!]! * 8388608 + (at - from);
    const bucket = keys.subarray(from, to).sort();
    for (let j = 0; j < bucket.length; j += 1) {
      const position = bucket[j]! % 8388608;
      order[from + j] = ids[bucketed[from + position]!]!;
    }
  }
  return order;
}
