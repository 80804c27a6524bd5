import {
  bare,
  dateLimit,
  exact,
  inexact,
  prefix,
  quoteIfSpaced,
  type Dialect,
  type FieldRule,
} from '../dialect';
import type { SearchField } from '../ast';

const quote = (text: string): string => `"${text}"`;
const dropped = {
  out: '',
  warn: 'Google Scholar has no truncation or wildcards: the stem is searched as a word.',
};
const anywhere = (what: string): FieldRule =>
  inexact(
    bare,
    `Google Scholar has no ${what} field: the term is searched anywhere in the document.`,
  );

/** Google Scholar's 256-character query limit. */
export const SCHOLAR_MAX_LENGTH = 256;

/** Google Scholar: space for AND, `-term` for NOT, `intitle:`/`author:`/`source:` only. */
export const scholarDialect: Dialect = {
  id: 'scholar',
  label: 'Google Scholar',
  operators: { and: '', or: 'OR', not: '' },
  quote,
  wildcards: {
    star: dropped,
    dollar: dropped,
    dollar1: dropped,
    dollarN: dropped,
    question: dropped,
    hash: dropped,
  },
  fields: () => {
    const fields: Record<SearchField, FieldRule> = {
      ti: exact(prefix('intitle:')),
      ab: anywhere('abstract'),
      tiab: anywhere('title/abstract'),
      tiabkw: anywhere('title/abstract'),
      tw: anywhere('text-word'),
      all: exact(bare),
      kw: anywhere('keyword'),
      au: exact(prefix('author:')),
      la: anywhere('language'),
      pt: anywhere('publication-type'),
      nm: anywhere('substance'),
      ta: exact(prefix('source:')),
      doi: anywhere('DOI'),
      ad: anywhere('affiliation'),
      dp: dateLimit('Google Scholar sets years with its custom range (as_ylo, as_yhi)'),
    };
    return fields;
  },
  thesaurus: 'none',
  heading: (node, ctx) => {
    ctx.warn(
      'no-thesaurus',
      `Google Scholar has no subject headings: "${node.text}" is searched as a phrase.`,
      node.span,
    );
    return quoteIfSpaced(node.text, quote);
  },
  near: () => null,
  proximityConvention: 'none',
  line: () => null,
  not: (left, right, rightNode, ctx) => {
    if (rightNode.kind === 'term' || rightNode.kind === 'heading') return `${left} -${right}`;
    ctx.warn(
      'scholar-not',
      'Google Scholar excludes single words or phrases (-term) only: exclude each term by hand.',
      rightNode.span,
    );
    return `${left} -${right}`;
  },
  maxLength: SCHOLAR_MAX_LENGTH,
  finish: (query, ctx) => {
    if (query.length > SCHOLAR_MAX_LENGTH) {
      ctx.warn(
        'too-long',
        `Google Scholar ignores queries longer than ${SCHOLAR_MAX_LENGTH} characters (this one has ${query.length}): split it into several searches.`,
        { start: 0, end: ctx.source.length },
      );
    }
    return query;
  },
};
