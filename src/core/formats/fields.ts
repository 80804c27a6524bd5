import type { BibRecord, ParseIssue } from '#core/domain/index';
import {
  normaliseDoi,
  normalisePages,
  normalisePmid,
  parseAuthorName,
  parseYear,
} from './normalise';

/** Sets the DOI once (first wins), keeping the source text when normalisation changed it. */
export function assignDoi(record: BibRecord, value: string): void {
  if (record.doi !== undefined) return;
  const doi = normaliseDoi(value);
  if (doi === undefined) return;
  record.doi = doi;
  if (doi !== value.trim()) record.originals.doi = value;
}

/** Sets the PubMed id once, keeping the source text when it was not bare digits. */
export function assignPmid(record: BibRecord, value: string): void {
  if (record.pmid !== undefined) return;
  const pmid = normalisePmid(value);
  if (pmid === undefined) return;
  record.pmid = pmid;
  if (pmid !== value.trim()) record.originals.pmid = value;
}

/** Sets pages from a range or from separate start/end values. */
export function assignPages(record: BibRecord, start: string | undefined, end?: string): void {
  const first = start?.trim() ?? '';
  const last = end?.trim() ?? '';
  const source = first !== '' && last !== '' && first !== last ? `${first}-${last}` : first || last;
  if (source === '') return;
  const pages = normalisePages(source);
  if (pages === undefined) return;
  record.pages = pages;
  if (pages !== source) record.originals.pages = source;
}

/** Sets the date string and the year parsed from it (first wins). */
export function assignDate(record: BibRecord, value: string): void {
  const text = value.trim();
  if (text === '' || record.year !== undefined) return;
  record.date = text;
  const year = parseYear(text);
  if (year !== undefined) record.year = year;
}

/** Adds authors from a list of names. */
export function addAuthors(record: BibRecord, names: Iterable<string>): void {
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed !== '') record.authors.push(parseAuthorName(trimmed));
  }
}

/** Appends a value under a source tag the model does not name. */
export function addExtra(record: BibRecord, tag: string, value: string): void {
  const list = record.extra[tag];
  if (list) list.push(value);
  else record.extra[tag] = [value];
}

/** Adds to a list field, skipping blanks. */
export function pushValue(list: string[], value: string): void {
  const trimmed = value.trim();
  if (trimmed !== '') list.push(trimmed);
}

/** Sets a single-valued text field if it is still empty. */
export function setOnce<
  K extends
    | 'title'
    | 'abstract'
    | 'journal'
    | 'journalAbbrev'
    | 'volume'
    | 'issue'
    | 'language'
    | 'publisher'
    | 'sourceDatabase'
    | 'sourceRecordId'
    | 'pmcid',
>(record: BibRecord, key: K, value: string): void {
  const trimmed = value.trim();
  if (trimmed !== '' && record[key] === undefined) record[key] = trimmed;
}

/** Warns about a record that has no title (it cannot be screened). */
export function checkTitle(record: BibRecord, issues: ParseIssue[], code: string): void {
  if (record.title === undefined) {
    issues.push({
      line: record.location.line,
      code,
      severity: 'warning',
      message: 'Record has no title.',
    });
  }
}

/** Builds an issue; keeps call sites short. */
export function issue(
  line: number,
  code: string,
  severity: ParseIssue['severity'],
  message: string,
): ParseIssue {
  return { line, code, severity, message };
}
