import { reviewParagraphs } from './checklist-fill';
import type { ReviewFacts } from './checklist-fill';
import type { Block, ReportDocument } from './document';

/**
 * The manuscript's methods and results drafted from the review's records: methods from the
 * protocol and the logs (searches with dates and hits, de-duplication, screening with
 * agreement, retrieval, charting, appraisal), results as the flow diagram, the
 * characteristics table, the evidence map, the stratified summary and the risk-of-bias
 * figures, then the reference list. Pure: the engine hands in the figures as SVG.
 */

export interface Figure {
  caption: string;
  svg: string;
  width: number;
  height: number;
}

export interface ManuscriptInput {
  facts: ReviewFacts;
  /** ISO date the report was generated. */
  generatedOn: string;
  searches: {
    database: string;
    platform: string;
    searchedOn: string;
    hits: string;
    records: number;
    query: string;
  }[];
  prisma: Figure;
  characteristics?: { columns: string[]; rows: string[][] };
  timeline?: Figure;
  map?: Figure;
  strata?: {
    by: string;
    tally: string;
    strata: {
      stratum: string;
      studies: number;
      tally: { value: string; count: number }[];
      risk: { value: string; count: number }[];
    }[];
  };
  riskOfBias: Figure[];
  references: { style: string; entries: string[] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report document, section by section. */
export function buildManuscript(input: ManuscriptInput): ReportDocument {
  const { facts } = input;
  const p = reviewParagraphs(facts);
  const blocks: Block[] = [];
  const heading = (level: 1 | 2 | 3, text: string) => blocks.push({ kind: 'heading', level, text });
  const say = (piece: { status: string; text: string } | undefined, fallback?: string) => {
    if (piece && piece.status !== 'todo')
      blocks.push({ kind: 'paragraph', text: piece.text, draft: piece.status === 'draft' });
    else if (fallback) blocks.push({ kind: 'paragraph', text: fallback, draft: true });
  };
  let tables = 0;
  let figures = 0;
  const figure = (f: Figure) =>
    blocks.push({
      kind: 'figure',
      id: `figure-${++figures}`,
      ...f,
      caption: `Figure ${figures}. ${f.caption}`,
    });
  const table = (caption: string, columns: string[], rows: string[][]) =>
    blocks.push({
      kind: 'table',
      id: `table-${++tables}`,
      caption: `Table ${tables}. ${caption}`,
      columns,
      rows,
    });

  heading(1, facts.title);
  blocks.push({
    kind: 'paragraph',
    text: `Drafted by ReviewBench from the review's records on ${input.generatedOn}. Paragraphs marked [Draft] are a start the authors finish; everything else is stated as recorded.`,
  });

  heading(2, 'Methods');
  heading(3, 'Protocol and registration');
  say(p.objectives);
  say(p.registration);
  heading(3, 'Eligibility criteria');
  say(
    p.criteria,
    'State the inclusion and exclusion criteria (none are recorded in the protocol).',
  );
  heading(3, 'Information sources and search');
  say(p.sources, 'No search is recorded yet.');
  if (input.searches.length)
    table(
      'Searches: each source with its date, the hits it reported and the records imported.',
      ['Source', 'Platform', 'Searched on', 'Hits', 'Records imported', 'Strategy'],
      input.searches.map((s) => [
        s.database,
        s.platform,
        s.searchedOn,
        s.hits,
        String(s.records),
        s.query,
      ]),
    );
  heading(3, 'Selection of sources');
  say(p.selection);
  const c = facts.counts;
  if (c.dbr_sought_reports !== undefined)
    blocks.push({
      kind: 'paragraph',
      text: `Full texts were sought for ${plural(c.dbr_sought_reports ?? 0, 'report')}; ${plural(c.dbr_notretrieved_reports ?? 0, 'report')} could not be retrieved.`,
    });
  heading(3, 'Data charting');
  say(p.collection, 'Describe how data were charted (no charting form is recorded).');
  say(p.dataItems);
  heading(3, 'Critical appraisal');
  say(p.appraisalMethods, 'State whether the sources were appraised and with which tools.');
  heading(3, 'Synthesis');
  say(p.synthesisMethods, 'Describe how the charted data were summarised.');

  heading(2, 'Results');
  heading(3, 'Selection of sources');
  say(p.selectionResults);
  figure(input.prisma);
  heading(3, 'Characteristics of the included sources');
  say(p.characteristics);
  if (!input.characteristics?.rows.length)
    blocks.push({
      kind: 'paragraph',
      text: 'No charting is settled yet: the characteristics table fills in as the extractors agree.',
      draft: true,
    });
  else
    table(
      'Characteristics of the included sources.',
      input.characteristics.columns,
      input.characteristics.rows,
    );
  if (input.timeline) figure(input.timeline);
  if (input.map) {
    heading(3, 'Evidence map');
    figure(input.map);
  }
  if (input.strata && input.strata.strata.length) {
    const s = input.strata;
    heading(3, `Findings by ${s.by.toLowerCase()}`);
    say(p.synthesisResults);
    table(
      `${s.tally} by ${s.by.toLowerCase()}: studies, their findings and their overall risk of bias.`,
      [s.by, 'Studies', s.tally, 'Risk of bias (overall)'],
      s.strata.map((row) => [
        row.stratum,
        String(row.studies),
        row.tally.map((t) => `${t.value}: ${t.count}`).join('; '),
        row.risk.map((r) => `${r.value}: ${r.count}`).join('; '),
      ]),
    );
  }
  if (input.riskOfBias.length) {
    heading(3, 'Risk of bias');
    say(p.appraisalResults);
    for (const f of input.riskOfBias) figure(f);
  }

  heading(2, 'References');
  if (input.references.entries.length) {
    blocks.push({ kind: 'paragraph', text: `The included sources (${input.references.style}).` });
    blocks.push({ kind: 'list', items: input.references.entries });
  } else blocks.push({ kind: 'paragraph', text: 'No source is included yet.' });
  return { title: facts.title, blocks };
}
