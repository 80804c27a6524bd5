import { foldText } from '#core/deduplicate/normalise';
import { findDois, findPmids } from './identifiers';

/** What a PDF says about itself: its metadata and the text of its first page. */
export interface FullTextClues {
  file: string;
  /** The PDF's metadata title (often empty or a file name). */
  metaTitle?: string;
  /** Identifiers in the metadata (XMP `prism:doi`, `dc:identifier`). */
  metaIdentifiers?: string[];
  /** The first page's text: where a DOI, a PMID and the title are printed. */
  firstPage: string;
}

/** A report sought, as far as matching needs it. */
export interface ReportToMatch {
  recordId: number;
  title?: string;
  doi?: string;
  pmid?: string;
}

export type MatchedBy = 'doi' | 'pmid' | 'title';

export interface FullTextMatch {
  file: string;
  recordId: number;
  matchedBy: MatchedBy;
  /** 1 for an identifier; the share of the title's word pairs printed on page 1 otherwise. */
  score: number;
  /** What was found where, for the person confirming the match. */
  evidence: string;
}

export interface FullTextMatching {
  /** Confident matches: one report per file and one file per report. */
  matches: FullTextMatch[];
  /** Files without a confident match, with the best candidate when there is one. */
  unmatched: { file: string; suggestion?: FullTextMatch; why: string }[];
}

/** A title match is confident from this score, when no other report comes within `MARGIN`. */
export const TITLE_CONFIDENT = 0.9;
/** Below this a title match is not even suggested. */
export const TITLE_SUGGESTED = 0.5;
const MARGIN = 0.15;
/** Titles shorter than this (in words) match too much to be trusted alone. */
const MIN_TITLE_WORDS = 4;

function pairs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i += 1) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

/**
 * How much of a report's title is printed on a PDF's first page (or in its metadata title):
 * 1 when the folded title appears whole, else the share of its consecutive word pairs that do.
 */
export function titleScore(title: string | undefined, clues: FullTextClues): number {
  const words = foldText(title).split(' ').filter(Boolean);
  if (words.length < MIN_TITLE_WORDS) return 0;
  const page = ` ${foldText(`${clues.metaTitle ?? ''} ${clues.firstPage}`)} `;
  if (page.includes(` ${words.join(' ')} `)) return 1;
  const printed = new Set(pairs(page.trim().split(' ')));
  const wanted = pairs(words);
  return wanted.filter((pair) => printed.has(pair)).length / wanted.length;
}

/** The best match of one file by identifiers, then by title; `why` when there is none. */
function bestMatch(
  clues: FullTextClues,
  reports: readonly ReportToMatch[],
  byDoi: Map<string, ReportToMatch[]>,
  byPmid: Map<string, ReportToMatch[]>,
): { match?: FullTextMatch; confident: boolean; why: string } {
  const text = `${(clues.metaIdentifiers ?? []).join(' ')} ${clues.firstPage}`;
  for (const [kind, found, index] of [
    ['doi', findDois(text), byDoi],
    ['pmid', findPmids(text), byPmid],
  ] as const) {
    const hits = new Map<number, string>();
    for (const id of found) for (const report of index.get(id) ?? []) hits.set(report.recordId, id);
    if (hits.size === 1) {
      const [recordId, id] = [...hits][0]!;
      return {
        match: {
          file: clues.file,
          recordId,
          matchedBy: kind,
          score: 1,
          evidence: `${kind.toUpperCase()} ${id} printed on page 1 and in record ${recordId}`,
        },
        confident: true,
        why: '',
      };
    }
    if (hits.size > 1) {
      const list = [...hits].map(([recordId, id]) => `${id} (record ${recordId})`).join(', ');
      return {
        confident: false,
        why: `page 1 names ${hits.size} reports sought: ${list}`,
      };
    }
  }
  // Between titles printed whole, the longer is the one printed: a title can begin another.
  const scored = reports
    .map((report) => ({
      report,
      score: titleScore(report.title, clues),
      words: foldText(report.title).split(' ').length,
    }))
    .sort((a, b) => b.score - a.score || b.words - a.words);
  const [best, second] = scored;
  if (!best || best.score < TITLE_SUGGESTED)
    return { confident: false, why: 'no identifier or title of a report sought on page 1' };
  const match: FullTextMatch = {
    file: clues.file,
    recordId: best.report.recordId,
    matchedBy: 'title',
    score: Math.round(best.score * 1000) / 1000,
    evidence: `${Math.round(best.score * 100)}% of the title of record ${best.report.recordId} printed on page 1`,
  };
  const clear =
    !second ||
    best.score - second.score >= MARGIN ||
    (best.score === 1 && second.score === 1 && best.words > second.words);
  if (best.score >= TITLE_CONFIDENT && clear) return { match, confident: true, why: '' };
  return {
    match,
    confident: false,
    why: clear
      ? `title only partly printed on page 1 (${Math.round(best.score * 100)}%)`
      : `titles of records ${best.report.recordId} and ${second.report.recordId} fit about as well`,
  };
}

/**
 * Matches full-text files to reports sought: by a DOI or PMID printed on page 1 (or in the
 * metadata) that exactly one report carries, else by the report's title printed on page 1.
 * A match is confident only when it is unique both ways; two files for one report are both
 * left for a person, as is a file whose page 1 names several reports.
 */
export function matchFullTexts(
  files: readonly FullTextClues[],
  reports: readonly ReportToMatch[],
): FullTextMatching {
  const index = (key: (report: ReportToMatch) => string | undefined) => {
    const map = new Map<string, ReportToMatch[]>();
    for (const report of reports) {
      const value = key(report);
      if (value) map.set(value, [...(map.get(value) ?? []), report]);
    }
    return map;
  };
  const byDoi = index((r) => r.doi?.toLowerCase());
  const byPmid = index((r) => r.pmid?.replace(/^0+/, ''));
  const results = files.map((clues) => ({ clues, ...bestMatch(clues, reports, byDoi, byPmid) }));
  const claims = new Map<number, string[]>();
  for (const { clues, match, confident } of results)
    if (match && confident)
      claims.set(match.recordId, [...(claims.get(match.recordId) ?? []), clues.file]);
  const out: FullTextMatching = { matches: [], unmatched: [] };
  for (const { clues, match, confident, why } of results) {
    const rivals = match ? (claims.get(match.recordId) ?? []) : [];
    if (match && confident && rivals.length === 1) out.matches.push(match);
    else if (match && confident)
      out.unmatched.push({
        file: clues.file,
        suggestion: match,
        why: `${rivals.length} files match record ${match.recordId}: ${rivals.join(', ')}`,
      });
    else out.unmatched.push({ file: clues.file, ...(match ? { suggestion: match } : {}), why });
  }
  return out;
}
