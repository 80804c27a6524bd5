import { titleWords } from './prepare';
import type { PreparedRecord } from './prepare';

/** Tuning of candidate generation. */
export interface BlockOptions {
  /** Largest block compared all-against-all; larger ones fall back to a sorted window. */
  maxBlockSize?: number;
  /** Window of the sorted-neighbourhood passes (records compared with the next `window - 1`). */
  window?: number;
  /** When set, only pairs with at least one record whose index is in the set are produced. */
  newIndexes?: ReadonlySet<number>;
}

/** The blocking keys of a record: records sharing any key become a candidate pair. */
export function blockingKeys(record: PreparedRecord): string[] {
  const keys: string[] = [];
  if (record.doi !== undefined) keys.push(`doi:${record.doi}`);
  if (record.pmid !== undefined) keys.push(`pmid:${record.pmid}`);
  const title = record.titleCompact;
  if (title.length >= 12) {
    keys.push(`head:${title.slice(0, 24)}`, `tail:${title.slice(-24)}`);
    // Words sorted and deduplicated catch reordered words and typos that keep the long words intact.
    const words = titleWords(record.titles[0] ?? '')
      .filter((word) => word.length >= 4)
      .sort()
      .filter((word, at, sorted) => at === 0 || word !== sorted[at - 1]);
    if (words.length >= 3) keys.push(`words:${words.slice(-4).join(' ')}`);
  }
  for (const variant of record.titles.slice(1))
    keys.push(`head:${variant.replace(/ /g, '').slice(0, 24)}`);
  const firstAuthor = record.firstAuthor?.family.replace(/ /g, '');
  if (firstAuthor !== undefined && record.year !== undefined)
    keys.push(`author:${firstAuthor}|${record.year}`);
  if (record.firstPage !== undefined && record.volume !== undefined) {
    if (record.journalKey !== '')
      keys.push(`venue:${record.journalKey}|${record.volume}|${record.firstPage}`);
    if (record.year !== undefined)
      keys.push(`vol:${record.year}|${record.volume}|${record.firstPage}`);
  }
  return keys;
}

/**
 * Candidate pairs by blocking: exact identifiers, title head/tail/word keys, first author +
 * year, journal + volume + first page, plus a sorted-neighbourhood pass over compact titles
 * for typos anywhere. Blocks above `maxBlockSize` are not compared all-against-all; their
 * members are sorted by title and compared within the window, so cost stays near-linear.
 * Returns each distinct pair once as record indexes `[i0, j0, i1, j1, ...]`, `i < j`, ordered
 * by `i` then `j`: a flat typed array that can be split into shards and sent to workers.
 */
export function findCandidatePairs(
  records: readonly PreparedRecord[],
  options: BlockOptions = {},
): Int32Array {
  const maxBlockSize = options.maxBlockSize ?? 60;
  const window = options.window ?? 6;
  const isNew = options.newIndexes;
  const count = records.length;
  // Pairs are collected as codes `i * count + j` (exact in a double up to 2^53), then sorted
  // and deduplicated once: far cheaper than a Set of 10^6 pair keys.
  let codes = new Float64Array(1 << 16);
  let length = 0;
  const emit = (x: number, y: number): void => {
    if (x === y) return;
    const i = x < y ? x : y;
    const j = x < y ? y : x;
    if (isNew !== undefined && !isNew.has(i) && !isNew.has(j)) return;
    if (length === codes.length) {
      const grown = new Float64Array(codes.length * 2);
      grown.set(codes);
      codes = grown;
    }
    codes[length++] = i * count + j;
  };
  const slide = (members: ArrayLike<number>): void => {
    for (let index = 0; index < members.length; index++) {
      const first = members[index] ?? 0;
      const end = Math.min(members.length, index + window);
      for (let next = index + 1; next < end; next++) emit(first, members[next] ?? 0);
    }
  };

  // Every record's position in title order (ties by index), so that sorting any block by
  // title is a sort of small integers.
  const titles = records.map((record) => record.titleCompact);
  const order = records.map((record) => record.index);
  order.sort((x, y) => {
    const a = titles[x] ?? '';
    const b = titles[y] ?? '';
    return a < b ? -1 : a > b ? 1 : x - y;
  });
  const rank = new Int32Array(count);
  order.forEach((index, position) => (rank[index] = position));
  const byRank = (x: number, y: number): number => (rank[x] ?? 0) - (rank[y] ?? 0);

  const blocks = new Map<string, number[]>();
  for (const record of records) {
    for (const key of blockingKeys(record)) {
      const members = blocks.get(key);
      if (members === undefined) blocks.set(key, [record.index]);
      else members.push(record.index);
    }
  }
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    if (members.length <= maxBlockSize) {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) emit(members[x] ?? 0, members[y] ?? 0);
      }
    } else {
      slide(members.sort(byRank));
    }
  }
  slide(order.filter((index) => titles[index] !== ''));

  const sorted = codes.subarray(0, length).sort();
  let distinct = 0;
  for (let at = 0; at < length; at++) if (at === 0 || sorted[at] !== sorted[at - 1]) distinct++;
  const pairs = new Int32Array(distinct * 2);
  let out = 0;
  for (let at = 0; at < length; at++) {
    const code = sorted[at] ?? 0;
    if (at > 0 && code === sorted[at - 1]) continue;
    const i = Math.floor(code / count);
    pairs[out++] = i;
    pairs[out++] = code - i * count;
  }
  return pairs;
}
