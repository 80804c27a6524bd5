/**
 * The demo's second half: the included sources charted with the contralesional-M1 form by two
 * extractors (who disagree on three values; the lead settles them; Ana's values quote the full
 * texts where there are some), then appraised with the
 * tool charting named for each (SYRCLE, RoB 2, ROBINS-I) by two assessors (who disagree on one
 * domain; the lead settles it). Every value comes from demo-studies.ts, so the synthesis shows
 * the pattern the model review reports.
 */
import type { ReviewApi } from './workbench';
import { demoStudyOf } from './demo-studies';
import { demoArticleQuotes } from './demo-pdf';
import type { DemoStudy } from './demo-studies';

type Charted = NonNullable<DemoStudy['chart']>;

const STUDY_FIELDS = [
  'authors',
  'year',
  'species',
  'animal_model',
  'design',
  'sample_size',
  'stroke_phase',
  'severity_band',
  'severity_measure',
  'task',
  'methods',
  'stimulation_effect',
  'stimulation_hemisphere',
  'outcome_measures',
  'role',
  'direction',
  'key_findings',
  'rob_tool',
] as const;

const cell = (value: unknown): string => {
  const text = Array.isArray(value) ? value.join('; ') : value === undefined ? '' : String(value);
  return `"${text.replace(/"/g, '""')}"`;
};

/** The three values Ben charts differently, by study key: the lead settles each. */
const BEN_DIFFERS: Record<number, Partial<Charted>> = {
  3: { severity_band: 'Moderate' },
  14: { sample_size: 52 },
  35: { role: 'Task-dependent' },
};

/** An extractor's charting sheet of the included studies (record_id and a column per field). */
export function demoChartingSheet(
  studies: readonly { recordId: number; study: DemoStudy }[],
  extractor: 'ana' | 'ben',
): Uint8Array {
  const lines = [['record_id', ...STUDY_FIELDS].join(',')];
  for (const { recordId, study } of studies) {
    const chart = {
      ...study.chart!,
      ...(extractor === 'ben' ? BEN_DIFFERS[study.key] : {}),
    } as Charted & Record<string, unknown>;
    const values: Record<string, unknown> = {
      ...chart,
      authors: study.authors.map((a) => `${a.family} ${a.given[0]}`).join(', '),
      year: study.year,
      stimulation_hemisphere: chart.stimulation_effect ? 'Contralesional' : undefined,
    };
    lines.push([recordId, ...STUDY_FIELDS.map((f) => cell(values[f]))].join(','));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** The included studies with their demo rows, in record order. */
async function includedStudies(
  api: ReviewApi,
): Promise<{ recordId: number; study: DemoStudy; fullText: boolean }[]> {
  const records = new Map((await api.records()).map((r) => [r.id, r]));
  return (await api.extract.studies()).flatMap((s) => {
    const study = demoStudyOf(records.get(s.recordId) ?? {});
    return study?.chart
      ? [{ recordId: s.recordId, study, fullText: s.fullTextRecordId !== null }]
      : [];
  });
}

/** Extract: the form from its template, two blinded extractors, three disagreements settled. */
export async function chartDemo(
  api: ReviewApi,
  people: { lead: string; ana: string; ben: string },
): Promise<void> {
  await api.extract.useTemplate('contralesional_m1');
  await api.extract.publishForm();
  await api.extract.configure({ extractorsPerStudy: 2 });
  const studies = await includedStudies(api);
  for (const who of ['ana', 'ben'] as const)
    await api.extract.importSheet({
      fileName: `${who}-charting.csv`,
      extractor: people[who],
      bytes: demoChartingSheet(studies, who),
      finish: who === 'ben',
    });
  // Ana charts beside the full texts where there are some: her design, sample, severity, role
  // and findings each carry the sentence of the article that supports them, then she finishes.
  for (const { recordId, study, fullText } of studies) {
    if (fullText) {
      const view = await api.extract.view(recordId, people.ana);
      for (const quote of demoArticleQuotes(study)) {
        const answer = view.answers.find((a) => a.fieldId === quote.fieldId);
        if (answer)
          await api.extract.answer({
            recordId,
            extractor: people.ana,
            fieldId: quote.fieldId,
            value: answer.value,
            quote: { text: quote.text, page: quote.page },
          });
      }
    }
    await api.extract.finish(recordId, people.ana);
  }
  const byRecord = new Map(studies.map((s) => [s.recordId, s.study]));
  for (const item of await api.extract.reconcile()) {
    const truth = byRecord.get(item.recordId)?.chart as Record<string, unknown> | undefined;
    const agreed = item.answers.find((a) => {
      const value = a.value as { choice?: string } | number | null;
      const plain = typeof value === 'object' && value ? value.choice : value;
      return plain === truth?.[item.fieldId];
    });
    if (agreed)
      await api.extract.resolve({
        recordId: item.recordId,
        fieldId: item.fieldId,
        entity: item.entity,
        value: agreed.value,
        resolver: people.lead,
      });
  }
}

const LOW = { rob2: 'Low', 'robins-i': 'Low', syrcle: 'Low' } as const;
const TOOLS = { 'RoB 2': 'rob2', 'ROBINS-I': 'robins-i', SYRCLE: 'syrcle' } as const;
const DOMAINS = { rob2: 5, 'robins-i': 7, syrcle: 10 } as const;
const RAISED = { rob2: 'Some concerns', 'robins-i': 'Moderate', syrcle: 'Unclear' } as const;
const WORST = { rob2: 'High', 'robins-i': 'Serious', syrcle: 'High' } as const;

/** A study's judgements per domain: mostly low, some raised, one in five with one domain at the worst level. */
function judgements(tool: keyof typeof DOMAINS, key: number): string[] {
  const worstAt = key % 5 === 0 ? key % DOMAINS[tool] : -1;
  return Array.from({ length: DOMAINS[tool] }, (_, d) => {
    if (d === worstAt) return WORST[tool];
    return (key * 13 + d * 7) % 10 < 7 ? LOW[tool] : RAISED[tool];
  });
}

function overall(tool: keyof typeof DOMAINS, domains: string[]): string | undefined {
  if (tool === 'syrcle') return undefined;
  if (domains.includes(WORST[tool])) return WORST[tool];
  return domains.includes(RAISED[tool]) ? RAISED[tool] : LOW[tool];
}

/** An assessor's judgements of the studies of one tool, in robvis's layout (rows by record id). */
export function demoAppraisalTable(
  rows: readonly { recordId: number; study: DemoStudy }[],
  toolId: 'rob2' | 'robins-i' | 'syrcle',
  who: 'ana' | 'ben',
): string {
  const header = [
    'Study',
    ...Array.from({ length: DOMAINS[toolId] }, (_, i) => `D${i + 1}`),
    ...(toolId === 'syrcle' ? [] : ['Overall']),
  ];
  const lines = [header.join(',')];
  rows.forEach(({ recordId, study }, index) => {
    const domains = judgements(toolId, study.key);
    // Ben reads the first study's first domain one level worse; the lead settles it.
    if (who === 'ben' && index === 0) domains[0] = RAISED[toolId];
    const all = overall(toolId, domains);
    lines.push([recordId, ...domains, ...(all ? [all] : [])].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** Appraise: each study with the tool charting named, two assessors, one domain settled. */
export async function appraiseDemo(
  api: ReviewApi,
  people: { lead: string; ana: string; ben: string },
): Promise<void> {
  await api.appraise.configure({ assessorsPerStudy: 2 });
  const studies = await includedStudies(api);
  for (const [toolName, toolId] of Object.entries(TOOLS) as [
    keyof typeof TOOLS,
    (typeof TOOLS)[keyof typeof TOOLS],
  ][]) {
    const rows = studies.filter((s) => s.study.chart!.rob_tool === toolName);
    if (rows.length === 0) continue;
    for (const who of ['ana', 'ben'] as const) {
      await api.appraise.importTable({
        text: demoAppraisalTable(rows, toolId, who),
        fileName: `${who}-${toolId}.csv`,
        toolId,
        assessor: people[who],
      });
    }
  }
  for (const item of await api.appraise.reconcile()) {
    const study = studies.find((s) => s.recordId === item.recordId)?.study;
    const toolId = item.toolId as keyof typeof DOMAINS;
    if (!study || !(toolId in DOMAINS)) continue;
    const domains = judgements(toolId, study.key);
    const index = Number(item.domainId.replace(/^D/, '')) - 1;
    await api.appraise.resolve({
      recordId: item.recordId,
      unit: item.unit,
      domainId: item.domainId,
      judgement: item.domainId === 'overall' ? overall(toolId, domains)! : domains[index]!,
      resolver: people.lead,
      justification: 'Checked against the methods section: the published protocol settles it.',
    });
  }
}
