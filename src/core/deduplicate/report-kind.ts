import type { BibRecord } from '#core/domain/index';

/**
 * What sort of report a record is, as far as de-duplication cares: two records of different
 * kinds (an article and its erratum, a preprint and its published version) are never merged
 * automatically, however alike their titles.
 */
export type ReportKind =
  | 'article'
  | 'erratum'
  | 'retraction'
  | 'comment'
  | 'reply'
  | 'conference-abstract'
  | 'preprint'
  | 'unknown';

const TITLE_KINDS: readonly [RegExp, ReportKind][] = [
  [/^(?:erratum|errata|corrigendum|correction)\b/i, 'erratum'],
  [/^(?:notice of )?retract(?:ion|ed)\b/i, 'retraction'],
  [/^(?:comment(?:ary)? on|comments? to|re:|letter to the editor|letter:)/i, 'comment'],
  [/^(?:reply|response|author(?:s'?|'s) reply|in reply)\b/i, 'reply'],
  // NEJM-style correspondence: `Thrombomodulin in ... AUTHORS REPLY`.
  [/\bauthors?'?s?'? reply\.?$/i, 'reply'],
];

const TYPE_KINDS: readonly [RegExp, ReportKind][] = [
  [/errat|correct/i, 'erratum'],
  [/retract/i, 'retraction'],
  [/comment|letter|editorial/i, 'comment'],
  [/conference|meeting|congress|proceeding|inproceedings/i, 'conference-abstract'],
  [/preprint|posted.content|working.paper/i, 'preprint'],
  [/journal.article|^article$|review/i, 'article'],
];

const PREPRINT_JOURNAL =
  /\b(?:biorxiv|medrxiv|arxiv|research square|ssrn|preprints?\.org|psyarxiv|osf preprints|chemrxiv|authorea)\b/i;
/** DOI prefixes of preprint servers: Cold Spring Harbor (bioRxiv/medRxiv), Research Square, SSRN, arXiv. */
const PREPRINT_DOI = /^10\.(?:1101|21203|2139|48550)\//;
const CONFERENCE_JOURNAL =
  /(?:\bconference\s*:|\babstracts?\b.*\b(?:congress|meeting|conference|session)|\bmeeting abstracts?\b|\bsupplement\b.*\babstracts?\b)/i;

/** Classifies a record from its publication type, title prefix, journal and DOI prefix. */
export function classifyReport(record: BibRecord): ReportKind {
  const title = (record.title ?? '').trim();
  for (const [pattern, kind] of TITLE_KINDS) if (pattern.test(title)) return kind;
  if (record.doi !== undefined && PREPRINT_DOI.test(record.doi.toLowerCase())) return 'preprint';
  const venue = `${record.journal ?? ''} ${record.journalAbbrev ?? ''} ${record.publisher ?? ''}`;
  if (PREPRINT_JOURNAL.test(venue)) return 'preprint';
  const types = [...(record.publicationType ?? []), ...entryTypes(record)];
  for (const [pattern, kind] of TYPE_KINDS) {
    if (kind === 'article') continue;
    if (types.some((type) => pattern.test(type))) return kind;
  }
  if (CONFERENCE_JOURNAL.test(record.journal ?? '')) return 'conference-abstract';
  if (types.some((type) => /journal.article|^article$/i.test(type))) return 'article';
  return 'unknown';
}

/** BibTeX-like `ENTRYTYPE`/`type` columns that CSV readers keep as extra fields. */
function entryTypes(record: BibRecord): string[] {
  const values: string[] = [];
  for (const [key, list] of Object.entries(record.extra)) {
    if (/^(?:entrytype|entry_type|type|ty|document type|pt)$/i.test(key)) values.push(...list);
  }
  return values;
}

/**
 * Whether two kinds may describe the same report: any two except when one is a separate item
 * by nature (erratum, retraction, comment, reply, preprint) and the other is not the same kind.
 */
export function kindsCompatible(a: ReportKind, b: ReportKind): boolean {
  if (a === b) return true;
  // Conference abstracts appear in journal supplements and are exported as articles by some
  // databases, so only the kinds that are separate items by nature are kept apart.
  const separate = (kind: ReportKind): boolean =>
    kind === 'erratum' ||
    kind === 'retraction' ||
    kind === 'comment' ||
    kind === 'reply' ||
    kind === 'preprint';
  return !separate(a) && !separate(b);
}
