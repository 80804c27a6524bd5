import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '#test/support/stores';
import { buildRis } from '#test/support/ris';
import { callRoute, createTestApp, join, signUp } from './harness';
import type { TestApp, TestUser } from './harness';

/**
 * The queue that double-screens: with two reviewers per record, each reviewer is offered
 * every record that still needs their vote, in the model's order, so two reviewers deciding
 * alternately meet on the same records at once and conflicts surface from the start, not at
 * the very end.
 */

const RELEVANT = 'Contralesional motor cortex and upper limb recovery after stroke';
const OTHER = [
  'Knee arthroplasty outcomes in older adults',
  'Dental implant survival over ten years',
  'Asthma education in schools',
];

/** 60 records: one in four on the review's topic. */
function exportForm(reviewId: number): FormData {
  const bytes = buildRis(
    Array.from({ length: 60 }, (_, i) => {
      const topic = i % 4 === 0 ? RELEVANT : OTHER[i % OTHER.length]!;
      return {
        title: `${topic} (cohort ${i + 1})`,
        abstract: `A study of ${topic.toLowerCase()} in cohort ${i + 1}.`,
        year: 2005 + (i % 18),
        doi: `10.5555/queue.${i + 1}`,
      };
    }),
  );
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'search.ris'));
  form.append('source', 'PubMed');
  return form;
}

interface Offered {
  recordId: number;
  title: string;
}

async function nextOf(user: TestUser, reviewId: number): Promise<Offered | undefined> {
  const answer = await user.call('screen.next', { reviewId, stage: 'ti-ab' });
  expect(answer.status, answer.text).toBe(200);
  const item = (answer.body as { item?: { recordId: number; record: { title?: string } } }).item;
  return item ? { recordId: item.recordId, title: item.record.title ?? '' } : undefined;
}

describe.each(storeTargets)('the double-screening queue on $name', (target) => {
  let t: TestApp;
  let lead: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let reviewId: number;
  const decidedBy = new Map<string, number[]>([
    ['ana', []],
    ['ben', []],
  ]);

  beforeAll(async () => {
    t = await createTestApp(await target.fresh());
    lead = await signUp(t.app, 'lead@example.org');
    ana = await signUp(t.app, 'ana@example.org');
    ben = await signUp(t.app, 'ben@example.org');
    const created = await lead.call('reviews.create', { title: 'Queue', type: 'scoping' });
    reviewId = (created.body as { id: number }).id;
    await join(lead, reviewId, ana, 'reviewer');
    await join(lead, reviewId, ben, 'reviewer');
    await callRoute(t.app, lead.cookie, 'identify.import', exportForm(reviewId));
    await lead.call('screen.configure', { reviewId, blinded: true, reviewersPerRecord: 2 });

    // Alternately, in the order each is offered. Ana includes the on-topic records; Ben, more
    // inclusive, also includes every knee study: they disagree on those.
    for (let turn = 0; turn < 40; turn += 1) {
      for (const [name, user] of [
        ['ana', ana],
        ['ben', ben],
      ] as const) {
        const offered = await nextOf(user, reviewId);
        if (!offered) continue;
        const include =
          offered.title.startsWith('Contralesional') ||
          (name === 'ben' && offered.title.startsWith('Knee'));
        const decided = await user.call('screen.decide', {
          reviewId,
          stage: 'ti-ab',
          recordId: offered.recordId,
          decision: include ? 'include' : 'exclude',
        });
        expect(decided.status, decided.text).toBe(200);
        decidedBy.get(name)!.push(offered.recordId);
      }
    }
  });
  afterAll(async () => t?.close());

  it('brings both reviewers to a shared record within their first 5 decisions', () => {
    const anaFirst = decidedBy.get('ana')!.slice(0, 5);
    const benFirst = decidedBy.get('ben')!.slice(0, 5);
    expect(anaFirst.filter((id) => benFirst.includes(id)).length).toBeGreaterThan(0);
  });

  it('double-screens as it goes: after 80 decisions, every record decided has both votes', () => {
    const ana = new Set(decidedBy.get('ana'));
    const ben = new Set(decidedBy.get('ben'));
    const both = [...ana].filter((id) => ben.has(id));
    // Each reviewer is one record ahead at most: nearly every record decided has two votes.
    expect(both.length).toBeGreaterThanOrEqual(Math.min(ana.size, ben.size) - 1);
    expect(new Set([...ana, ...ben]).size).toBeLessThanOrEqual(Math.max(ana.size, ben.size) + 1);
  });

  it('passes over skipped records for now, and offers them again once nothing else is open', async () => {
    const carl = await signUp(t.app, 'carl@example.org');
    await join(lead, reviewId, carl, 'reviewer');
    const skip: number[] = [];
    for (;;) {
      const answer = await carl.call('screen.next', { reviewId, stage: 'ti-ab', skip });
      const item = (answer.body as { item?: { recordId: number } }).item;
      expect(item, 'a record stays on offer while any is open').toBeDefined();
      if (skip.includes(item!.recordId)) {
        // Everything open was skipped: the queue starts again from its top.
        expect(item!.recordId).toBe(skip[0]);
        break;
      }
      skip.push(item!.recordId);
      expect(skip.length).toBeLessThanOrEqual(60);
    }
    // Carl was offered every record still open to him once, none twice.
    expect(new Set(skip).size).toBe(skip.length);
    const progress = (
      (await carl.call('screen.next', { reviewId, stage: 'ti-ab' })).body as {
        progress: { remainingForYou: number };
      }
    ).progress;
    expect(skip.length).toBe(progress.remainingForYou);
  });

  it('surfaces conflicts from the start, for the lead to resolve', async () => {
    const conflicts = (await lead.call('screen.conflicts', { reviewId, stage: 'ti-ab' })).body as {
      recordId: number;
    }[];
    expect(conflicts.length).toBeGreaterThan(0);
    // The first conflict arises among the first records the two screened, not at the end.
    const order = decidedBy.get('ana')!;
    const earliest = Math.min(
      ...conflicts.map((c) => order.indexOf(c.recordId)).filter((i) => i >= 0),
    );
    expect(earliest).toBeLessThan(20);
  });

  it('advises stopping once every record is settled, and never flips back', async () => {
    // Both finish every record; the lead resolves the conflicts.
    for (const user of [ana, ben]) {
      for (;;) {
        const offered = await nextOf(user, reviewId);
        if (!offered) break;
        const include = offered.title.startsWith('Contralesional');
        await user.call('screen.decide', {
          reviewId,
          stage: 'ti-ab',
          recordId: offered.recordId,
          decision: include ? 'include' : 'exclude',
        });
      }
    }
    const open = (await lead.call('screen.conflicts', { reviewId, stage: 'ti-ab' })).body as {
      recordId: number;
    }[];
    for (const c of open)
      await lead.call('screen.resolve', {
        reviewId,
        stage: 'ti-ab',
        recordId: c.recordId,
        decision: 'exclude',
      });
    for (const user of [ana, ben, lead]) {
      const answer = (await user.call('screen.next', { reviewId, stage: 'ti-ab' })).body as {
        item?: unknown;
        progress: { eligible: number; complete: number };
        ranking?: { estimate: { stop: { stop: boolean; reason: string } } };
      };
      expect(answer.item).toBeUndefined();
      expect(answer.progress.complete).toBe(answer.progress.eligible);
      expect(answer.ranking, 'the model ranked the records').toBeDefined();
      expect(answer.ranking!.estimate.stop).toEqual({
        stop: true,
        reason: 'Every eligible record at this stage is settled: screening is complete.',
      });
    }
  });
});

describe.each(storeTargets)(
  'the queue with more reviewers than votes per record on $name',
  (target) => {
    let t: TestApp;
    afterAll(async () => t?.close());

    it('offers a record to as many readers as it needs votes, and the next one to the rest', async () => {
      t = await createTestApp(await target.fresh());
      const lead = await signUp(t.app, 'lead@example.org');
      const team = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((name) => signUp(t.app, `${name}@example.org`)),
      );
      const created = await lead.call('reviews.create', { title: 'Many', type: 'scoping' });
      const reviewId = (created.body as { id: number }).id;
      for (const user of team) await join(lead, reviewId, user, 'reviewer');
      await callRoute(t.app, lead.cookie, 'identify.import', exportForm(reviewId));
      await lead.call('screen.configure', { reviewId, blinded: true, reviewersPerRecord: 2 });

      // Everyone opens the screening page before anyone votes.
      const offered: number[] = [];
      for (const user of team) offered.push((await nextOf(user, reviewId))!.recordId);
      expect(offered[0]).toBe(offered[1]);
      expect(offered[2]).toBe(offered[3]);
      expect(new Set(offered).size).toBe(3);
      // So every vote lands: nobody read a record whose places were taken.
      for (const [i, user] of team.entries()) {
        const decided = await user.call('screen.decide', {
          reviewId,
          stage: 'ti-ab',
          recordId: offered[i],
          decision: 'exclude',
        });
        expect(decided.status, decided.text).toBe(200);
      }
      // Asking again moves each on; the records now have both their votes.
      const again = (await nextOf(team[0]!, reviewId))!.recordId;
      expect(offered.slice(0, 4)).not.toContain(again);
    });
  },
);

describe.each(storeTargets)('a reviewer’s own ranking on $name', (target) => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('learns from the reviewer’s own votes before anything is settled', async () => {
    t = await createTestApp(await target.fresh());
    const lead = await signUp(t.app, 'lead@example.org');
    const ana = await signUp(t.app, 'ana@example.org');
    const ben = await signUp(t.app, 'ben@example.org');
    const created = await lead.call('reviews.create', { title: 'Own', type: 'scoping' });
    const reviewId = (created.body as { id: number }).id;
    await join(lead, reviewId, ana, 'reviewer');
    await join(lead, reviewId, ben, 'reviewer');
    await callRoute(t.app, lead.cookie, 'identify.import', exportForm(reviewId));
    await lead.call('screen.configure', { reviewId, blinded: true, reviewersPerRecord: 2 });
    const screen = async (offered: Offered): Promise<void> => {
      const decided = await ana.call('screen.decide', {
        reviewId,
        stage: 'ti-ab',
        recordId: offered.recordId,
        decision: offered.title.startsWith('Contralesional') ? 'include' : 'exclude',
      });
      expect(decided.status, decided.text).toBe(200);
    };
    // With no label yet the queue runs in import order: records 1-8, two on the topic.
    for (let i = 0; i < 8; i += 1) await screen((await nextOf(ana, reviewId))!);
    // Nothing is settled (Ben has not voted): the team's model has no label, but Ana's own
    // ranking has her eight, and puts the topic's records first.
    const next = (await ana.call('screen.next', { reviewId, stage: 'ti-ab' })).body as {
      item: { rank?: number };
      progress: { complete: number };
      ranking?: unknown;
    };
    expect(next.progress.complete).toBe(0);
    expect(next.ranking, 'the team model has no settled label').toBeUndefined();
    expect(next.item.rank).toBe(1);
    const following: Offered[] = [];
    for (let i = 0; i < 5; i += 1) {
      const offered = (await nextOf(ana, reviewId))!;
      following.push(offered);
      await screen(offered);
    }
    // In import order 2 of the next 5 would be on the topic (records 9 and 13).
    expect(following.filter((o) => o.title.startsWith('Contralesional')).length).toBe(5);
    // Ben has no votes of his own: he is offered the records Ana began, in import order.
    expect((await nextOf(ben, reviewId))!.recordId).toBe(1);
  });
});
