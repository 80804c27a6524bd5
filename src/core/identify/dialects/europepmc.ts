import {
  bare,
  exact,
  inexact,
  prefix,
  quoteIfSpaced,
  union,
  years,
  type Dialect,
} from '../dialect';

const quote = (text: string): string => `"${text}"`;
const broader = { out: '*', warn: 'Europe PMC supports only * truncation: * finds more.' };

/**
 * Europe PMC REST/website syntax: `TITLE:`, `ABSTRACT:`, `KW:`, `AUTH:`, `MESH:`.
 * Title+abstract is written as a union because a combined title/abstract field could not
 * be confirmed in the documentation read for this project.
 */
export const europepmcDialect: Dialect = {
  id: 'europepmc',
  label: 'Europe PMC',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: broader,
    dollarN: broader,
    question: broader,
    hash: broader,
  },
  fields: () => ({
    ti: exact(prefix('TITLE:')),
    ab: exact(prefix('ABSTRACT:')),
    tiab: exact(union([prefix('TITLE:'), prefix('ABSTRACT:')])),
    tiabkw: exact(union([prefix('TITLE:'), prefix('ABSTRACT:'), prefix('KW:')])),
    tw: inexact(
      union([prefix('TITLE:'), prefix('ABSTRACT:'), prefix('KW:')]),
      'Europe PMC has no text-word field: searched title, abstract and keywords.',
    ),
    all: inexact(bare, 'Europe PMC searches full text too when no field is given.'),
    kw: exact(prefix('KW:')),
    au: exact(prefix('AUTH:')),
    la: exact(prefix('LANG:')),
    pt: exact(prefix('PUB_TYPE:')),
    nm: exact(prefix('CHEM:')),
    ta: exact(prefix('JOURNAL:')),
    doi: exact(prefix('DOI:')),
    ad: exact(prefix('AFF:')),
    dp: years(
      (year) => `PUB_YEAR:${year}`,
      (from, to) => `PUB_YEAR:[${from} TO ${to}]`,
      'Europe PMC PUB_YEAR',
    ),
  }),
  thesaurus: 'mesh',
  heading: (node, ctx) => {
    if (!node.explode || node.major || node.subheading) {
      ctx.warn(
        'heading-scope',
        'Europe PMC MESH: cannot express no-explode, major-topic or floating-subheading searches: check the results.',
        node.span,
      );
    }
    return `MESH:${quoteIfSpaced(node.text, quote)}`;
  },
  near: () => null,
  proximityConvention: 'none',
  proximityHint: 'Europe PMC accepts "word1 word2"~n for two single words.',
  line: () => null,
};
