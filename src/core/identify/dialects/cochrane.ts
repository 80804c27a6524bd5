import { bare, dateLimit, exact, inexact, quoteIfSpaced, suffix, type Dialect } from '../dialect';

const quote = (text: string): string => `"${text}"`;
const noField = (what: string): string =>
  `The Cochrane Library has no ${what} field: searched all text.`;

/** Cochrane Library (CENTRAL) advanced search. */
export const cochraneDialect: Dialect = {
  id: 'cochrane',
  label: 'Cochrane Library',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: { out: '?' },
    dollarN: {
      out: '*',
      warn: 'Cochrane has no limited truncation beyond one character: * finds more.',
    },
    question: { out: '?' },
    hash: { out: '?' },
  },
  fields: () => ({
    ti: exact(suffix(':ti')),
    ab: exact(suffix(':ab')),
    tiab: exact(suffix(':ti,ab')),
    tiabkw: exact(suffix(':ti,ab,kw')),
    tw: inexact(suffix(':ti,ab,kw'), 'Cochrane has no text-word field: searched :ti,ab,kw.'),
    all: exact(bare),
    kw: exact(suffix(':kw')),
    au: exact(suffix(':au')),
    la: inexact(bare, noField('language')),
    pt: exact(suffix(':pt')),
    nm: inexact(bare, noField('substance')),
    ta: exact(suffix(':so')),
    doi: exact(suffix(':doi')),
    ad: inexact(bare, noField('affiliation')),
    dp: dateLimit("The Cochrane Library sets publication years in the search manager's limits"),
  }),
  thesaurus: 'mesh',
  heading: (node, ctx) => {
    if (node.subheading) return `[mh /${node.text}]`;
    if (node.major) {
      ctx.warn(
        'no-major-topic',
        'The Cochrane Library cannot restrict MeSH to major topics: all were kept.',
        node.span,
      );
    }
    return `[mh ${node.explode ? '' : '^'}${quoteIfSpaced(node.text, quote)}]`;
  },
  near: (distance) => (distance === null ? 'NEXT' : `NEAR/${distance}`),
  proximityConvention: 'intervening',
  line: (n) => `#${n}`,
};
