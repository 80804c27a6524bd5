import type { BibRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';

/** Union-find over record indexes (path halving, union by size). */
export class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count);
    this.size = new Int32Array(count).fill(1);
    for (let index = 0; index < count; index++) this.parent[index] = index;
  }

  /** The representative of `index`'s set. */
  find(index: number): number {
    let node = index;
    while (this.parent[node] !== node) {
      const grand = this.parent[this.parent[node] ?? node] ?? node;
      this.parent[node] = grand;
      node = grand;
    }
    return node;
  }

  /** Joins the sets of `a` and `b`; returns false when they were already one. */
  union(a: number, b: number): boolean {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return false;
    if ((this.size[rootA] ?? 0) < (this.size[rootB] ?? 0)) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.size[rootA] = (this.size[rootA] ?? 0) + (this.size[rootB] ?? 0);
    return true;
  }
}

/** Fields that count towards completeness and that a merge fills. */
export const MERGE_FIELDS = [
  'title',
  'abstract',
  'authors',
  'year',
  'date',
  'journal',
  'journalAbbrev',
  'volume',
  'issue',
  'pages',
  'doi',
  'pmid',
  'pmcid',
  'issn',
  'isbn',
  'language',
  'publicationType',
  'url',
  'publisher',
  'keywords',
  'subjectHeadings',
] as const satisfies readonly (keyof BibRecord)[];
export type MergeField = (typeof MERGE_FIELDS)[number];

function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Completeness of a record: one point per filled field, three for an abstract (screeners
 * need it most), so the keeper is the record reviewers would rather read.
 */
export function completeness(record: BibRecord): number {
  let score = 0;
  for (const field of MERGE_FIELDS)
    if (hasValue(record[field])) score += field === 'abstract' ? 3 : 1;
  return score;
}

/** A record and what the keeper policy needs to know about it. */
export interface KeeperCandidate {
  id: string;
  record: BibRecord;
}

/**
 * Orders cluster members by the keeper policy: most complete first, then the earliest source
 * in `preferredSources` (matched against `sourceDatabase`, case-insensitive), then lowest id.
 */
export function rankByKeeperPolicy<T extends KeeperCandidate>(
  members: readonly T[],
  preferredSources: readonly string[] = [],
): T[] {
  const sourceRank = (record: BibRecord): number => {
    const source = record.sourceDatabase?.toLowerCase();
    const index =
      source === undefined
        ? -1
        : preferredSources.findIndex((name) => name.toLowerCase() === source);
    return index < 0 ? preferredSources.length : index;
  };
  return [...members].sort(
    (a, b) =>
      completeness(b.record) - completeness(a.record) ||
      sourceRank(a.record) - sourceRank(b.record) ||
      compareIds(a.id, b.id),
  );
}

/** Ids compared as numbers when both are numeric, else as strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b))
    return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What `mergeCluster` returns. */
export interface MergeResult {
  merged: BibRecord;
  /** For each filled field, the id of the record it came from. */
  provenance: Partial<Record<MergeField, string>>;
}

/** Fields where the longer value is the better one (truncated abstracts and author lists). */
const PREFER_LONGER = new Set<MergeField>(['abstract', 'authors', 'keywords', 'subjectHeadings']);

function valueLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.length;
  return 0;
}

/**
 * Merges cluster members into one record: the keeper (first by the keeper policy) supplies
 * every field it has; a missing field comes from the next member that has it; abstracts and
 * author lists take the longest version. Nothing is removed from the members themselves.
 */
export function mergeCluster(
  members: readonly KeeperCandidate[],
  preferredSources: readonly string[] = [],
): MergeResult {
  const ranked = rankByKeeperPolicy(members, preferredSources);
  const keeper = ranked[0];
  if (keeper === undefined)
    throw new DomainError(
      'deduplicate/empty-cluster',
      'A cluster to merge needs at least one record',
    );
  const merged: BibRecord = {
    ...keeper.record,
    originals: { ...keeper.record.originals },
    extra: { ...keeper.record.extra },
  };
  const provenance: Partial<Record<MergeField, string>> = {};
  const target = merged as unknown as Record<string, unknown>;
  for (const field of MERGE_FIELDS) {
    let source: KeeperCandidate | undefined;
    for (const member of ranked) {
      const value = member.record[field];
      if (!hasValue(value)) continue;
      if (source === undefined) source = member;
      else if (PREFER_LONGER.has(field) && valueLength(value) > valueLength(source.record[field]))
        source = member;
      if (!PREFER_LONGER.has(field)) break;
    }
    if (source === undefined) continue;
    target[field] = source.record[field];
    provenance[field] = source.id;
  }
  return { merged, provenance };
}

/** How a field compares between two records in the manual review queue. */
export type FieldMark = 'same' | 'different' | 'only-a' | 'only-b';

/** One row of a side-by-side comparison. */
export interface FieldDiff {
  field: MergeField;
  a: string | undefined;
  b: string | undefined;
  mark: FieldMark;
}

function display(value: unknown): string | undefined {
  if (!hasValue(value)) return undefined;
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) =>
        typeof item === 'object' && item !== null && 'family' in item
          ? [(item as { family: string }).family, (item as { given?: string }).given]
              .filter(Boolean)
              .join(', ')
          : String(item),
      )
      .join('; ');
  }
  return String(value);
}

const comparable = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** Side-by-side field list of two records, each row marked same/different/only-a/only-b. */
export function diffRecords(a: BibRecord, b: BibRecord): FieldDiff[] {
  const rows: FieldDiff[] = [];
  for (const field of MERGE_FIELDS) {
    const left = display(a[field]);
    const right = display(b[field]);
    if (left === undefined && right === undefined) continue;
    let mark: FieldMark;
    if (left === undefined) mark = 'only-b';
    else if (right === undefined) mark = 'only-a';
    else mark = comparable(left) === comparable(right) ? 'same' : 'different';
    rows.push({ field, a: left, b: right, mark });
  }
  return rows;
}
