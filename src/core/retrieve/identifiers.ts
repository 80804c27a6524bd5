import { normaliseDoi } from '#core/formats/normalise';

/** A DOI as printed: `10.`, a registrant code, a slash, then anything up to white space. */
const DOI_IN_TEXT = /\b10\.\d{4,9}\/[^\s"'<>]+/g;
/** A PubMed id with its label (`PMID: 12345678`, `PMID 1234`). */
const PMID_IN_TEXT = /\bPMID:?\s*(\d{1,10})\b/gi;

const count = (text: string, characters: string): number =>
  [...text].filter((c) => characters.includes(c)).length;

/**
 * The distinct DOIs printed in `text`, lower case, in order of appearance. Closing brackets and
 * sentence punctuation that follow a DOI are not part of it (`(doi: 10.1/x).` gives `10.1/x`).
 */
export function findDois(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(DOI_IN_TEXT)) {
    let doi = match[0];
    // Sentence punctuation ends it; a `)` or `]` only closes a bracket opened inside it.
    for (;;) {
      const trimmed = doi.replace(/[.,;:]+$/, '');
      const closes = /[)\]]$/.test(trimmed) && count(trimmed, ')]') > count(trimmed, '([');
      const next = closes ? trimmed.slice(0, -1) : trimmed;
      if (next === doi) break;
      doi = next;
    }
    const normal = normaliseDoi(doi);
    if (normal && !found.includes(normal)) found.push(normal);
  }
  return found;
}

/** The distinct labelled PubMed ids in `text`, in order of appearance. */
export function findPmids(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PMID_IN_TEXT)) {
    const pmid = match[1]!.replace(/^0+/, '');
    if (pmid && !found.includes(pmid)) found.push(pmid);
  }
  return found;
}
