import { bare, exact, inexact, quoteIfSpaced, suffix, years, type Dialect } from '../dialect';

const quote = (text: string): string => `'${text}'`;

/** Embase.com (Elsevier): single-quoted phrases, `:ti,ab` fields, Emtree `/exp`. */
export const embaseDialect: Dialect = {
  id: 'embase',
  label: 'Embase.com',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: { out: '$' },
    dollarN: {
      out: '*',
      warn: 'Embase has no limited truncation beyond one character: * finds more.',
    },
    question: { out: '$' },
    hash: { out: '?' },
  },
  fields: (ctx) => ({
    ti: exact(suffix(':ti')),
    ab: exact(suffix(':ab')),
    tiab: exact(suffix(':ti,ab')),
    tiabkw: exact(suffix(ctx.options.legacyTiab ? ':ti,ab' : ':ti,ab,kw')),
    tw: inexact(bare, 'Embase has no text-word field: searched all fields (consider :ti,ab,kw).'),
    all: exact(bare),
    kw: exact(suffix(':kw')),
    au: exact(suffix(':au')),
    la: exact(suffix(':la')),
    pt: exact(suffix(':it')),
    nm: inexact(
      suffix(':tn'),
      'Embase has no substance-name field like MEDLINE [nm]: searched trade names (:tn).',
    ),
    ta: exact(suffix(':jt')),
    doi: exact(suffix(':do')),
    ad: exact(suffix(':ff')),
    dp: years(
      (year) => `[${year}]/py`,
      (from, to) => `[${from}-${to}]/py`,
      'Embase /py',
    ),
  }),
  thesaurus: 'emtree',
  heading: (node) => {
    const text = quoteIfSpaced(node.text, quote);
    if (node.subheading) return `${text}:lnk`;
    return `${text}/${node.explode ? 'exp' : 'de'}${node.major ? '/mj' : ''}`;
  },
  near: (distance, ordered) =>
    distance === null ? 'NEXT/1' : `${ordered ? 'NEXT' : 'NEAR'}/${distance}`,
  proximityConvention: 'intervening',
  line: (n) => `#${n}`,
};
