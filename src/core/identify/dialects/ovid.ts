import {
  exact,
  inexact,
  suffix,
  years,
  type Dialect,
  type FieldRule,
  type RenderContext,
} from '../dialect';
import type { HeadingNode, SearchField } from '../ast';

const quote = (text: string): string => `"${text}"`;

/** `1-4,6` from [1,2,3,4,6]: Ovid's compact line lists. */
export function compressLineList(lines: number[]): string {
  const parts: string[] = [];
  let start = lines[0];
  let previous = start;
  for (const line of [...lines.slice(1), Number.NaN]) {
    if (start === undefined || previous === undefined) break;
    if (line === previous + 1) {
      previous = line;
      continue;
    }
    parts.push(start === previous ? String(start) : `${start}-${previous}`);
    start = line;
    previous = line;
  }
  return parts.join(',');
}

function renderOvidHeading(node: HeadingNode): string {
  if (node.subheading) return `${node.text}.fs.`;
  const qualifiers = node.qualifiers.length > 0 ? node.qualifiers.join(',') : '';
  return `${node.explode ? 'exp ' : ''}${node.major ? '*' : ''}${node.text}/${qualifiers}`;
}

/**
 * `[tiab]` decision: PubMed's [tiab] now includes author keywords, so it maps to
 * `.ti,ab,kf.` (MEDLINE) / `.ti,ab,kw.` (Embase), as Polyglot's data does. `legacyTiab`
 * gives Polyglot's older test expectation, `.tw.`.
 */
function ovidFields(ctx: RenderContext, embase: boolean): Record<SearchField, FieldRule> {
  const keywordsToo = embase ? '.ti,ab,kw.' : '.ti,ab,kf.';
  return {
    ti: exact(suffix('.ti.')),
    ab: exact(suffix('.ab.')),
    tiab: exact(suffix('.ti,ab.')),
    tiabkw: exact(suffix(ctx.options.legacyTiab ? '.tw.' : keywordsToo)),
    tw: exact(suffix('.mp.')),
    all: exact(suffix('.af.')),
    kw: exact(suffix('.kw.')),
    au: exact(suffix('.au.')),
    la: exact(suffix('.lg.')),
    pt: exact(suffix('.pt.')),
    nm: embase
      ? inexact(
          suffix('.mp.'),
          'Embase has no MEDLINE substance field: searched .mp.; check Emtree drug terms.',
        )
      : exact(suffix('.nm.')),
    ta: exact(suffix(embase ? '.jn.' : '.jn,jw,nj,ib.')),
    doi: exact(suffix('.do.')),
    ad: exact(suffix('.in.')),
    // Ovid's year field takes one year per term: a range is spelled out year by year.
    dp: years(
      (year) => `${year}.yr.`,
      (from, to) =>
        `(${Array.from({ length: to - from + 1 }, (_, i) => from + i).join(' or ')}).yr.`,
      'Ovid .yr.',
    ),
  };
}

function ovidDialect(id: 'ovid-medline' | 'ovid-embase', label: string, embase: boolean): Dialect {
  return {
    id,
    label,
    operators: { and: 'and', or: 'or', not: 'not' },
    quote,
    keepsUnquotedPhrases: true,
    wildcards: {
      star: { out: '*' },
      dollar: { out: '$' },
      dollar1: { out: '$1' },
      dollarN: { out: '$N' },
      question: { out: '?' },
      hash: { out: '#' },
    },
    fields: (ctx) => ovidFields(ctx, embase),
    thesaurus: embase ? 'emtree' : 'mesh',
    heading: renderOvidHeading,
    near: (distance, ordered) =>
      distance === null ? (ordered ? 'adj' : 'adj1') : `adj${distance}`,
    proximityConvention: 'ovid-adj',
    line: (n) => String(n),
    lineList: (op, lines) => `${op}/${compressLineList(lines)}`,
  };
}

/** Ovid MEDLINE. */
export const ovidMedlineDialect = ovidDialect('ovid-medline', 'Ovid MEDLINE', false);

/** Ovid Embase: Ovid syntax with Emtree headings (not a Polyglot table; inferred). */
export const ovidEmbaseDialect = ovidDialect('ovid-embase', 'Ovid Embase', true);
