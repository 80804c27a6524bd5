import { exact, inexact, quoteIfSpaced, suffix, type Dialect } from '../dialect';

const broader = (what: string): { out: string; warn: string } => ({
  out: '*',
  warn: `PubMed has no ${what}: unlimited truncation (*) was used, which finds more.`,
});
const quote = (text: string): string => `"${text}"`;

/** PubMed (NLM), abbreviated tags. No proximity for boolean terms, history as `#n`. */
export const pubmedDialect: Dialect = {
  id: 'pubmed',
  label: 'PubMed',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: broader('limited truncation'),
    dollarN: broader('limited truncation'),
    question: broader('single-character wildcard'),
    hash: broader('single-character wildcard'),
  },
  fields: () => ({
    ti: exact(suffix('[ti]')),
    ab: exact(suffix('[ab]')),
    tiab: inexact(suffix('[tiab]'), 'PubMed [tiab] also searches author keywords.'),
    tiabkw: exact(suffix('[tiab]')),
    tw: exact(suffix('[tw]')),
    all: exact(suffix('[all]')),
    kw: exact(suffix('[ot]')),
    au: exact(suffix('[au]')),
    la: exact(suffix('[la]')),
    pt: exact(suffix('[pt]')),
    nm: exact(suffix('[nm]')),
    ta: exact(suffix('[ta]')),
    doi: exact(suffix('[lid]')),
    ad: exact(suffix('[ad]')),
    dp: exact(suffix('[dp]')),
  }),
  thesaurus: 'mesh',
  heading: (node) => {
    const text = quoteIfSpaced(node.text, quote);
    if (node.subheading) return `${text}[sh]`;
    const tag = node.major ? 'Majr' : 'Mesh';
    return `${text}[${tag}${node.explode ? '' : ':NoExp'}]`;
  },
  near: () => null,
  proximityConvention: 'none',
  proximityHint:
    'PubMed\'s own proximity ("word1 word2"[tiab:~n]) works only on a quoted phrase in ti, ab or tiab.',
  line: (n) => `#${n}`,
};
