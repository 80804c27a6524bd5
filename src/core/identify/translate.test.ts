import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import {
  DATABASE_IDS,
  parseQuery,
  translateQuery,
  translateSearch,
  translateStrategy,
  type DatabaseId,
  type QuerySyntax,
} from './index';

const tr = (query: string, from: QuerySyntax, to: DatabaseId, legacyTiab = false) =>
  translateQuery(query, { from, to, legacyTiab });
const codes = (query: string, from: QuerySyntax, to: DatabaseId) =>
  tr(query, from, to).warnings.map((w) => w.code);

describe('METHODS 7.4 proximity vectors (polyglot test/proximity.js)', () => {
  const expected: Partial<Record<DatabaseId, string>> = {
    pubmed: 'term1 AND term2',
    'ovid-medline': 'term1 adj3 term2',
    embase: 'term1 NEAR/3 term2',
    scopus: 'term1 W/3 term2',
    wos: 'term1 NEAR/3 term2',
    cochrane: 'term1 NEAR/3 term2',
    cinahl: 'term1 N3 term2',
  };
  for (const input of ['term1 ADJ3 term2', 'term1 NEAR3 term2', 'term1 NEAR/3 term2']) {
    for (const [to, output] of Object.entries(expected)) {
      it(`${input} -> ${to}`, () => expect(tr(input, 'ovid', to as DatabaseId).query).toBe(output));
    }
  }

  it('warns where PubMed degrades proximity to AND, on that fragment', () => {
    const result = tr('stroke AND (motor ADJ3 cortex)', 'ovid', 'pubmed');
    expect(result.query).toBe('stroke AND (motor AND cortex)');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'no-proximity', fragment: '(motor ADJ3 cortex)' }),
    );
  });

  it('flags the ADJn / NEAR/n offset in both directions, and not within one convention', () => {
    expect(codes('a ADJ3 b', 'ovid', 'embase')).toContain('proximity-offset');
    expect(codes('a NEAR/3 b', 'ovid', 'ovid-medline')).toContain('proximity-offset');
    expect(codes('a NEAR/3 b', 'ovid', 'wos')).not.toContain('proximity-offset');
    expect(codes('a ADJ3 b', 'ovid', 'ovid-embase')).not.toContain('proximity-offset');
  });

  it('renders adjacency (next) per engine', () => {
    const next = (to: DatabaseId) => tr('a ADJ b', 'ovid', to).query;
    expect(next('ovid-medline')).toBe('a adj b');
    expect(next('embase')).toBe('a NEXT/1 b');
    expect(next('cochrane')).toBe('a NEXT b');
    expect(next('wos')).toBe('a NEAR/0 b');
    expect(next('scopus')).toBe('a W/1 b');
    expect(next('cinahl')).toBe('a W1 b');
  });

  it('puts an Ovid suffix on the whole proximity search', () => {
    expect(tr('(motor adj3 cortex).ti,ab.', 'ovid', 'scopus').query).toBe(
      'TITLE-ABS(motor W/3 cortex)',
    );
    expect(tr('motor adj3 cortex.ti,ab.', 'ovid', 'embase').query).toBe(
      '(motor NEAR/3 cortex):ti,ab',
    );
    expect(tr('(motor adj3 cortex).ti.', 'ovid', 'wos').query).toBe('TI=(motor NEAR/3 cortex)');
  });

  it('reads PubMed "a b"[tiab:~n] as proximity', () => {
    expect(tr('"motor cortex"[tiab:~2]', 'pubmed', 'embase').query).toBe(
      '(motor NEAR/2 cortex):ti,ab,kw',
    );
  });
});

describe('METHODS 7.2 field codes', () => {
  const rows: [string, Partial<Record<DatabaseId, string>>][] = [
    [
      't[tw]',
      {
        pubmed: 't[tw]',
        'ovid-medline': 't.mp.',
        embase: 't',
        wos: 'ALL=t',
        scopus: 'TITLE-ABS-KEY(t)',
      },
    ],
    [
      't[all]',
      { pubmed: 't[all]', 'ovid-medline': 't.af.', embase: 't', wos: 'ALL=t', scopus: 'ALL(t)' },
    ],
    [
      't[ti]',
      { pubmed: 't[ti]', 'ovid-medline': 't.ti.', embase: 't:ti', wos: 'TI=t', scopus: 'TITLE(t)' },
    ],
    [
      't[ab]',
      { pubmed: 't[ab]', 'ovid-medline': 't.ab.', embase: 't:ab', wos: 'AB=t', scopus: 'ABS(t)' },
    ],
    [
      't[tiab]',
      { 'ovid-medline': 't.ti,ab,kf.', embase: 't:ti,ab,kw', wos: '(TI=t OR AB=t OR AK=t)' },
    ],
    [
      't[ot]',
      {
        pubmed: 't[ot]',
        'ovid-medline': 't.kw.',
        embase: 't:kw',
        wos: '(KP=t OR AK=t)',
        scopus: 'AUTHKEY(t)',
      },
    ],
    [
      't[au]',
      { pubmed: 't[au]', 'ovid-medline': 't.au.', embase: 't:au', wos: 'AU=t', scopus: 'AUTH(t)' },
    ],
    [
      't[la]',
      {
        pubmed: 't[la]',
        'ovid-medline': 't.lg.',
        embase: 't:la',
        wos: 'ALL=t',
        scopus: 'LANGUAGE(t)',
      },
    ],
    [
      't[pt]',
      {
        pubmed: 't[pt]',
        'ovid-medline': 't.pt.',
        embase: 't:it',
        wos: 'ALL=t',
        scopus: 'DOCTYPE(t)',
      },
    ],
    [
      't[nm]',
      { pubmed: 't[nm]', 'ovid-medline': 't.nm.', embase: 't:tn', wos: 'ALL=t', scopus: 'CHEM(t)' },
    ],
    [
      't[ta]',
      {
        pubmed: 't[ta]',
        'ovid-medline': 't.jn,jw,nj,ib.',
        embase: 't:jt',
        wos: 'SO=t',
        scopus: 'SRCTITLE(t)',
      },
    ],
    [
      't[ad]',
      { pubmed: 't[ad]', 'ovid-medline': 't.in.', embase: 't:ff', wos: 'AD=t', scopus: 'AFFIL(t)' },
    ],
  ];
  for (const [input, outputs] of rows) {
    for (const [to, output] of Object.entries(outputs)) {
      it(`${input} -> ${to}`, () =>
        expect(tr(input, 'pubmed', to as DatabaseId).query).toBe(output));
    }
  }

  // Deviation: the table gives TS= for .tw,kf.; TS= adds Keywords Plus, so title, abstract and
  // author keywords are spelt out as for the [tiab] row.
  it('maps Ovid .tw,kf. like [tiab] (TITLE-ABS-KEY / [tiab])', () => {
    expect(tr('t.tw,kf.', 'ovid', 'wos').query).toBe('(TI=t OR AB=t OR AK=t)');
    expect(tr('t.tw,kf.', 'ovid', 'scopus').query).toBe('TITLE-ABS-KEY(t)');
    expect(tr('t.tw,kf.', 'ovid', 'pubmed').query).toBe('t[tiab]');
    expect(tr('t.ti,ab.', 'ovid', 'embase').query).toBe('t:ti,ab');
  });

  it("the [tiab] decision: .ti,ab,kf. by default, Polyglot's older .tw. / :ti,ab on request", () => {
    expect(tr('t[tiab]', 'pubmed', 'ovid-medline').query).toBe('t.ti,ab,kf.');
    expect(tr('t[Title/Abstract]', 'pubmed', 'ovid-embase').query).toBe('t.ti,ab,kw.');
    expect(tr('t[tiab]', 'pubmed', 'ovid-medline', true).query).toBe('t.tw.');
    expect(tr('t[tiab]', 'pubmed', 'embase', true).query).toBe('t:ti,ab');
  });

  it('warns on fields without an exact equivalent (†)', () => {
    expect(tr('t[tw]', 'pubmed', 'wos').warnings).toEqual([
      expect.objectContaining({ code: 'inexact-field', fragment: 't[tw]' }),
    ]);
  });

  it('pushes a tag after a group onto each term', () => {
    expect(tr('(arm OR hand)[tiab]', 'pubmed', 'pubmed').query).toBe('arm[tiab] OR hand[tiab]');
    expect(tr('(arm or "upper limb").ti,ab.', 'ovid', 'ovid-medline').query).toBe(
      'arm.ti,ab. or "upper limb".ti,ab.',
    );
  });

  it('quotes phrases per engine (Embase single quotes)', () => {
    expect(tr('"motor cortex"[ti]', 'pubmed', 'embase').query).toBe("'motor cortex':ti");
    expect(tr('"motor cortex"[ti]', 'pubmed', 'scopus').query).toBe('TITLE("motor cortex")');
    expect(tr('motor cortex.ti.', 'ovid', 'ovid-medline').query).toBe('motor cortex.ti.');
  });
});

describe('METHODS 7.3 subject headings', () => {
  const rows: [string, string, Partial<Record<DatabaseId, string>>][] = [
    [
      'Stroke[Mesh]',
      'exp Stroke/',
      {
        pubmed: 'Stroke[Mesh]',
        'ovid-medline': 'exp Stroke/',
        embase: 'Stroke/exp',
        scopus: 'INDEXTERMS(Stroke)',
        wos: 'ALL=Stroke',
        cochrane: '[mh Stroke]',
        cinahl: '(MH "Stroke+")',
      },
    ],
    [
      'Stroke[Mesh:NoExp]',
      'Stroke/',
      {
        pubmed: 'Stroke[Mesh:NoExp]',
        'ovid-medline': 'Stroke/',
        embase: 'Stroke/de',
        cochrane: '[mh ^Stroke]',
        cinahl: '(MH "Stroke")',
      },
    ],
    [
      'Stroke[Majr]',
      'exp *Stroke/',
      {
        pubmed: 'Stroke[Majr]',
        'ovid-medline': 'exp *Stroke/',
        embase: 'Stroke/exp/mj',
        cochrane: '[mh Stroke]',
        cinahl: '(MM "Stroke+")',
      },
    ],
    [
      'Stroke[Majr:NoExp]',
      '*Stroke/',
      {
        pubmed: 'Stroke[Majr:NoExp]',
        'ovid-medline': '*Stroke/',
        embase: 'Stroke/de/mj',
        cochrane: '[mh ^Stroke]',
        cinahl: '(MM "Stroke")',
      },
    ],
    [
      'rehabilitation[sh]',
      'rehabilitation.fs.',
      {
        pubmed: 'rehabilitation[sh]',
        'ovid-medline': 'rehabilitation.fs.',
        embase: 'rehabilitation:lnk',
        cochrane: '[mh /rehabilitation]',
        cinahl: '(MW rehabilitation)',
      },
    ],
  ];
  for (const [pubmed, ovid, outputs] of rows) {
    for (const [to, output] of Object.entries(outputs)) {
      it(`${pubmed} / ${ovid} -> ${to}`, () => {
        expect(tr(pubmed, 'pubmed', to as DatabaseId).query).toBe(output);
        expect(tr(ovid, 'ovid', to as DatabaseId).query).toBe(output);
      });
    }
  }

  it('reads long forms and multi-word Ovid headings', () => {
    expect(tr('"Motor Cortex"[MeSH Terms]', 'pubmed', 'ovid-medline').query).toBe(
      'exp Motor Cortex/',
    );
    expect(tr('exp Upper Extremity/', 'ovid', 'embase').query).toBe("'Upper Extremity'/exp");
    expect(tr('Stroke/rh', 'ovid', 'ovid-medline').query).toBe('Stroke/rh');
  });

  it('flags every heading moved to Emtree or CINAHL headings for manual checking', () => {
    for (const to of ['embase', 'ovid-embase', 'cinahl'] as const) {
      expect(
        tr('exp Stroke/ or Motor Cortex/', 'ovid', to).warnings.filter(
          (w) => w.code === 'check-heading',
        ),
      ).toHaveLength(2);
    }
    expect(codes('exp Stroke/', 'ovid', 'cochrane')).toEqual([]);
    expect(codes('exp Stroke/', 'ovid', 'scopus')).toEqual(['no-thesaurus']);
    expect(codes('exp Stroke/', 'ovid', 'wos')).toEqual(['no-thesaurus']);
  });
});

describe('METHODS 7.5 truncation and wildcards (Ovid meaning in)', () => {
  const rows: [string, Partial<Record<DatabaseId, string>>][] = [
    [
      'term*',
      {
        pubmed: 'term*',
        'ovid-medline': 'term*',
        embase: 'term*',
        wos: 'term*',
        scopus: 'term*',
        cochrane: 'term*',
        cinahl: 'term*',
      },
    ],
    // The code maps $ to * (vendor semantics); polyglot test/wildcards.js expecting term? is stale.
    [
      'term$',
      {
        pubmed: 'term*',
        'ovid-medline': 'term$',
        embase: 'term*',
        wos: 'term*',
        scopus: 'term*',
        cochrane: 'term*',
        cinahl: 'term*',
      },
    ],
    [
      'term$1',
      {
        pubmed: 'term*',
        'ovid-medline': 'term$1',
        embase: 'term$',
        wos: 'term$',
        scopus: 'term*',
        cochrane: 'term?',
        cinahl: 'term#',
      },
    ],
    [
      'term$3',
      {
        pubmed: 'term*',
        'ovid-medline': 'term$3',
        embase: 'term*',
        wos: 'term*',
        scopus: 'term*',
        cochrane: 'term*',
        cinahl: 'term*',
      },
    ],
    [
      'colo?r',
      {
        pubmed: 'colo*r',
        'ovid-medline': 'colo?r',
        embase: 'colo$r',
        wos: 'colo$r',
        scopus: 'colo*r',
        cochrane: 'colo?r',
        cinahl: 'colo#r',
      },
    ],
    [
      'wom#n',
      {
        pubmed: 'wom*n',
        'ovid-medline': 'wom#n',
        embase: 'wom?n',
        wos: 'wom?n',
        scopus: 'wom?n',
        cochrane: 'wom?n',
        cinahl: 'wom?n',
      },
    ],
  ];
  for (const [input, outputs] of rows) {
    for (const [to, output] of Object.entries(outputs)) {
      it(`${input} -> ${to}`, () => expect(tr(input, 'ovid', to as DatabaseId).query).toBe(output));
    }
  }

  it('warns when PubMed loses a single-character wildcard', () => {
    expect(tr('wom#n.ti.', 'ovid', 'pubmed').warnings).toEqual([
      expect.objectContaining({ code: 'wildcard', fragment: 'wom#n.ti.' }),
    ]);
  });

  it('Cochrane: no wildcard inside quotes, the phrase becomes NEXT', () => {
    expect(tr('"upper limb*"[tiab]', 'pubmed', 'cochrane').query).toBe(
      '(upper NEXT limb*):ti,ab,kw',
    );
  });
});

describe('booleans, line references, Google Scholar', () => {
  it('PubMed reads left to right and says so; output is explicit', () => {
    const result = tr('a OR b AND c', 'pubmed', 'embase');
    expect(result.query).toBe('(a OR b) AND c');
    expect(result.warnings.map((w) => w.code)).toEqual(['operator-order']);
    expect(tr('a or b and c', 'ovid', 'embase').query).toBe('a OR (b AND c)');
    expect(tr('a NOT (b OR c)', 'pubmed', 'scopus').query).toBe('a AND NOT (b OR c)');
  });

  it('renders line references per engine', () => {
    expect(tr('#1 AND #2', 'pubmed', 'ovid-medline').query).toBe('1 and 2');
    expect(tr('#1 AND #2', 'pubmed', 'cinahl').query).toBe('S1 AND S2');
    expect(tr('or/1-3,5', 'ovid', 'pubmed').query).toBe('#1 OR #2 OR #3 OR #5');
    expect(tr('or/1-3,5', 'ovid', 'ovid-medline').query).toBe('or/1-3,5');
    expect(codes('#1 AND #2', 'pubmed', 'europepmc')).toContain('no-line-refs');
  });

  it('Google Scholar: intitle:, -term, no truncation, 256-character limit', () => {
    expect(tr('stroke[ti] NOT rats', 'pubmed', 'scholar').query).toBe('intitle:stroke -rats');
    const long = Array.from({ length: 30 }, (_, i) => `term${i}word`).join(' OR ');
    expect(codes(long, 'pubmed', 'scholar')).toContain('too-long');
    expect(codes('stroke OR rats', 'pubmed', 'scholar')).toEqual([]);
  });

  it('Europe PMC field syntax', () => {
    expect(
      tr('stroke[ti] AND smith[au] AND "motor cortex"[tiab]', 'pubmed', 'europepmc').query,
    ).toBe(
      'TITLE:stroke AND AUTH:smith AND (TITLE:"motor cortex" OR ABSTRACT:"motor cortex" OR KW:"motor cortex")',
    );
    expect(tr('Stroke[Mesh] AND kw1[ot]', 'pubmed', 'europepmc').query).toBe(
      'MESH:Stroke AND KW:kw1',
    );
  });

  it('ignores Ovid [mp=...] annotations', () => {
    expect(tr('stroke.mp. [mp=title, abstract, heading word]', 'ovid', 'pubmed').query).toBe(
      'stroke[tw]',
    );
  });
});

describe('parse errors are data with positions', () => {
  const error = (query: string) => parseQuery(query, { syntax: 'pubmed' }).errors[0];
  it.each([
    ['(stroke OR arm', 'unbalanced-paren', 0],
    ['stroke OR arm)', 'unbalanced-paren', 13],
    ['"motor cortex OR arm', 'unclosed-quote', 0],
    ['stroke AND', 'missing-operand', 10],
    ['AND stroke', 'missing-operand', 0],
    ['stroke[xyz]', 'unknown-field', 6],
    ['stroke[tiab', 'unclosed-tag', 6],
    ['   ', 'empty-query', 0],
  ])('%s -> %s at %i', (query, code, offset) => {
    expect(error(query)).toMatchObject({ code, offset });
    expect(translateQuery(query, { from: 'pubmed', to: 'embase' })).toMatchObject({ query: '' });
  });

  it('refuses parentheses nested past the limit, with a clear error, not a stack overflow', () => {
    const deep = (n: number) => `${'('.repeat(n)}stroke${')'.repeat(n)}`;
    expect(parseQuery(deep(100), { syntax: 'pubmed' }).errors).toEqual([]);
    for (const n of [101, 5000, 100_000]) {
      expect(error(deep(n))).toMatchObject({ code: 'too-deep', offset: 100 });
      expect(translateQuery(deep(n), { from: 'pubmed', to: 'embase' }).query).toBe('');
    }
  });

  it('unknown databases throw unknown-name listing the registry', () => {
    expect(() => translateQuery('a', { from: 'pubmed', to: 'medline' as DatabaseId })).toThrow(
      DomainError,
    );
    expect(() => translateQuery('a', { from: 'pubmed', to: 'x' as DatabaseId })).toThrow(
      DATABASE_IDS.join(', '),
    );
  });
});

describe('one path for a pasted search: a query or a numbered strategy', () => {
  const strategy =
    '1. exp Stroke/\n2. stroke.ti,ab.\n3. 1 or 2\n4. motor cortex.ti,ab.\n5. 3 and 4';

  it('reads a numbered Ovid strategy as lines that refer to each other, as the CLI does', () => {
    const result = translateSearch(strategy, { from: 'ovid', to: 'pubmed' });
    expect(result.errors).toEqual([]);
    expect(result.query).toBe('(Stroke[Mesh] OR stroke[tiab]) AND "motor cortex"[tiab]');
    expect(result.query).toBe(translateStrategy(strategy, { from: 'ovid', to: 'pubmed' }).combined);
    expect(result.lines.map((l) => l.query)).toEqual([
      'Stroke[Mesh]',
      'stroke[tiab]',
      '#1 OR #2',
      '"motor cortex"[tiab]',
      '#3 AND #4',
    ]);
    // Each warning once, naming its fragment and line.
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'inexact-field', fragment: 'stroke.ti,ab.', line: 2 }),
      expect.objectContaining({ code: 'inexact-field', fragment: 'motor cortex.ti,ab.', line: 4 }),
    ]);
  });

  it('reads one line as one query, and a lone numbered line as a strategy line', () => {
    expect(translateSearch('stroke[tiab]', { from: 'pubmed', to: 'scopus' })).toMatchObject({
      query: 'TITLE-ABS-KEY(stroke)',
      lines: [],
    });
    expect(translateSearch('1. stroke.ti,ab.', { from: 'ovid', to: 'pubmed' }).query).toBe(
      'stroke[tiab]',
    );
  });
});

describe('publication dates', () => {
  const to = (target: DatabaseId, query = 'stroke[ti] AND 2010:2020[dp]') =>
    translateQuery(query, { from: 'pubmed', to: target });

  it.each([
    ['pubmed', 'stroke[ti] AND 2010:2020[dp]'],
    [
      'ovid-medline',
      'stroke.ti. and (2010 or 2011 or 2012 or 2013 or 2014 or 2015 or 2016 or 2017 or 2018 or 2019 or 2020).yr.',
    ],
    ['embase', 'stroke:ti AND [2010-2020]/py'],
    ['wos', 'TI=stroke AND PY=(2010-2020)'],
    ['scopus', 'TITLE(stroke) AND (PUBYEAR > 2009 AND PUBYEAR < 2021)'],
    ['europepmc', 'TITLE:stroke AND PUB_YEAR:[2010 TO 2020]'],
  ] as const)('writes a year range for %s', (target, expected) => {
    const result = to(target);
    expect(result.errors).toEqual([]);
    expect(result.query).toBe(expected);
  });

  it('translates an Ovid year limit line as the line and a year range', () => {
    const strategy =
      '1. exp Stroke/\n2. limit 1 to yr="2010 - 2020"\n3. limit 2 to english language';
    const result = translateSearch(strategy, { from: 'ovid', to: 'pubmed' });
    expect(result.lines[1]).toMatchObject({
      source: 'limit 1 to yr="2010 - 2020"',
      query: '#1 AND 2010:2020[dp]',
    });
    expect(result.lines[2]!.errors[0]).toMatchObject({ code: 'unsupported-line', line: 3 });
  });

  it('reads Ovid .yr. as a publication year', () => {
    expect(translateQuery('stroke.ti. and 2019.yr.', { from: 'ovid', to: 'scopus' }).query).toBe(
      'TITLE(stroke) AND PUBYEAR IS 2019',
    );
  });

  it('warns where the target limits dates outside the query, or only by whole years', () => {
    for (const target of ['cinahl', 'cochrane', 'scholar'] as const)
      expect(
        to(target)
          .warnings.map((w) => w.message)
          .join(' '),
        target,
      ).toMatch(/remove this date term from the query and set the years there/);
    expect(to('wos', 'stroke[ti] AND 2010/06/01:2012/05/31[dp]')).toMatchObject({
      query: 'TI=stroke AND PY=(2010-2012)',
      warnings: [expect.objectContaining({ message: expect.stringMatching(/months and days/) })],
    });
  });
});
