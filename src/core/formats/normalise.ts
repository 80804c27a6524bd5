import type { Author } from '#core/domain/index';

const DOI_PREFIX = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i;
const DOI_LABEL = /^doi:?\s*/i;

/**
 * Lower-case bare DOI (`10.xxxx/...`), or undefined when the value holds none.
 * Exports wrap DOIs in URLs (`https://doi.org/`, `http://dx.doi.org/`), a `doi:` label or
 * percent-encoding; all of those go.
 */
export function normaliseDoi(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let doi = value.trim();
  if (doi.includes('%')) {
    try {
      doi = decodeURIComponent(doi);
    } catch {
      // A stray `%` that is not an escape: keep the text as it is.
    }
  }
  doi = doi.replace(DOI_PREFIX, '').replace(DOI_LABEL, '');
  const start = doi.indexOf('10.');
  if (start < 0) return undefined;
  doi = doi.slice(start);
  // MEDLINE/RIS sometimes append ` [doi]` or trailing punctuation.
  const space = doi.search(/\s/);
  if (space > 0) doi = doi.slice(0, space);
  doi = doi.replace(/[.,;]+$/, '').toLowerCase();
  return doi.includes('/') ? doi : undefined;
}

/** PubMed id as digits without leading zeros (`PMID: 0123` -> `123`), or undefined. */
export function normalisePmid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /\d+/.exec(value);
  if (!match) return undefined;
  const digits = match[0].replace(/^0+/, '');
  return digits === '' ? undefined : digits;
}

const DASHES = /\s*[-\u2010-\u2015\u2212]+\s*/;

/**
 * Page range with a plain hyphen and the end page written in full: MEDLINE abbreviates
 * `288-97` for 288-297, publishers use en-dashes, BibTeX `--`. Article numbers (`e123`) pass.
 */
export function normalisePages(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const parts = text.split(DASHES);
  if (parts.length !== 2) return text;
  const [first = '', last = ''] = parts;
  if (last === '') return first;
  const start = /^(\D*)(\d+)$/.exec(first);
  const end = /^(\D*)(\d+)$/.exec(last);
  if (start && end && (end[1] === '' || end[1] === start[1])) {
    const startDigits = start[2] ?? '';
    let endDigits = end[2] ?? '';
    if (endDigits.length < startDigits.length) {
      const expanded = startDigits.slice(0, startDigits.length - endDigits.length) + endDigits;
      // `1099-1` cannot be expanded safely (1091 < 1099): keep what the source wrote.
      if (Number(expanded) < Number(startDigits)) return `${first}-${last}`;
      endDigits = expanded;
    }
    return `${start[1] ?? ''}${startDigits}-${start[1] ?? ''}${endDigits}`;
  }
  return `${first}-${last}`;
}

const INITIALS = /^(?:[A-Z\u00C0-\u00DE][.-]?){1,5}$/;
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'da',
  'di',
  'du',
  'la',
  'le',
  'del',
  'dos',
]);

/**
 * Splits a personal name: `Smith, John A.`, MEDLINE `Smith JA`, Scopus `Smith J.A.`,
 * and `J. A. Smith` all give family `Smith`. A name it cannot split keeps it whole as family.
 */
export function parseAuthorName(raw: string): Author {
  const name = raw.trim().replace(/\s+/g, ' ');
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    if (family === '') return { family: given, raw };
    return given === '' ? { family, raw } : { family, given, raw };
  }
  const tokens = name.split(' ');
  if (tokens.length < 2) return { family: name, raw };
  const last = tokens[tokens.length - 1] ?? '';
  if (INITIALS.test(last)) {
    return { family: tokens.slice(0, -1).join(' '), given: last, raw };
  }
  let split = tokens.length - 1;
  while (split > 1 && PARTICLES.has((tokens[split - 1] ?? '').toLowerCase())) split -= 1;
  return { family: tokens.slice(split).join(' '), given: tokens.slice(0, split).join(' '), raw };
}

const YEAR = /(?:^|\D)(1[5-9]\d\d|20\d\d)(?!\d)/;

/** The publication year in a date string (`2019///`, `2019 Mar`, `[2019]`), or undefined. */
export function parseYear(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = YEAR.exec(value);
  return match ? Number(match[1]) : undefined;
}
