import type { PreparedRecord } from './compare';

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
    const words = [...record.titleTokens].filter((word) => word.length >= 4).sort();
    if (words.length >= 3) keys.push(`words:${words.slice(-4).join(' ')}`);
  }
  for (const variant of record.titles.slice(1))
    keys.push(`head:${variant.replace(/ /g, '').slice(0, 24)}`);
  const firstAuthor = record.authors[0]?.family.replace(/ /g, '');
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
 * Calls `visit(i, j)` once per distinct pair with `i < j` (record indexes).
 */
export function forEachCandidatePair(
  records: readonly PreparedRecord[],
  visit: (i: number, j: number) => void,
  options: BlockOptions = {},
): number {
  const maxBlockSize = options.maxBlockSize ?? 60;
  const window = options.window ?? 6;
  const isNew = options.newIndexes;
  const seen = new Set<number>();
  const count = records.length;
  let visited = 0;
  const emit = (x: number, y: number): void => {
    if (x === y) return;
    const i = Math.min(x, y);
    const j = Math.max(x, y);
    if (isNew !== undefined && !isNew.has(i) && !isNew.has(j)) return;
    const key = i * count + j;
    if (seen.has(key)) return;
    seen.add(key);
    visited++;
    visit(i, j);
  };
  const byTitle = (x: number, y: number): number => {
    const a = records[x]?.titleCompact ?? '';
    const b = records[y]?.titleCompact ?? '';
    return a < b ? -1 : a > b ? 1 : x - y;
  };
  const slide = (members: readonly number[]): void => {
    for (let index = 0; index < members.length; index++) {
      const first = members[index] ?? 0;
      for (let next = index + 1; next < Math.min(members.length, index + window); next++)
        emit(first, members[next] ?? 0);
    }
  };

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
      slide([...members].sort(byTitle));
    }
  }
  const withTitles = records
    .filter((record) => record.titleCompact !== '')
    .map((record) => record.index);
  slide(withTitles.sort(byTitle));
  return visited;
}
