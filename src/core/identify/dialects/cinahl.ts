import { dateLimit, exact, inexact, prefix, union, type Dialect } from '../dialect';

const quote = (text: string): string => `"${text}"`;

/** CINAHL on EBSCOhost: prefix field codes, `(MH "Term+")` headings, `Nn`/`Wn`, `Sn` lines. */
export const cinahlDialect: Dialect = {
  id: 'cinahl',
  label: 'CINAHL (EBSCOhost)',
  operators: { and: 'AND', or: 'OR', not: 'NOT' },
  quote,
  wildcards: {
    star: { out: '*' },
    dollar: { out: '*' },
    dollar1: { out: '#' },
    dollarN: {
      out: '*',
      warn: 'EBSCO has no limited truncation beyond one character: * finds more.',
    },
    question: { out: '#' },
    hash: { out: '?' },
  },
  fields: () => ({
    ti: exact(prefix('TI ')),
    ab: exact(prefix('AB ')),
    tiab: exact(union([prefix('TI '), prefix('AB ')])),
    tiabkw: inexact(
      union([prefix('TI '), prefix('AB ')]),
      'CINAHL has no separate author-keyword field: searched title and abstract only.',
    ),
    tw: inexact(prefix('TX '), 'CINAHL has no text-word field: searched all text (TX).'),
    all: exact(prefix('TX ')),
    kw: inexact(prefix('SU '), 'CINAHL SU searches subject headings and keywords together.'),
    au: exact(prefix('AU ')),
    la: exact(prefix('LA ')),
    pt: inexact(prefix('PT '), "CINAHL publication types differ from MEDLINE's: check the value."),
    nm: inexact(prefix('TX '), 'CINAHL has no substance field: searched all text (TX).'),
    ta: exact(prefix('SO ')),
    doi: inexact(prefix('TX '), 'CINAHL has no DOI field code: searched all text (TX).'),
    ad: exact(prefix('AF ')),
    dp: dateLimit('CINAHL sets publication years with its Published Date limiter'),
  }),
  thesaurus: 'cinahl-headings',
  heading: (node) => {
    if (node.subheading) return `(MW ${node.text})`;
    return `(${node.major ? 'MM' : 'MH'} "${node.text}${node.explode ? '+' : ''}")`;
  },
  near: (distance, ordered) => (distance === null ? 'W1' : `${ordered ? 'W' : 'N'}${distance}`),
  proximityConvention: 'intervening',
  line: (n) => `S${n}`,
};
