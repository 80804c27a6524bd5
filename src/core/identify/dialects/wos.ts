import { exact, inexact, prefix, quoteIfSpaced, union, years, type Dialect } from '../dialect';

const quote = (text: string): string => `"${text}"`;
const noField = (what: string): string =>
  `Web of Science has no ${what} field: searched all fields (ALL=).`;

/** Web of Science Core Collection, advanced search. */
export const wosDialect: Dialect = {
  id: 'wos',
  label: 'Web of Science',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: { out: '$' },
    dollarN: {
      out: '*',
      warn: 'Web of Science has no limited truncation beyond one character: * finds more.',
    },
    question: { out: '$' },
    hash: { out: '?' },
  },
  fields: () => ({
    ti: exact(prefix('TI=')),
    ab: exact(prefix('AB=')),
    tiab: exact(union([prefix('TI='), prefix('AB=')])),
    tiabkw: exact(union([prefix('TI='), prefix('AB='), prefix('AK=')])),
    tw: inexact(prefix('ALL='), noField('text-word')),
    all: exact(prefix('ALL=')),
    kw: exact(union([prefix('KP='), prefix('AK=')])),
    au: exact(prefix('AU=')),
    la: inexact(prefix('ALL='), noField('MEDLINE language')),
    pt: inexact(prefix('ALL='), noField('MEDLINE publication-type')),
    nm: inexact(prefix('ALL='), noField('substance')),
    ta: exact(prefix('SO=')),
    doi: exact(prefix('DO=')),
    ad: exact(prefix('AD=')),
    dp: years(
      (year) => `PY=${year}`,
      (from, to) => `PY=(${from}-${to})`,
      'WoS PY',
    ),
  }),
  thesaurus: 'none',
  heading: (node, ctx) => {
    ctx.warn(
      'no-thesaurus',
      `Web of Science has no MeSH: heading "${node.text}" became a free-text search of all fields, without explosion.`,
      node.span,
    );
    return `ALL=${quoteIfSpaced(node.text, quote)}`;
  },
  near: (distance) => `NEAR/${distance ?? 0}`,
  proximityConvention: 'intervening',
  line: (n) => `#${n}`,
};
