import type { FieldSimilarities } from './compare';
import type { PreparedRecord } from './prepare';
import { kindsCompatible } from './report-kind';

/** What the rules say about a pair. */
export type Verdict = 'duplicate' | 'possible' | 'distinct';

/** What a pair is compared with: both records' features and their field similarities. */
export interface PairEvidence {
  a: PreparedRecord;
  b: PreparedRecord;
  sims: FieldSimilarities;
}

/** A named rule: when `test` holds, the pair gets `verdict` (guards demote duplicates). */
export interface DecisionRule {
  name: string;
  reason: string;
  test(evidence: PairEvidence): boolean;
}

const at = (value: number | undefined, threshold: number): boolean =>
  value !== undefined && value >= threshold;
const notBelow = (value: number | undefined, threshold: number): boolean =>
  value === undefined || value >= threshold;
/** Volume, issue and first page may be missing but must not disagree. */
const noBibliographicConflict = ({ sims }: PairEvidence): boolean =>
  sims.volume !== 0 && sims.pages !== 0 && sims.issue !== 0;
/** Fields shared by two records that agree: at least `count` of volume, issue, pages, journal. */
const agreeingVenueFields = ({ sims }: PairEvidence): number =>
  (sims.volume === 1 ? 1 : 0) +
  (sims.issue === 1 ? 1 : 0) +
  (sims.pages === 1 ? 1 : 0) +
  (at(sims.journal, 0.8) ? 1 : 0);

/** A page field no journal prints: `t-8`, `Suppl-29` (an export cut it or filled it badly). */
function damagedPages(pages: string | undefined): boolean {
  if (pages === undefined) return false;
  return !/^[A-Za-z]{0,2}\d+(\s*[-–]\s*[A-Za-z]{0,2}\d+)?$/.test(pages.trim());
}

/**
 * Two page fields that can name one item: one is the other cut short (`488` for 487-488, `2-8`
 * for 125-128: the last page ends the other's), or one is an article number (`e12724`,
 * `a1754`) where the other gives print pages.
 */
function pagesCompatible(a: string | undefined, b: string | undefined): boolean {
  const last = (pages: string | undefined) => /(\d+)\D*$/.exec(pages ?? '')?.[1];
  const articleNumber = (pages: string | undefined) => /^[a-z]\d{3,}$/i.test(pages?.trim() ?? '');
  if (articleNumber(a) !== articleNumber(b)) return true;
  const [x, y] = [last(a), last(b)];
  if (!x || !y) return false;
  return x.length > y.length ? x.endsWith(y) : y.endsWith(x);
}

/** Volume, issue and first page that both records have and that agree. */
const bibliographicAgreement = ({ sims }: PairEvidence): number =>
  (sims.volume === 1 ? 1 : 0) + (sims.issue === 1 ? 1 : 0) + (sims.pages === 1 ? 1 : 0);
/** Same journal, volume, first page and year: one article, whatever its title says. */
const sameLocator = ({ sims }: PairEvidence): boolean =>
  at(sims.journal, 0.8) && sims.volume === 1 && sims.pages === 1 && sims.yearGap === 0;

/**
 * Evidence that two records are the same report. Thresholds were tuned on the gold sets in
 * ../shared/data (ASySD diabetes set, CoLRev cytology/haematology, SRA tafenoquine), starting
 * from ASySD's rule table (METHODS 6.1): title > .9 with author and venue agreement.
 */
export const DUPLICATE_RULES: readonly DecisionRule[] = [
  {
    name: 'same-doi',
    reason: 'same DOI and matching title',
    // Supplements give one DOI to a whole abstract book: the pages must not disagree.
    test: ({ sims }) => sims.doi === 1 && at(sims.title, 0.85) && sims.pages !== 0,
  },
  {
    name: 'same-pmid',
    reason: 'same PMID and matching title',
    test: ({ sims }) => sims.pmid === 1 && at(sims.title, 0.8),
  },
  {
    name: 'title-authors-venue',
    reason: 'title, authors, year and venue agree',
    test: (evidence) => {
      const { sims } = evidence;
      return (
        at(sims.title, 0.95) &&
        at(sims.authors, 0.6) &&
        sims.yearGap !== undefined &&
        noBibliographicConflict(evidence) &&
        // Print and online years differ by one: accepted only when two locators agree.
        (sims.yearGap === 0
          ? agreeingVenueFields(evidence) >= 1
          : sims.yearGap === 1 && bibliographicAgreement(evidence) >= 2)
      );
    },
  },
  {
    name: 'title-bibliographic',
    reason: 'title, volume, first page and year agree',
    test: (evidence) => {
      const { sims } = evidence;
      return (
        at(sims.title, 0.9) &&
        sims.volume === 1 &&
        sims.pages === 1 &&
        sims.yearGap === 0 &&
        (at(sims.authors, 0.5) || at(sims.journal, 0.8)) &&
        sims.issue !== 0
      );
    },
  },
  {
    name: 'same-locator',
    reason:
      'journal, volume, page range, year and first author agree (title reworded or translated)',
    // Abstract books print several abstracts on one page, so the whole page range must agree
    // and be a real range, and the titles must still be close.
    test: (evidence) =>
      sameLocator(evidence) &&
      evidence.sims.pageRange === 1 &&
      (evidence.a.pages ?? '').includes('-') &&
      at(evidence.sims.firstAuthor, 0.9) &&
      at(evidence.sims.title, 0.75),
  },
  {
    name: 'title-authors-year',
    reason: 'identical long title, same authors and year, nothing disagrees',
    test: (evidence) => {
      const { sims, a } = evidence;
      return (
        at(sims.title, 0.97) &&
        a.titleWordIds.length >= 6 &&
        at(sims.authors, 0.8) &&
        at(sims.firstAuthor, 0.9) &&
        sims.yearGap === 0 &&
        notBelow(sims.abstract, 0.8) &&
        noBibliographicConflict(evidence)
      );
    },
  },
  {
    name: 'strong-fields-agree',
    reason:
      'identical long title, authors, year, journal and volume agree; only the issue or the pages disagree (exports fill them with record numbers or cut them short)',
    // A lone disagreeing weak field is weak evidence when every strong field agrees: two
    // articles with one title and one author list in one volume of one journal are one.
    test: (evidence) => {
      const { sims, a, b } = evidence;
      const weakConflicts = (sims.issue === 0 ? 1 : 0) + (sims.pages === 0 ? 1 : 0);
      // Two well-formed page ranges that differ are two items (a discussion printed inside an
      // article's pages, a reply after it): only a damaged page field is weak evidence.
      if (
        sims.pages === 0 &&
        !damagedPages(a.pages) &&
        !damagedPages(b.pages) &&
        !pagesCompatible(a.pages, b.pages)
      )
        return false;
      return (
        at(sims.title, 0.99) &&
        a.titleWordIds.length >= 6 &&
        at(sims.authors, 0.9) &&
        at(sims.firstAuthor, 0.9) &&
        sims.yearGap === 0 &&
        at(sims.journal, 0.8) &&
        sims.volume === 1 &&
        weakConflicts === 1 &&
        notBelow(sims.abstract, 0.8)
      );
    },
  },
  {
    name: 'title-abstract-year',
    reason: 'title, abstract and year agree, authors missing or agreeing',
    // Screening exports (ASReview CSVs) often carry only title, abstract and year.
    test: (evidence) => {
      const { sims } = evidence;
      return (
        at(sims.title, 0.95) &&
        at(sims.abstract, 0.9) &&
        sims.yearGap === 0 &&
        notBelow(sims.authors, 0.6) &&
        noBibliographicConflict(evidence)
      );
    },
  },
  {
    name: 'title-abstract-authors',
    reason: 'title, abstract and authors agree',
    test: (evidence) => {
      const { sims } = evidence;
      return (
        at(sims.title, 0.9) &&
        at(sims.abstract, 0.85) &&
        at(sims.authors, 0.6) &&
        sims.yearGap !== undefined &&
        // Annual review chapters reuse title and abstract a year apart with a changed author list.
        (sims.yearGap === 0 ||
          (sims.yearGap === 1 && at(sims.abstract, 0.95) && at(sims.authors, 0.95))) &&
        noBibliographicConflict(evidence)
      );
    },
  },
];

/** Evidence that a pair deserves a human look (the manual review queue). */
export const POSSIBLE_RULES: readonly DecisionRule[] = [
  {
    name: 'same-identifier',
    reason: 'same DOI or PMID',
    test: ({ sims }) => sims.doi === 1 || sims.pmid === 1,
  },
  {
    name: 'similar-title-authors',
    reason: 'similar title and authors',
    test: ({ sims }) => at(sims.title, 0.8) && notBelow(sims.authors, 0.5),
  },
  {
    name: 'similar-title-abstract',
    reason: 'similar title and abstract',
    test: ({ sims }) => at(sims.title, 0.7) && at(sims.abstract, 0.7),
  },
  {
    name: 'similar-title-venue',
    reason: 'similar title, same venue and year',
    test: ({ sims }) =>
      at(sims.title, 0.8) &&
      at(sims.journal, 0.8) &&
      sims.yearGap !== undefined &&
      sims.yearGap <= 1,
  },
  {
    name: 'same-title',
    reason: 'near-identical title',
    test: ({ sims }) => at(sims.title, 0.93),
  },
  {
    name: 'same-locator',
    reason: 'same volume and first page',
    test: ({ sims }) =>
      sims.volume === 1 &&
      sims.pages === 1 &&
      notBelow(sims.yearGap, 0) &&
      (sims.yearGap ?? 0) <= 1 &&
      (at(sims.journal, 0.8) || at(sims.firstAuthor, 0.9)),
  },
  {
    name: 'first-author-year-title',
    reason: 'same first author and year, related title',
    test: ({ sims }) =>
      at(sims.firstAuthor, 0.9) &&
      sims.yearGap !== undefined &&
      sims.yearGap <= 1 &&
      at(sims.title, 0.6),
  },
];

/**
 * Evidence that two records are different items, which keeps a pair that only looked alike
 * out of the review queue: their identifiers differ and their titles are not close.
 */
export const DISTINCT_RULES: readonly DecisionRule[] = [
  {
    name: 'different-identifiers',
    reason: 'different DOIs or PMIDs and different titles',
    test: ({ sims }) => (sims.doi === 0 || sims.pmid === 0) && !at(sims.title, 0.8),
  },
];

/**
 * Conditions under which a pair is never merged automatically, whatever the evidence: the
 * reviewer decides (ASySD's DOI and year guards, plus report kinds).
 */
export const SAFETY_RULES: readonly DecisionRule[] = [
  {
    name: 'doi-conflict',
    reason: 'different DOIs',
    test: ({ sims }) => sims.doi === 0,
  },
  {
    name: 'pmid-conflict',
    reason: 'different PMIDs',
    test: ({ sims }) => sims.pmid === 0,
  },
  {
    name: 'year-gap',
    reason: 'years differ by more than 1',
    test: ({ sims }) => sims.yearGap !== undefined && sims.yearGap > 1,
  },
  {
    name: 'preprint-and-published',
    reason: 'a preprint and another version of it',
    test: ({ a, b }) => (a.kind === 'preprint') !== (b.kind === 'preprint'),
  },
  {
    name: 'different-report-kind',
    reason: 'different publication types (erratum, comment, reply, conference abstract, article)',
    // Two exports of one erratum, one titled `Erratum: ...` and one not, share volume and page.
    // A letter or editorial typed as such by one database (PubMed `Letter`) and generically by
    // another (Scopus RIS `JOUR`) is one document when DOI and title agree: a DOI names one item.
    test: ({ a, b, sims }) =>
      !kindsCompatible(a.kind, b.kind) &&
      !((a.kind === 'erratum' || b.kind === 'erratum') && sims.volume === 1 && sims.pages === 1) &&
      !(sims.doi === 1 && at(sims.title, 0.95) && typedOnlyByOneSide(a.kind, b.kind)),
  },
];

/** A comment or reply on one side and a generic article (or no type) on the other. */
function typedOnlyByOneSide(a: string, b: string): boolean {
  const correspondence = (kind: string): boolean => kind === 'comment' || kind === 'reply';
  const generic = (kind: string): boolean => kind === 'unknown' || kind === 'article';
  return (correspondence(a) && generic(b)) || (correspondence(b) && generic(a));
}

/** The outcome for one pair. */
export interface PairDecision {
  verdict: Verdict;
  score: number;
  /** The rules that fired (duplicate or possible evidence, then safety guards). */
  rules: string[];
  reasons: string[];
  matched: string[];
  conflicting: string[];
  /** Set for a preprint and a published report of the same study. */
  relation?: 'same-study-different-report';
}

const WEIGHTS: Record<keyof FieldSimilarities, number> = {
  title: 3,
  authors: 2,
  firstAuthor: 0,
  yearGap: 1,
  journal: 1,
  volume: 0.5,
  issue: 0.5,
  pages: 1,
  pageRange: 0,
  doi: 3,
  pmid: 3,
  abstract: 2,
  isbn: 0.5,
};

/** A weighted mean of the fields both records have, in [0, 1]. */
export function scoreSimilarities(sims: FieldSimilarities): number {
  let total = 0;
  let weight = 0;
  for (const [field, fieldWeight] of Object.entries(WEIGHTS) as [
    keyof FieldSimilarities,
    number,
  ][]) {
    const raw = sims[field];
    if (raw === undefined || fieldWeight === 0) continue;
    const value = field === 'yearGap' ? Math.max(0, 1 - raw / 2) : raw;
    total += value * fieldWeight;
    weight += fieldWeight;
  }
  return weight === 0 ? 0 : Math.round((total / weight) * 1000) / 1000;
}

function describeFields(sims: FieldSimilarities): { matched: string[]; conflicting: string[] } {
  const matched: string[] = [];
  const conflicting: string[] = [];
  const grade = (
    field: string,
    value: number | undefined,
    match: number,
    conflict: number,
  ): void => {
    if (value === undefined) return;
    if (value >= match) matched.push(field);
    else if (value <= conflict) conflicting.push(field);
  };
  grade('title', sims.title, 0.9, 0.7);
  grade('authors', sims.authors, 0.6, 0.3);
  grade(
    'year',
    sims.yearGap === undefined ? undefined : sims.yearGap === 0 ? 1 : sims.yearGap === 1 ? 0.5 : 0,
    1,
    0,
  );
  grade('journal', sims.journal, 0.8, 0.3);
  for (const field of ['volume', 'issue', 'pages', 'doi', 'pmid', 'isbn'] as const)
    grade(field, sims[field], 1, 0);
  grade('abstract', sims.abstract, 0.85, 0.4);
  return { matched, conflicting };
}

/** Applies the rule tables to one compared pair. */
export function decidePair(evidence: PairEvidence): PairDecision {
  const duplicateRules = DUPLICATE_RULES.filter((rule) => rule.test(evidence));
  const possibleRules =
    duplicateRules.length > 0 ? [] : POSSIBLE_RULES.filter((rule) => rule.test(evidence));
  const fired = duplicateRules.length > 0 ? duplicateRules : possibleRules;
  const { matched, conflicting } = describeFields(evidence.sims);
  const score = scoreSimilarities(evidence.sims);
  const distinct =
    duplicateRules.length === 0 && DISTINCT_RULES.some((rule) => rule.test(evidence));
  if (fired.length === 0 || distinct) {
    return { verdict: 'distinct', score, rules: [], reasons: [], matched, conflicting };
  }
  const guards = SAFETY_RULES.filter((rule) => rule.test(evidence));
  const decision: PairDecision = {
    verdict: duplicateRules.length > 0 && guards.length === 0 ? 'duplicate' : 'possible',
    score,
    rules: [...fired, ...guards].map((rule) => rule.name),
    reasons: [...fired, ...guards].map((rule) => rule.reason),
    matched,
    conflicting,
  };
  if (guards.some((guard) => guard.name === 'preprint-and-published'))
    decision.relation = 'same-study-different-report';
  return decision;
}
