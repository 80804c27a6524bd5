import { createRecord } from '#core/domain/index';
import type { Author, BibRecord } from '#core/domain/index';
import { compareRecords } from './compare';
import { prepareRecord } from './prepare';
import type { LabelledPair } from './evaluate';
import { diceTokens } from './similarity';
import type { DedupInput } from './types';

/**
 * Gold duplicate sets from a CoLRev `merged_record_ids.csv`: a `merged_ids` header, then one
 * row per set with the ids joined by `;` (quoted).
 */
export function parseMergedRecordIds(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.trim().replace(/^"|"$/g, ''))
    .filter((line) => line !== '')
    .map((line) =>
      line
        .split(';')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .filter((set) => set.length > 1);
}

/** CoLRev `maybe_pairs.csv`: the `case` column holds `idA;idB` of a pair left undecided. */
export function parseMaybePairs(text: string): [string, string][] {
  const pairs = new Set<string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const match = /^"?([^,;"]+);([^,;"]+)"?,/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) pairs.add(`${match[1]}|${match[2]}`);
  }
  return [...pairs].map((pair) => pair.split('|') as [string, string]);
}

/** The value of an extra (unmapped) column, matched case-insensitively. */
function extraValue(record: BibRecord, name: string): string | undefined {
  for (const [key, values] of Object.entries(record.extra)) {
    if (key.toLowerCase() === name.toLowerCase()) return values[0];
  }
  return undefined;
}

/**
 * Gold sets of the ASySD labelled test set (`labelled_test_set.csv`). The file has no group
 * id. What it does have: `source` = `unique` on exactly one record per study report (584 of
 * 1,845) and `duplicate` on the rest, and the file is roughly ordered so members sit together.
 * (`label` In_database/Duplicate_in_trash is not a grouping: identical records carry both.)
 * So each `duplicate` record is assigned to the `unique` record it most resembles: DOI,
 * title, year, journal, volume and pages, scored together. `sourceOf` reads the column.
 */
export function inferAsysdGold(
  inputs: readonly DedupInput[],
  sourceOf: (record: BibRecord) => string | undefined = (record) => extraValue(record, 'source'),
): string[][] {
  const prepared = inputs.map((input, index) => prepareRecord(input.id, input.record, index));
  const heads = prepared.filter(
    (_, index) =>
      sourceOf(inputs[index]?.record ?? createRecord('', { line: 0, endLine: 0 })) === 'unique',
  );
  const groups = new Map<string, string[]>(heads.map((head) => [head.id, [head.id]]));
  const headSet = new Set(heads.map((head) => head.id));
  for (const record of prepared) {
    if (headSet.has(record.id)) continue;
    let best: string | undefined;
    let bestScore = -1;
    for (const head of heads) {
      const sameDoi = record.doi !== undefined && record.doi === head.doi;
      if (!sameDoi && diceTokens(record.titleTokens, head.titleTokens) < 0.3) continue;
      const sims = compareRecords(record, head);
      const score =
        (sims.title ?? 0) * 4 +
        (sims.doi ?? 0.5) +
        (sims.yearGap === undefined ? 0.5 : sims.yearGap === 0 ? 1 : 0) +
        (sims.journal ?? 0.5) * 0.5 +
        (sims.volume ?? 0.5) * 0.5 +
        (sims.pages ?? 0.5) * 0.5 +
        (sims.authors ?? 0.5) * 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = head.id;
      }
    }
    if (best !== undefined) groups.get(best)?.push(record.id);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/**
 * Gold sets of an SRA/Beller EndNote library in which curators put `<caption>Duplicate</caption>`
 * on EVERY member of a duplicate set (the original too: every flagged title occurs at least
 * twice among flagged records, and unflagged records have no twin). Flagged records are joined
 * by DOI or folded title; a flagged record left alone joins the flagged set whose title it
 * most resembles (e.g. `Tafenoquine for the treatment of recurrent...` without its DOI).
 */
export function inferFlaggedDuplicateGold(
  inputs: readonly DedupInput[],
  isFlagged: (record: BibRecord) => boolean = (record) =>
    /<caption>\s*(?:<style[^>]*>)?\s*Duplicate\s*(?:<\/style>)?\s*<\/caption>/i.test(record.raw) ||
    /duplicate/i.test(extraValue(record, 'caption') ?? ''),
): string[][] {
  const flagged = inputs
    .map((input, index) => ({ input, prepared: prepareRecord(input.id, input.record, index) }))
    .filter(({ input }) => isFlagged(input.record));
  const groupOf = new Map<string, number>();
  const groups: string[][] = [];
  const join = (key: string | undefined, id: string): void => {
    if (key === undefined || key === '') return;
    const existing = groupOf.get(key);
    const own = groupOf.get(`id:${id}`);
    if (existing === undefined && own === undefined) {
      groups.push([id]);
      groupOf.set(key, groups.length - 1);
      groupOf.set(`id:${id}`, groups.length - 1);
    } else if (existing === undefined && own !== undefined) {
      groupOf.set(key, own);
    } else if (existing !== undefined && own === undefined) {
      groups[existing]?.push(id);
      groupOf.set(`id:${id}`, existing);
    } else if (existing !== undefined && own !== undefined && existing !== own) {
      for (const member of groups[own] ?? []) {
        groups[existing]?.push(member);
        groupOf.set(`id:${member}`, existing);
      }
      for (const [name, group] of groupOf) if (group === own) groupOf.set(name, existing);
      groups[own] = [];
    }
  };
  for (const { input, prepared } of flagged) {
    join(prepared.titleCompact === '' ? undefined : `title:${prepared.titleCompact}`, input.id);
    join(prepared.doi === undefined ? undefined : `doi:${prepared.doi}`, input.id);
  }
  const sets = groups.filter((group) => group.length > 0);
  const alone = sets.filter((group) => group.length === 1).flat();
  const result = sets.filter((group) => group.length > 1);
  for (const id of alone) {
    const record = flagged.find((item) => item.input.id === id)?.prepared;
    if (record === undefined) continue;
    let best: string[] | undefined;
    let bestScore = -1;
    for (const group of result) {
      const other = flagged.find((item) => item.input.id === group[0])?.prepared;
      if (other === undefined) continue;
      const words = [...record.titleTokens].filter((word) => other.titleTokens.has(word)).length;
      const score = words / Math.max(1, Math.min(record.titleTokens.size, other.titleTokens.size));
      if (score > bestScore) {
        bestScore = score;
        best = group;
      }
    }
    if (best !== undefined && bestScore >= 0.6) best.push(id);
  }
  return result;
}

interface ColandrCitation {
  citation_id?: number | string;
  title?: string;
  authors?: { __value__?: string[] } | string[];
  publication_year?: number;
  doi?: string;
  abstract?: string;
}

/**
 * Records and labelled pairs of a python-dedupe training file (colandr):
 * `{"match": [pair...], "distinct": [pair...]}`, each pair `{"__value__": [citationA, citationB]}`.
 */
export function parseDedupeTrainingPairs(text: string): {
  records: DedupInput[];
  pairs: LabelledPair[];
} {
  const data = JSON.parse(text) as Record<
    'match' | 'distinct',
    { __value__?: ColandrCitation[] }[]
  >;
  const records = new Map<string, DedupInput>();
  const pairs: LabelledPair[] = [];
  // The same citation_id sometimes appears on both sides of a pair with different content, so
  // ids are positional: `match-3-a`, `match-3-b`.
  const toInput = (citation: ColandrCitation, id: string): string => {
    const record = createRecord(JSON.stringify(citation), { line: 0, endLine: 0 });
    if (citation.title) record.title = citation.title;
    if (citation.abstract) record.abstract = citation.abstract;
    if (typeof citation.publication_year === 'number') record.year = citation.publication_year;
    if (citation.doi) record.doi = citation.doi.toLowerCase();
    const names = Array.isArray(citation.authors)
      ? citation.authors
      : (citation.authors?.__value__ ?? []);
    record.authors = names.map((raw): Author => {
      const [family = raw, given] = raw.split(',').map((part) => part.trim());
      return given === undefined || given === '' ? { family, raw } : { family, given, raw };
    });
    records.set(id, { id, record });
    return id;
  };
  for (const label of ['match', 'distinct'] as const) {
    (data[label] ?? []).forEach((pair, index) => {
      const [left, right] = pair.__value__ ?? [];
      if (left === undefined || right === undefined) return;
      const a = toInput(left, `${label}-${index + 1}-a`);
      const b = toInput(right, `${label}-${index + 1}-b`);
      pairs.push({ a, b, match: label === 'match' });
    });
  }
  return { records: [...records.values()], pairs };
}
