import { PRISMA_SCR_CHECKLIST } from './checklist';
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
    tools: { id: string; name: string; studies: number }[];
    assessorsPerStudy: number;
    judgements: Record<string, Record<string, number>>;
  };
  counts: PrismaCounts;
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const n = (value: number | undefined): string => (value ?? 0).toLocaleString('en');

export function fillScrChecklist(facts: ReviewFacts): FilledItem[] {
  const p = facts.protocol;
  const texts: Record<number, { status: ChecklistStatus; text: string }> = {};
  texts[1] = /scoping review/i.test(facts.title)
    ? { status: 'filled', text: facts.title }
    : { status: 'draft', text: `${facts.title}: a scoping review` };
  if (p.question)
    texts[4] = {
      status: 'draft',
      text: `${p.question}${p.framework === 'PCC' ? ` Population: ${p.population ?? '(to state)'}; concept: ${p.concept ?? '(to state)'}; context: ${p.context ?? '(to state)'}.` : ''}`,
    };
  const registration = p.registration
    ? `The protocol was registered with ${p.registration.registry} (${p.registration.id}${p.registration.url ? `, ${p.registration.url}` : ''}).`
    : 'No protocol registration is recorded.';
  texts[5] = {
    status: p.registration ? 'filled' : 'draft',
    text: `${registration} ${p.amendments.length ? `It was amended ${p.amendments.length} time${p.amendments.length === 1 ? '' : 's'}: ${p.amendments.map((a) => `version ${a.version} (${a.date}): ${a.reason}`).join('; ')}.` : 'It was not amended.'}`,
  };
  if (p.inclusionCriteria?.length || p.exclusionCriteria?.length)
    texts[6] = {
      status: 'filled',
      text: `Sources were included when they met these criteria: ${(p.inclusionCriteria ?? []).join('; ') || '(none stated)'}. They were excluded for: ${(p.exclusionCriteria ?? []).join('; ') || '(none stated)'}.`,
    };
  if (facts.searches.length) {
    const sources = facts.searches.map(
      (s) =>
        `${s.database}${s.platform ? ` (${s.platform})` : ''}${s.searchedOn ? `, searched on ${s.searchedOn}` : ''}, ${n(s.records)} records`,
    );
    texts[7] = { status: 'filled', text: `Sources searched: ${sources.join('; ')}.` };
    const strategy = facts.searches.find((s) => s.query);
    texts[8] = strategy
      ? {
          status: 'filled',
          text: `Search of ${strategy.database}${strategy.searchedOn ? ` on ${strategy.searchedOn}` : ''}: ${strategy.query}`,
        }
      : {
          status: 'todo',
          text: 'No search strategy is recorded with the imported exports: add the full strategy of at least one database.',
        };
  }
  texts[9] = {
    status: 'filled',
    text: `Duplicates were removed (${n(facts.deduplication.duplicates)}: ${n(facts.deduplication.automatic)} automatically, ${n(facts.deduplication.manual)} by a reviewer). Titles and abstracts, then full texts, were screened by ${facts.screening.reviewersPerRecord === 1 ? 'one reviewer' : `${facts.screening.reviewersPerRecord} reviewers independently`}${facts.screening.blinded ? ', blinded to each other' : ''}; disagreements were resolved by a designated reviewer.${facts.screening.kappa !== undefined ? ` Agreement at title and abstract: Cohen's kappa ${facts.screening.kappa.toFixed(2)}.` : ''}`,
  };
  if (facts.charting) {
    const c = facts.charting;
    texts[10] = {
      status: 'filled',
      text: `Data were charted with a form ("${c.form}", version ${c.version}${c.published ? '' : ', pilot'}) by ${c.extractorsPerStudy === 1 ? 'one reviewer' : `${c.extractorsPerStudy} reviewers independently`}; values agreed by all were kept and disagreements resolved by a designated reviewer; each value could carry a quote and page from the full text.`,
    };
    texts[11] = { status: 'filled', text: `Charted items: ${list(c.fields)}.` };
    texts[15] = {
      status: 'filled',
      text: `The characteristics of the ${n(c.studies)} included sources are charted (see the characteristics table).`,
    };
    texts[13] = {
      status: 'draft',
      text: 'Charted data were summarised in tables and charts (frequencies, cross-tabulations and an evidence map), with a narrative summary per category.',
    };
    texts[17] = {
      status: 'draft',
      text: 'The charted data of each source are in the supplementary workbook.',
    };
    texts[18] = {
      status: 'draft',
      text: 'Findings are summarised by the categories of the charting form (see the stratified summaries).',
    };
  }
  if (facts.appraisal?.tools.length) {
    const a = facts.appraisal;
    texts[12] = {
      status: 'filled',
      text: `Sources were appraised with ${list(a.tools.map((t) => `${t.name} (${t.studies} source${t.studies === 1 ? '' : 's'})`))} by ${a.assessorsPerStudy === 1 ? 'one reviewer' : `${a.assessorsPerStudy} reviewers independently`}, disagreements resolved by a designated reviewer.`,
    };
    texts[16] = {
      status: 'filled',
      text: a.tools
        .map(
          (t) =>
            `${t.name}: ${
              Object.entries(a.judgements[t.id] ?? {})
                .map(([j, count]) => `${count} ${j}`)
                .join(', ') || 'no settled judgement yet'
            } (overall).`,
        )
        .join(' '),
    };
  }
  const c = facts.counts;
  if (c.records_screened !== undefined)
    texts[14] = {
      status: 'filled',
      text: `Searches found ${n(c.database_results)} records; ${n(c.duplicates)} duplicates were removed and ${n(c.records_screened)} records screened, of which ${n(c.records_excluded)} were excluded. ${n(c.dbr_sought_reports)} reports were sought (${n(c.dbr_notretrieved_reports)} not retrieved) and ${n(c.dbr_assessed)} assessed for eligibility; ${n(c.new_studies)} sources (${n(c.new_reports)} reports) were included (see the PRISMA-ScR flow diagram).`,
    };
  return PRISMA_SCR_CHECKLIST.map((item) => {
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
