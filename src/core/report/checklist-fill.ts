import { CHECKLISTS } from './checklist';
import type { ChecklistType } from './checklist';
import type { PrismaCounts } from './counts';

/**
 * The PRISMA-ScR checklist filled from the review's own records: where the records say it
 * (sources searched and when, the strategies, screening, charting, appraisal, the counts) the
 * item is `filled`; where they give a start the authors finish (objectives, synthesis) it is a
 * `draft`; the rest is `todo` with the item's guidance. Pure: the engine gathers the facts.
 */

export type ChecklistStatus = 'filled' | 'draft' | 'todo';

export interface FilledItem {
  item: number;
  section: string;
  title: string;
  status: ChecklistStatus;
  text: string;
}

export interface ReviewFacts {
  title: string;
  type: string;
  protocol: {
    question?: string;
    framework?: string;
    population?: string;
    concept?: string;
    context?: string;
    inclusionCriteria?: string[];
    exclusionCriteria?: string[];
    registration?: { registry: string; id: string; url?: string };
    amendments: { version: number; date: string; reason: string }[];
  };
  searches: {
    database: string;
    platform?: string;
    searchedOn?: string;
    query?: string;
    records: number;
  }[];
  deduplication: { duplicates: number; automatic: number; manual: number };
  screening: { reviewersPerRecord: number; blinded: boolean; kappa?: number };
  charting?: {
    form: string;
    version: number;
    published: boolean;
    extractorsPerStudy: number;
    fields: string[];
    studies: number;
  };
  appraisal?: {
    tools: { id: string; name: string; studies: number; overall?: boolean }[];
    assessorsPerStudy: number;
    judgements: Record<string, Record<string, number>>;
  };
  counts: PrismaCounts;
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const n = (value: number | undefined): string => (value ?? 0).toLocaleString('en');

type Filled = { status: ChecklistStatus; text: string };

/** What the records say, one piece per reporting topic; a topic the records cannot speak to is absent. */
export type ReviewParagraphs = Partial<
  Record<
    | 'objectives'
    | 'registration'
    | 'criteria'
    | 'sources'
    | 'strategy'
    | 'selection'
    | 'collection'
    | 'dataItems'
    | 'appraisalMethods'
    | 'synthesisMethods'
    | 'selectionResults'
    | 'characteristics'
    | 'appraisalResults'
    | 'individualResults'
    | 'synthesisResults'
    | 'availability',
    Filled
  >
>;

/** The review's records as reporting paragraphs, shared by both checklists and the report. */
export function reviewParagraphs(facts: ReviewFacts): ReviewParagraphs {
  const p = facts.protocol;
  const out: ReviewParagraphs = {};
  if (p.question)
    out.objectives = {
      status: 'draft',
      text: `${p.question}${p.framework === 'PCC' ? ` Population: ${p.population ?? '(to state)'}; concept: ${p.concept ?? '(to state)'}; context: ${p.context ?? '(to state)'}.` : ''}`,
    };
  const registration = p.registration
    ? `The protocol was registered with ${p.registration.registry} (${p.registration.id}${p.registration.url ? `, ${p.registration.url}` : ''}).`
    : 'No protocol registration is recorded.';
  out.registration = {
    status: p.registration ? 'filled' : 'draft',
    text: `${registration} ${p.amendments.length ? `It was amended ${p.amendments.length} time${p.amendments.length === 1 ? '' : 's'}: ${p.amendments.map((a) => `version ${a.version} (${a.date}): ${a.reason}`).join('; ')}.` : 'It was not amended.'}`,
  };
  if (p.inclusionCriteria?.length || p.exclusionCriteria?.length)
    out.criteria = {
      status: 'filled',
      text: `Sources were included when they met these criteria: ${(p.inclusionCriteria ?? []).join('; ') || '(none stated)'}. They were excluded for: ${(p.exclusionCriteria ?? []).join('; ') || '(none stated)'}.`,
    };
  if (facts.searches.length) {
    const sources = facts.searches.map(
      (s) =>
        `${s.database}${s.platform ? ` (${s.platform})` : ''}${s.searchedOn ? `, searched on ${s.searchedOn}` : ''}, ${n(s.records)} records`,
    );
    out.sources = { status: 'filled', text: `Sources searched: ${sources.join('; ')}.` };
    const strategy = facts.searches.find((s) => s.query);
    out.strategy = strategy
      ? {
          status: 'filled',
          text: `Search of ${strategy.database}${strategy.searchedOn ? ` on ${strategy.searchedOn}` : ''}: ${strategy.query}`,
        }
      : {
          status: 'todo',
          text: 'No search strategy is recorded with the imported exports: add the full strategy of at least one database.',
        };
  }
  out.selection = {
    status: 'filled',
    text: `Duplicates were removed (${n(facts.deduplication.duplicates)}: ${n(facts.deduplication.automatic)} automatically, ${n(facts.deduplication.manual)} by a reviewer). Titles and abstracts, then full texts, were screened by ${facts.screening.reviewersPerRecord === 1 ? 'one reviewer' : `${facts.screening.reviewersPerRecord} reviewers independently`}${facts.screening.blinded ? ', blinded to each other' : ''}; disagreements were resolved by a designated reviewer.${facts.screening.kappa !== undefined ? ` Agreement at title and abstract: Cohen's kappa ${facts.screening.kappa.toFixed(2)}.` : ''}`,
  };
  if (facts.charting) {
    const c = facts.charting;
    out.collection = {
      status: 'filled',
      text: `Data were charted with a form ("${c.form}", version ${c.version}${c.published ? '' : ', pilot'}) by ${c.extractorsPerStudy === 1 ? 'one reviewer' : `${c.extractorsPerStudy} reviewers independently`}; values agreed by all were kept and disagreements resolved by a designated reviewer; each value could carry a quote and page from the full text.`,
    };
    out.dataItems = { status: 'filled', text: `Charted items: ${list(c.fields)}.` };
    out.characteristics = {
      status: 'filled',
      text: `The characteristics of the ${n(c.studies)} included sources are charted (see the characteristics table).`,
    };
    out.synthesisMethods = {
      status: 'draft',
      text: 'Charted data were summarised in tables and charts (frequencies, cross-tabulations and an evidence map), with a narrative summary per category.',
    };
    out.individualResults = {
      status: 'draft',
      text: 'The charted data of each source are in the supplementary workbook.',
    };
    out.synthesisResults = {
      status: 'draft',
      text: 'Findings are summarised by the categories of the charting form (see the stratified summaries).',
    };
    out.availability = {
      status: 'draft',
      text: "The charting form, the charted data of every source, the appraisals, the search log and every screening decision are in the review's reproducibility bundle (a zip with a manifest of hashes) and its workbook; state where they are deposited.",
    };
  }
  if (facts.appraisal?.tools.length) {
    const a = facts.appraisal;
    out.appraisalMethods = {
      status: 'filled',
      text: `Sources were appraised with ${list(a.tools.map((t) => `${t.name} (${t.studies} source${t.studies === 1 ? '' : 's'})`))} by ${a.assessorsPerStudy === 1 ? 'one reviewer' : `${a.assessorsPerStudy} reviewers independently`}, disagreements resolved by a designated reviewer.`,
    };
    out.appraisalResults = {
      status: 'filled',
      text: a.tools
        .map((t) => {
          const tally = Object.entries(a.judgements[t.id] ?? {})
            .map(([j, count]) => `${count} ${j}`)
            .join(', ');
          if (tally) return `${t.name}: ${tally} (overall).`;
          return t.overall === false
            ? `${t.name}: ${t.studies} source${t.studies === 1 ? '' : 's'} judged item by item (the tool defines no overall judgement).`
            : `${t.name}: no settled judgement yet.`;
        })
        .join(' '),
    };
  }
  const c = facts.counts;
  if (c.records_screened !== undefined)
    out.selectionResults = {
      status: 'filled',
      text: `Searches found ${n(c.database_results)} records; ${n(c.duplicates)} duplicates were removed and ${n(c.records_screened)} records screened, of which ${n(c.records_excluded)} were excluded. ${n(c.dbr_sought_reports)} reports were sought (${n(c.dbr_notretrieved_reports)} not retrieved) and ${n(c.dbr_assessed)} assessed for eligibility; ${n(c.new_studies)} ${facts.type === 'scoping' ? 'sources' : 'studies'} (${n(c.new_reports)} reports) were included (see the flow diagram).`,
    };
  return out;
}

/** Which paragraph fills which item, per checklist. */
const ITEM_PARAGRAPHS: Record<ChecklistType, Record<number, keyof ReviewParagraphs>> = {
  'prisma-scr': {
    4: 'objectives',
    5: 'registration',
    6: 'criteria',
    7: 'sources',
    8: 'strategy',
    9: 'selection',
    10: 'collection',
    11: 'dataItems',
    12: 'appraisalMethods',
    13: 'synthesisMethods',
    14: 'selectionResults',
    15: 'characteristics',
    16: 'appraisalResults',
    17: 'individualResults',
    18: 'synthesisResults',
  },
  'prisma-2020': {
    4: 'objectives',
    5: 'criteria',
    6: 'sources',
    7: 'strategy',
    8: 'selection',
    9: 'collection',
    10: 'dataItems',
    11: 'appraisalMethods',
    13: 'synthesisMethods',
    16: 'selectionResults',
    17: 'characteristics',
    18: 'appraisalResults',
    19: 'individualResults',
    20: 'synthesisResults',
    24: 'registration',
    27: 'availability',
  },
};

const TITLE_WORDS: Record<ChecklistType, { pattern: RegExp; words: string }> = {
  'prisma-scr': { pattern: /scoping review/i, words: 'a scoping review' },
  'prisma-2020': { pattern: /systematic review/i, words: 'a systematic review' },
};

/**
 * A reporting checklist filled from the review's records: where the records say it the item is
 * `filled`; where they give a start the authors finish it is a `draft`; the rest is `todo`
 * with the item's guidance.
 */
export function fillChecklist(type: ChecklistType, facts: ReviewFacts): FilledItem[] {
  const paragraphs = reviewParagraphs(facts);
  const title = TITLE_WORDS[type];
  const texts: Record<number, Filled | undefined> = {
    1: title.pattern.test(facts.title)
      ? { status: 'filled', text: facts.title }
      : { status: 'draft', text: `${facts.title}: ${title.words}` },
  };
  for (const [item, key] of Object.entries(ITEM_PARAGRAPHS[type]))
    texts[Number(item)] = paragraphs[key];
  return CHECKLISTS[type].map((item) => {
    const filled = texts[item.number];
    return {
      item: item.number,
      section: item.section,
      title: item.title,
      status: filled?.status ?? 'todo',
      text: filled?.text ?? item.guidance,
    };
  });
}

/** PRISMA-ScR's 22 items filled from the review's records. */
export function fillScrChecklist(facts: ReviewFacts): FilledItem[] {
  return fillChecklist('prisma-scr', facts);
}
