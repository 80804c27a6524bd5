import { join } from 'node:path';
import type { Workbench, ReviewSummary } from './workbench';
import type { ImportFileResult } from './identify/import-file';
import { DEMO_EXCLUSION_REASONS, demoStudyOf } from './demo-studies';

/** The shipped synthetic exports, in the order a team would import them. */
export const DEMO_FILES = [
  { file: 'pubmed-demo.nbib', source: 'PubMed', platform: 'PubMed', searchedOn: '2026-10-01' },
  { file: 'embase-demo.ris', source: 'Embase', platform: 'Ovid', searchedOn: '2026-10-01' },
  {
    file: 'wos-demo.txt',
    source: 'Web of Science',
    platform: 'Clarivate',
    searchedOn: '2026-10-02',
  },
  {
    file: 'scholar-demo.ris',
    source: 'Google Scholar',
    platform: 'Google Scholar (saved to Zotero, exported as RIS)',
    searchedOn: '2026-10-03',
  },
] as const;

export const DEMO_TITLE =
  'Contralesional primary motor cortex and upper-limb recovery after stroke (demo)';

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
): Promise<DemoResult> {
  const existing = (await workbench.listReviews()).find((r) => r.title === DEMO_TITLE);
  const review =
    existing ??
    (await workbench.createReview({
      title: DEMO_TITLE,
      type: 'scoping',
      protocol: {
        question:
          'What is known about the role of the contralesional primary motor cortex in upper-limb motor recovery after stroke?',
        population: 'Adults after stroke (human studies) and animal models of stroke',
        concept:
          'Activity, excitability or stimulation of the contralesional primary motor cortex (M1)',
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
        databases: DEMO_FILES.map((f) => f.source),
      },
    }));
  const api = workbench.review(review.id);
  const imports: ImportFileResult[] = [];
  for (const demo of DEMO_FILES) {
    imports.push(
      await api.identify.importPath(join(samplesDir, demo.file), {
        source: demo.source,
        platform: demo.platform,
        searchedOn: demo.searchedOn,
      }),
    );
  }
  if (existing) return { review, imports, created: false };

  await api.deduplicate.run();
  // The lead merges the pair that is one included study (its Scholar copy lost its DOI) and
  // leaves the other possible pair for a newcomer to decide.
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

  // Retrieve: two reports could not be had; the rest are assessed at full text.
  const byId = new Map((await api.records()).map((r) => [r.id, r]));
  for (const report of await api.retrieve.status()) {
    const record = byId.get(report.recordId);
    const study = record && demoStudyOf(record);
    if (study?.fate.stage === 'not-retrieved')
      await api.retrieve.notRetrieved(report.recordId, study.fate.reason);
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
  return { review, imports, created: true };
}
