import { join } from 'node:path';
import type { Workbench, ReviewSummary } from './workbench';
import type { ImportFileResult } from './identify/import-file';
import { STAGES } from '#core/domain/index';
import { DEMO_STRATEGY_OVID } from '#core/identify/demo-strategy';
import type { Stage } from '#core/domain/index';
import { DEMO_EXCLUSION_REASONS, demoStudyOf } from './demo-studies';
import { appraiseDemo, chartDemo } from './demo-stages';
import { demoArticlePdf } from './demo-pdf';

/** The shipped synthetic exports, in the order a team would import them. */
export const DEMO_FILES = [
  {
    file: 'pubmed-demo.nbib',
    source: 'PubMed',
    platform: 'PubMed',
    searchedOn: '2026-10-01',
    query:
      '("Stroke"[Mesh] OR stroke*[tiab] OR hemipar*[tiab]) AND ("Upper Extremity"[Mesh] OR "upper limb*"[tiab] OR arm[tiab] OR hand[tiab]) AND ("Motor Cortex"[Mesh] OR "motor cortex"[tiab] OR "primary motor"[tiab] OR M1[tiab]) AND (contralesional[tiab] OR "unaffected hemisphere*"[tiab] OR ipsilateral[tiab])',
  },
  {
    file: 'embase-demo.ris',
    source: 'Embase',
    platform: 'Ovid',
    searchedOn: '2026-10-01',
    query: DEMO_STRATEGY_OVID.join('\n'),
  },
  {
    file: 'wos-demo.txt',
    source: 'Web of Science',
    platform: 'Clarivate',
    searchedOn: '2026-10-02',
    query:
      'TS=(stroke* OR hemipar*) AND TS=("upper limb*" OR arm OR hand) AND TS=("motor cortex" OR "primary motor" OR M1) AND TS=(contralesional OR "unaffected hemisphere*" OR ipsilateral)',
  },
  {
    file: 'scholar-demo.ris',
    source: 'Google Scholar',
    platform: 'Google Scholar (saved to Zotero, exported as RIS)',
    searchedOn: '2026-10-03',
    query:
      'contralesional "motor cortex" stroke "upper limb" recovery (first 200 results screened)',
  },
] as const;

export const DEMO_TITLE =
  'The role of the contralesional primary motor cortex in upper-limb recovery after stroke: a scoping review (demo)';

/** The demo's protocol, as a lead writes it before the searches. */
export const DEMO_PROTOCOL = {
  question:
    'What is known about the role of the contralesional primary motor cortex in upper-limb motor recovery after stroke?',
  framework: 'PCC',
  population: 'Adults after stroke (human studies) and animal models of stroke',
  concept: 'Activity, excitability or stimulation of the contralesional primary motor cortex (M1)',
  context: 'Upper-limb motor recovery, any setting',
  inclusionCriteria: [
    'Stroke (human or animal model)',
    'Measures or modulates contralesional M1',
    'Reports an upper-limb motor outcome',
  ],
  exclusionCriteria: [
    'Lower-limb or gait outcomes only',
    'Reviews, editorials, errata',
    'No stroke population',
  ],
  databases: ['PubMed', 'Embase', 'Web of Science', 'Google Scholar'],
  searchDates: 'inception to 2026-10-03',
  registration: { registry: 'OSF', id: 'demo0 (synthetic)' },
  charting:
    'The contralesional-M1 form, piloted on five sources, charted by two reviewers independently; disagreements settled by the lead.',
  appraisal:
    'SYRCLE for animal studies, RoB 2 for randomised and ROBINS-I for non-randomised human studies, by two reviewers independently.',
} as const;

/** The demo team: two blinded screeners and a lead who resolves conflicts. */
export const DEMO_PEOPLE = {
  lead: 'lena@demo.reviewbench',
  screeners: ['ana@demo.reviewbench', 'ben@demo.reviewbench'],
} as const;

export interface DemoResult {
  review: ReviewSummary;
  imports: ImportFileResult[];
  /** False when the demo review already existed and was left as it was. */
  created: boolean;
}

/**
 * Builds the demo review from the shipped samples: imports four databases, de-duplicates,
 * screens titles/abstracts with two blinded reviewers (who disagree twice; the lead resolves
 * both), marks two reports not retrieved and screens full texts with reasons, every decision
 * the one demo-studies.ts gives the record. Idempotent.
 */
export async function buildDemoReview(
  workbench: Workbench,
  samplesDir: string,
  options: { stage?: Stage } = {},
): Promise<DemoResult> {
  // `stage` is where the user starts: every stage before it is done, it and the rest are not.
  const start = STAGES.indexOf(options.stage ?? 'report');
  const done = (stage: Stage) => STAGES.indexOf(stage) < start;
  const existing = (await workbench.listReviews()).find((r) => r.title === DEMO_TITLE);
  const review =
    existing ??
    (await workbench.createReview({
      title: DEMO_TITLE,
      type: 'scoping',
      protocol: {
        question: DEMO_PROTOCOL.question,
        population: DEMO_PROTOCOL.population,
        concept: DEMO_PROTOCOL.concept,
        context: DEMO_PROTOCOL.context,
        inclusionCriteria: [...DEMO_PROTOCOL.inclusionCriteria],
        exclusionCriteria: [...DEMO_PROTOCOL.exclusionCriteria],
        databases: [...DEMO_PROTOCOL.databases],
      },
    }));
  const api = workbench.review(review.id);
  const imports: ImportFileResult[] = [];
  for (const demo of existing || done('identify') ? DEMO_FILES : []) {
    imports.push(
      await api.identify.importPath(join(samplesDir, demo.file), {
        source: demo.source,
        platform: demo.platform,
        searchedOn: demo.searchedOn,
        query: demo.query,
      }),
    );
  }
  if (existing) return { review, imports, created: false };
  await api.protocol.edit(DEMO_PROTOCOL);
  await api.screen.addReviewer(DEMO_PEOPLE.lead, 'lead');
  for (const name of DEMO_PEOPLE.screeners) await api.screen.addReviewer(name, 'reviewer');
  await api.screen.configure({
    reviewersPerRecord: 2,
    blinded: true,
    resolvers: [DEMO_PEOPLE.lead],
    exclusionReasons: DEMO_EXCLUSION_REASONS,
    highlight: {
      include: [
        'contralesional',
        'ipsilesional',
        'motor cortex',
        'upper limb',
        'arm',
        'hand',
        'transcranial magnetic stimulation',
      ],
      exclude: ['gait', 'lower limb', 'review'],
    },
  });

  if (!done('deduplicate')) return { review, imports, created: true };

  await api.deduplicate.run();
  // The lead merges the pair that is one included study (its Scholar copy lost its DOI) and
  // leaves the other possible pairs for a newcomer to decide.
  const queued = await api.deduplicate.queue();
  if (queued.length) {
    const byId = new Map((await api.records()).map((r) => [r.id, r]));
    const merged = new Set<number>();
    for (const pair of queued) {
      const [a, b] = [pair.a, pair.b].map((id) => demoStudyOf(byId.get(id) ?? {}));
      if (!a || a !== b || a.fate.stage !== 'included' || merged.has(pair.b)) continue;
      await api.deduplicate.decide(`${pair.a}-${pair.b}`, 'same');
      merged.add(pair.a).add(pair.b);
    }
  }
  if (!done('screen')) return { review, imports, created: true };
  // Title/abstract: both screen every record as the table says, except that Ben disagrees on
  // the first source the review keeps and on the first it removes; the lead settles both.
  const [ana, ben] = DEMO_PEOPLE.screeners;
  const fateOf = (record: { doi?: string; title?: string } | undefined) =>
    (record && demoStudyOf(record)?.fate.stage) ?? 'ti-ab';
  let disagreed = { keep: false, remove: false };
  for (;;) {
    const next = await api.screen.next(ana, 'ti-ab');
    if (!next.item) break;
    const keep = fateOf(next.item.record) !== 'ti-ab';
    const decision = keep ? 'include' : 'exclude';
    await api.screen.decide({
      recordId: next.item.recordId,
      stage: 'ti-ab',
      reviewer: ana,
      decision,
    });
    const differ = keep ? !disagreed.keep : !disagreed.remove;
    disagreed = keep ? { ...disagreed, keep: true } : { ...disagreed, remove: true };
    await api.screen.decide({
      recordId: next.item.recordId,
      stage: 'ti-ab',
      reviewer: ben,
      decision: differ ? (keep ? 'exclude' : 'include') : decision,
    });
  }
  for (const conflict of await api.screen.conflicts('ti-ab', DEMO_PEOPLE.lead)) {
    const record = (await api.records()).find((r) => r.id === conflict.recordId);
    await api.screen.resolve({
      recordId: conflict.recordId,
      stage: 'ti-ab',
      reviewer: DEMO_PEOPLE.lead,
      decision: fateOf(record) === 'ti-ab' ? 'exclude' : 'include',
    });
  }

  if (!done('retrieve')) return { review, imports, created: true };
  // Retrieve: two reports could not be had; the rest are assessed at full text.
  // Half the included reports get a full text (generated, marked synthetic on every page).
  const byId = new Map((await api.records()).map((r) => [r.id, r]));
  for (const report of await api.retrieve.status()) {
    const record = byId.get(report.recordId);
    const study = record && demoStudyOf(record);
    if (study?.fate.stage === 'not-retrieved')
      await api.retrieve.notRetrieved(report.recordId, study.fate.reason);
    else if (study?.chart && study.key % 2 === 1)
      await api.retrieve.attach(report.recordId, {
        fileName: `demo-${study.key}.pdf`,
        bytes: await demoArticlePdf(study),
      });
  }

  // Full text: both reviewers agree; three reports are excluded with their reasons.
  for (;;) {
    const next = await api.screen.next(ana, 'full-text');
    if (!next.item) break;
    const fate = demoStudyOf(next.item.record)?.fate;
    for (const reviewer of [ana, ben])
      await api.screen.decide({
        recordId: next.item.recordId,
        stage: 'full-text',
        reviewer,
        decision: fate?.stage === 'full-text' ? 'exclude' : 'include',
        reason: fate?.stage === 'full-text' ? fate.reason : undefined,
      });
  }
  const people = { lead: DEMO_PEOPLE.lead, ana, ben };
  if (done('extract')) await chartDemo(api, people);
  if (done('appraise')) await appraiseDemo(api, people);
  return { review, imports, created: true };
}
