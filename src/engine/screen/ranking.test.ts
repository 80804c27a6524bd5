import { describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import { buildRis } from '#test/support/ris';
import { postgresSkipReason, sqliteTarget, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { rankingRunsInWorker } from '#engine/jobs/run-job';
import { retrainRankingInBackground } from './ranking';

const titles = [
  'Contralesional motor cortex and arm recovery after stroke',
  'Knee arthroplasty outcomes',
  'Motor cortex excitability after stroke: the hand',
  'Hip fracture rehabilitation',
  'Interhemispheric inhibition after stroke and the upper limb',
  'Dental implant survival',
  'Contralesional hemisphere stimulation for arm function',
  'Ankle sprain in athletes',
];

/**
 * Screens two records in a fresh store, lets the server-style background
 * retraining rank the rest in the worker, and returns the stored ranking.
 */
async function rankedInBackground(url: string): Promise<unknown> {
  const workbench = await openWorkbench({ url, actor: 'lena' });
  try {
    const { id } = await workbench.createReview({ title: 'Ranking' });
    const review = workbench.review(id);
    await review.identify.import({
      fileName: 'a.ris',
      bytes: buildRis(
        titles.map((title, i) => ({ title, doi: `10.5555/r.${i}`, abstract: `About ${title}.` })),
      ),
    });
    await review.screen.addReviewer('ana', 'reviewer');
    // One vote settles a record (the model learns only settled outcomes).
    await review.screen.configure({ reviewersPerRecord: 1 });
    for (const [recordId, decision] of [
      [1, 'include'],
      [2, 'exclude'],
    ] as const)
      await review.screen.decide({ recordId, stage: 'ti-ab', reviewer: 'ana', decision });
    retrainRankingInBackground(workbench.store, 1);
    const started = Date.now();
    // The first call starts the retraining and answers without a ranking; later calls get it.
    while ((await review.screen.next('ana', 'ti-ab')).ranking === undefined) {
      if (Date.now() - started > 20_000) throw new Error('no ranking after 20 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const row = await workbench.store.db
      .selectFrom('screen_rankings')
      .select(['preset', 'labels', 'ranked'])
      .where('review_id', '=', id)
      .executeTakeFirstOrThrow();
    return { ...row, ranked: JSON.parse(row.ranked) as unknown };
  } finally {
    await workbench.close();
  }
}

describe('background ranking of a review stage', () => {
  it('is the same whether the worker reads the texts from the store or is sent them', async () => {
    expect(rankingRunsInWorker(), 'dist/job-worker.mjs is built by the test setup (npm test)').toBe(
      true,
    );
    // A file (and PostgreSQL) the worker opens itself; `:memory:` it cannot, so texts are sent.
    const fromStore = await Promise.all(
      storeTargets.map(async (target) => rankedInBackground(await target.fresh())),
    );
    const sent = await rankedInBackground(':memory:');
    const previous = process.env.REVIEWBENCH_INLINE_JOBS;
    process.env.REVIEWBENCH_INLINE_JOBS = '1';
    let inline: unknown;
    try {
      inline = await rankedInBackground(await sqliteTarget.fresh());
    } finally {
      if (previous === undefined) delete process.env.REVIEWBENCH_INLINE_JOBS;
      else process.env.REVIEWBENCH_INLINE_JOBS = previous;
    }
    expect(sent).toMatchObject({ labels: 2, ranked: expect.any(Array) });
    // Every record not yet labelled, ranked.
    expect((sent as { ranked: unknown[] }).ranked).toHaveLength(titles.length - 2);
    for (const ranked of [...fromStore, inline]) expect(ranked).toEqual(sent);
  });
});

declareSkipped('background ranking of a review stage on postgres', postgresSkipReason);
