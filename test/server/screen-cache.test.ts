import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import type { Workbench } from '#engine/index';
import { storeTargets } from '#test/support/stores';
import { buildRis } from '#test/support/ris';

/**
 * The server answers screen.next from per-store caches of eligibility and
 * decisions. Two workbenches on one database stand for two server processes:
 * whatever one writes (decide, undo, resolve, import), the other's next() must
 * count exactly as a recount from the decisions table does.
 */
describe.each(storeTargets)('screen.next caches stay exact across writers on $name', (target) => {
  let url: string;
  let server: Workbench;
  let other: Workbench;
  let reviewId: number;

  beforeAll(async () => {
    url = await target.fresh();
    server = await openWorkbench({ url, actor: 'server' });
    other = await openWorkbench({ url, actor: 'cli' });
    reviewId = (await server.createReview({ title: 'Cache review' })).id;
    const api = server.review(reviewId);
    await api.identify.import({
      fileName: 'a.ris',
      bytes: buildRis(
        Array.from({ length: 12 }, (_, i) => ({ title: `Record number ${i}`, doi: `10.1/a.${i}` })),
      ),
    });
    // Unblinded, so minds may change after every vote is in (blinded, a closed record's votes are final).
    await api.screen.configure({ reviewersPerRecord: 2, blinded: false });
    for (const name of ['ana', 'ben', 'lead'])
      await api.screen.addReviewer(name, name === 'lead' ? 'lead' : 'reviewer');
  });
  afterAll(async () => {
    await server?.close();
    await other?.close();
  });

  /** Progress recomputed from scratch through a fresh connection. */
  async function recount(reviewer: string): Promise<{
    eligible: number;
    decidedByYou: number;
    remainingForYou: number;
    complete: number;
  }> {
    const fresh = await openWorkbench({ url, actor: 'check' });
    try {
      return (await fresh.review(reviewId).screen.next(reviewer, 'ti-ab')).progress;
    } finally {
      await fresh.close();
    }
  }

  it('follows decisions, changed minds, undos, resolutions and imports made elsewhere', async () => {
    const mine = server.review(reviewId).screen;
    const theirs = other.review(reviewId).screen;
    expect((await mine.next('ana', 'ti-ab')).progress).toEqual({
      eligible: 12,
      decidedByYou: 0,
      remainingForYou: 12,
      complete: 0,
    });
    const first = (await mine.next('ana', 'ti-ab')).item!.recordId;
    await theirs.decide({ recordId: first, stage: 'ti-ab', reviewer: 'ana', decision: 'include' });
    await theirs.decide({ recordId: first, stage: 'ti-ab', reviewer: 'ben', decision: 'exclude' });
    // A conflict is not settled: the team total does not move.
    expect((await mine.next('ana', 'ti-ab')).progress).toEqual({
      eligible: 12,
      decidedByYou: 1,
      remainingForYou: 11,
      complete: 0,
    });
    // Ben changes his mind (supersedes), then undoes it (a withdrawn marker): the conflict goes away.
    await theirs.decide({ recordId: first, stage: 'ti-ab', reviewer: 'ben', decision: 'include' });
    expect((await mine.next('ben', 'ti-ab')).progress).toEqual(await recount('ben'));
    await theirs.undo('ben', 'ti-ab');
    expect((await mine.next('ben', 'ti-ab')).progress).toEqual({
      eligible: 12,
      decidedByYou: 0,
      remainingForYou: 12,
      complete: 0,
    });
    expect((await mine.next('ana', 'ti-ab')).progress).toEqual({
      eligible: 12,
      decidedByYou: 1,
      remainingForYou: 11,
      complete: 0,
    });
    await theirs.decide({ recordId: first, stage: 'ti-ab', reviewer: 'ben', decision: 'exclude' });
    await theirs.resolve({
      recordId: first,
      stage: 'ti-ab',
      reviewer: 'lead',
      decision: 'include',
    });
    for (const reviewer of ['ana', 'ben', 'lead'])
      expect((await mine.next(reviewer, 'ti-ab')).progress).toEqual(await recount(reviewer));
    // Full text sees the record once it passed title/abstract.
    expect((await mine.next('ana', 'full-text')).progress.eligible).toBe(1);
    await other.review(reviewId).identify.import({
      fileName: 'b.ris',
      bytes: buildRis([{ title: 'A late record', doi: '10.1/b.1' }]),
    });
    expect((await mine.next('ana', 'ti-ab')).progress).toEqual({
      eligible: 13,
      decidedByYou: 1,
      remainingForYou: 12,
      complete: 1,
    });
  });
});
