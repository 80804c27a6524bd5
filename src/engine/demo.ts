import { join } from 'node:path';
import type { Workbench, ReviewSummary } from './workbench';
import type { ImportFileResult } from './identify/import-file';

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
  { file: 'scopus-demo.csv', source: 'Scopus', platform: 'Elsevier', searchedOn: '2026-10-02' },
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

// Title words that make a demo record relevant to the demo question.
const RELEVANT =
  /contralesional|ipsilesional|ipsilateral|unaffected hemisphere|interhemispheric|primary motor cortex|\bM1\b/i;

/**
 * Builds the demo review from the shipped samples: imports four databases,
 * de-duplicates, screens titles/abstracts with two blinded reviewers (who
 * disagree once; the lead resolves it) and screens full texts. Idempotent.
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
  await api.screen.addReviewer(DEMO_PEOPLE.lead, 'lead');
  for (const name of DEMO_PEOPLE.screeners) await api.screen.addReviewer(name, 'reviewer');
  await api.screen.configure({
    reviewersPerRecord: 2,
    blinded: true,
    resolvers: [DEMO_PEOPLE.lead],
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

  // Title/abstract: both screen every record; Ben disagrees on the first relevant record.
  const [ana, ben] = DEMO_PEOPLE.screeners;
  let conflictMade = false;
  for (;;) {
    const next = await api.screen.next(ana, 'ti-ab');
    if (!next.item) break;
    const relevant = RELEVANT.test(`${next.item.record.title ?? ''}`);
    await api.screen.decide({
      recordId: next.item.recordId,
      stage: 'ti-ab',
      reviewer: ana,
      decision: relevant ? 'include' : 'exclude',
    });
    const benSays = relevant && !conflictMade ? 'exclude' : relevant ? 'include' : 'exclude';
    if (relevant && !conflictMade) conflictMade = true;
    await api.screen.decide({
      recordId: next.item.recordId,
      stage: 'ti-ab',
      reviewer: ben,
      decision: benSays,
    });
  }
  for (const conflict of await api.screen.conflicts('ti-ab', DEMO_PEOPLE.lead)) {
    await api.screen.resolve({
      recordId: conflict.recordId,
      stage: 'ti-ab',
      reviewer: DEMO_PEOPLE.lead,
      decision: 'include',
    });
  }

  // Full text: the last eligible report is excluded for design, the rest included.
  const eligible: number[] = [];
  for (;;) {
    const next = await api.screen.next(ana, 'full-text');
    if (!next.item) break;
    eligible.push(next.item.recordId);
    await api.screen.decide({
      recordId: next.item.recordId,
      stage: 'full-text',
      reviewer: ana,
      decision: 'include',
    });
  }
  for (const [index, recordId] of eligible.entries()) {
    const exclude = index === eligible.length - 1 && eligible.length > 1;
    for (const reviewer of [ana, ben]) {
      await api.screen.decide({
        recordId,
        stage: 'full-text',
        reviewer,
        decision: exclude ? 'exclude' : 'include',
        reason: exclude ? 'Wrong study design' : undefined,
      });
    }
  }
  return { review, imports, created: true };
}
