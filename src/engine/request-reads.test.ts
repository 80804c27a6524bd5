import { describe, expect, it } from 'vitest';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';

describe.each(storeTargets)('reads kept for one request on $name', (target) => {
  it('reads the review and its reviewers once, and again after writing them', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'lena' });
    const { id } = await workbench.createReview({ title: 'R' });
    await workbench.review(id).screen.addReviewer('ana', 'reviewer');
    const request = workbench.review(id, { request: true });
    expect((await request.screen.settings()).reviewersPerRecord).toBe(2);
    expect((await request.screen.reviewers()).map((r) => r.name)).toEqual(['ana']);

    // Another caller's writes are not seen within this request: its reads are kept...
    const other = workbench.review(id);
    await other.screen.configure({ reviewersPerRecord: 1 });
    await other.screen.addReviewer('ben', 'reviewer');
    expect((await request.screen.settings()).reviewersPerRecord).toBe(2);
    expect((await request.screen.reviewers()).map((r) => r.name)).toEqual(['ana']);
    // ...and the request's own writes drop them, so it reads what is stored now.
    await request.screen.addReviewer('cleo', 'lead');
    expect((await request.screen.reviewers()).map((r) => r.name)).toEqual(['ana', 'ben', 'cleo']);
    expect((await request.screen.settings()).reviewersPerRecord).toBe(1);
    await request.screen.configure({ reviewersPerRecord: 2 });
    expect((await request.screen.settings()).reviewersPerRecord).toBe(2);

    // A caller without a request keeps nothing.
    await request.screen.configure({ reviewersPerRecord: 1 });
    expect((await other.screen.settings()).reviewersPerRecord).toBe(1);
    await workbench.close();
  });
});

declareSkipped('reads kept for one request on postgres', postgresSkipReason);
