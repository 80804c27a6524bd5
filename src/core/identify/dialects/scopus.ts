import { call, exact, inexact, years, type Dialect } from '../dialect';

const quote = (text: string): string => `"${text}"`;
const broader = (what: string): { out: string; warn: string } => ({
  out: '*',
  warn: `Scopus has no ${what}: * was used, which finds more.`,
});

/** Scopus advanced search. NOT is `AND NOT`. */
export const scopusDialect: Dialect = {
  id: 'scopus',
  label: 'Scopus',
  operators: { and: 'AND', or: 'OR', not: 'AND NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: broader('limited truncation'),
    dollarN: broader('limited truncation'),
    question: broader('zero-or-one-character wildcard'),
    hash: { out: '?' },
  },
  fields: () => ({
    ti: exact(call('TITLE')),
    ab: exact(call('ABS')),
    tiab: exact(call('TITLE-ABS')),
    tiabkw: exact(call('TITLE-ABS-KEY')),
    tw: exact(call('TITLE-ABS-KEY')),
    all: exact(call('ALL')),
    kw: exact(call('AUTHKEY')),
    au: exact(call('AUTH')),
    la: exact(call('LANGUAGE')),
    pt: inexact(
      call('DOCTYPE'),
      'Scopus DOCTYPE takes its own codes (ar, re, cp ...): replace the MEDLINE publication type.',
    ),
    nm: exact(call('CHEM')),
    ta: exact(call('SRCTITLE')),
    doi: exact(call('DOI')),
    ad: exact(call('AFFIL')),
    dp: years(
      (year) => `PUBYEAR IS ${year}`,
      (from, to) => `(PUBYEAR > ${from - 1} AND PUBYEAR < ${to + 1})`,
      'Scopus PUBYEAR',
    ),
  }),
  thesaurus: 'none',
  heading: (node, ctx) => {
    ctx.warn(
      'no-thesaurus',
      `Scopus has no MeSH search: heading "${node.text}" became INDEXTERMS(), which matches index terms without explosion.`,
      node.span,
    );
    return `INDEXTERMS(${/\s/.test(node.text) ? quote(node.text) : node.text})`;
  },
  near: (distance, ordered) => (distance === null ? 'W/1' : `${ordered ? 'PRE' : 'W'}/${distance}`),
  proximityConvention: 'intervening',
  line: (n) => `#${n}`,
};
