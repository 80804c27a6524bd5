import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '#test/support/stores';
import { callRoute, createTestApp, importForm, join, signUp } from './harness';
import type { TestApp, TestUser } from './harness';

describe.each(storeTargets)('blinding enforced by the server on $name', (target) => {
  let t: TestApp;
  let lead: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let reviewId: number;
  let records: number[];

  beforeAll(async () => {
    t = await createTestApp(await target.fresh());
    lead = await signUp(t.app, 'lead@example.org');
    ana = await signUp(t.app, 'ana@example.org');
    ben = await signUp(t.app, 'ben@example.org');
    reviewId = (
      (
        await lead.call('reviews.create', {
          title: 'Blinded review',
          type: 'scoping',
          protocol: {},
        })
      ).body as { id: number }
    ).id;
    for (const user of [ana, ben]) await join(lead, reviewId, user, 'reviewer');
    await callRoute(
      t.app,
      lead.cookie,
      'identify.import',
      importForm(reviewId, ['Cortex one', 'Cortex two', 'Cortex three']),
    );
    records = (await t.workbench.review(reviewId).records()).map((r) => r.id);
    await lead.call('screen.configure', { reviewId, blinded: true, reviewersPerRecord: 2 });
  });
  afterAll(async () => t?.close());

  it('never shows Ben what Ana decided, through any route Ben may call', async () => {
    expect(
      (
        await ana.call('screen.decide', {
          reviewId,
          stage: 'ti-ab',
          recordId: records[0],
          decision: 'include',
          reason: 'anas-private-reason',
        })
      ).status,
    ).toBe(200);
    await ana.call('screen.note', { reviewId, recordId: records[0], text: 'anas-private-note' });
    // Ben disagrees: the engine sees a conflict, but Ben's answer must not say so.
    const decided = await ben.call('screen.decide', {
      reviewId,
      stage: 'ti-ab',
      recordId: records[0],
      decision: 'exclude',
    });
    expect(decided.status).toBe(200);
    expect((decided.body as { outcome: unknown }).outcome).toEqual({
      status: 'in-progress',
      resolved: false,
      reviewers: ['ben@example.org'],
    });

    const asBen: [string, unknown, 'POST' | 'GET'][] = [
      ['me', {}, 'POST'],
      ['reviews.list', {}, 'POST'],
      ['reviews.get', { reviewId }, 'POST'],
      ['policies', { reviewId }, 'POST'],
      ['screen.next', { reviewId, stage: 'ti-ab' }, 'POST'],
      ['screen.settings', { reviewId }, 'POST'],
      ['identify.log', { reviewId }, 'POST'],
      ['deduplicate.state', { reviewId }, 'POST'],
      ['screen.conflicts', { reviewId, stage: 'ti-ab' }, 'POST'],
      ['screen.agreement', { reviewId, stage: 'ti-ab' }, 'POST'],
      ['report.prismaCounts', { reviewId }, 'POST'],
      ['report.prisma', { reviewId, format: 'json' }, 'GET'],
      ['screen.undo', { reviewId, stage: 'ti-ab' }, 'POST'],
    ];
    for (const [route, body, method] of asBen) {
      const answer = await callRoute(t.app, ben.cookie, route, body, method);
      expect.soft(answer.text, route).not.toContain('ana@example.org');
      expect.soft(answer.text, route).not.toContain('anas-private');
      // 409: Ben's vote is final once Ana's is in (the refusal says nothing of hers).
      expect.soft([200, 403, 409], route).toContain(answer.status);
    }
    for (const route of ['screen.conflicts', 'screen.agreement', 'report.prismaCounts']) {
      expect((await ben.call(route, { reviewId, stage: 'ti-ab' })).status, route).toBe(403);
    }
  });

  it('lets the lead (the resolver) see the conflict with both votes', async () => {
    await ben.call('screen.decide', {
      reviewId,
      stage: 'ti-ab',
      recordId: records[0],
      decision: 'exclude',
    });
    const conflicts = await lead.call('screen.conflicts', { reviewId, stage: 'ti-ab' });
    expect(conflicts.status).toBe(200);
    expect(conflicts.body).toEqual([
      expect.objectContaining({
        recordId: records[0],
        title: 'Cortex one',
        status: 'conflict',
        record: expect.objectContaining({ title: 'Cortex one' }),
        decisions: [
          {
            reviewer: 'ana@example.org',
            decision: 'include',
            reason: 'anas-private-reason',
            at: expect.any(String),
          },
          { reviewer: 'ben@example.org', decision: 'exclude', at: expect.any(String) },
        ],
      }),
    ]);
  });

  it('shows screeners each other’s decisions once the lead lifts blinding', async () => {
    await lead.call('screen.configure', { reviewId, blinded: false });
    const conflicts = await ben.call('screen.conflicts', { reviewId, stage: 'ti-ab' });
    expect(conflicts.status).toBe(200);
    expect(conflicts.text).toContain('ana@example.org');
    const decided = await ben.call('screen.decide', {
      reviewId,
      stage: 'ti-ab',
      recordId: records[1],
      decision: 'exclude',
    });
    expect((decided.body as { outcome: { status: string } }).outcome.status).toBe('in-progress');
  });
});
