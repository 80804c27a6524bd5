import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '#test/support/stores';
import { buildRis } from '#test/support/ris';
import { callRoute, createTestApp, join, signUp } from './harness';
import type { TestApp, TestUser } from './harness';

/**
 * The records list as a team uses it: search, filters, sorting and paging; one record's
 * history; a lead's bulk tag and bulk exclusion (all or nothing); and, under blinding, a
 * screener who sees settled outcomes and their own votes, nothing of another's.
 */

const TITLES = [
  'Contralesional motor cortex excitability after stroke',
  'Interhemispheric inhibition and hand recovery',
  'Transcranial magnetic stimulation of the unaffected hemisphere',
  'Arm function in chronic stroke: a cohort',
  'Knee arthroplasty outcomes in older adults',
  'Motor evoked potentials and upper limb outcome',
  'Dental implant survival over ten years',
  'Asthma education in schools',
];

type Item = {
  id: number;
  title?: string;
  year?: number;
  stages: Record<string, { status: string; mine?: string; voters?: string[]; resolved?: boolean }>;
  tags: string[];
};
type Page = { total: number; records: Item[] };

function exportForm(reviewId: number): FormData {
  const bytes = buildRis(
    TITLES.map((title, i) => ({
      title,
      abstract: `${title}.`,
      year: 2012 + i,
      doi: `10.5555/records.${i + 1}`,
      authors: i % 2 === 0 ? ['Lindqvist, Anna'] : ['Okafor, Chidi'],
    })),
  );
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'search.ris'));
  form.append('source', 'PubMed');
  return form;
}

describe.each(storeTargets)('the records list on $name', (target) => {
  let t: TestApp;
  let lead: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let reviewId: number;
  let ids: number[];
  const list = async (user: TestUser, query: Record<string, unknown> = {}) => {
    const answer = await user.call('records.list', { reviewId, ...query });
    expect(answer.status, answer.text).toBe(200);
    return answer.body as Page;
  };
  const decide = async (user: TestUser, recordId: number, decision: string) => {
    const answer = await user.call('screen.decide', {
      reviewId,
      stage: 'ti-ab',
      recordId,
      decision,
    });
    expect(answer.status, answer.text).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(await target.fresh());
    lead = await signUp(t.app, 'lead@example.org');
    ana = await signUp(t.app, 'ana@example.org');
    ben = await signUp(t.app, 'ben@example.org');
    const created = await lead.call('reviews.create', { title: 'Records', type: 'scoping' });
    reviewId = (created.body as { id: number }).id;
    await join(lead, reviewId, ana, 'reviewer');
    await join(lead, reviewId, ben, 'reviewer');
    await callRoute(t.app, lead.cookie, 'identify.import', exportForm(reviewId));
    await lead.call('screen.configure', { reviewId, blinded: true, reviewersPerRecord: 2 });
    ids = (await list(lead)).records.map((r) => r.id);
    // 1: a conflict; 2: both exclude; 3: Ana alone; 4: Ben alone; 5: Ana tags it.
    await decide(ana, ids[0]!, 'include');
    await decide(ben, ids[0]!, 'exclude');
    await decide(ana, ids[1]!, 'exclude');
    await decide(ben, ids[1]!, 'exclude');
    await decide(ana, ids[2]!, 'include');
    await decide(ben, ids[3]!, 'include');
    await ana.call('screen.tag', { reviewId, recordId: ids[4]!, tag: 'animal' });
  });
  afterAll(async () => t?.close());

  it('shows the lead every record with its state, and filters by status, reviewer and tag', async () => {
    const all = await list(lead);
    expect(all.total).toBe(8);
    const status = (id: number) => all.records.find((r) => r.id === id)!.stages['ti-ab']!;
    expect(status(ids[0]!)).toMatchObject({
      status: 'conflict',
      voters: ['ana@example.org', 'ben@example.org'],
    });
    expect(status(ids[1]!).status).toBe('excluded');
    expect(status(ids[2]!).status).toBe('in-progress');
    expect(status(ids[3]!).status).toBe('in-progress');
    expect(status(ids[5]!).status).toBe('pending');
    expect(all.records[0]!.stages['full-text']!.status).toBe('not-eligible');
    expect((await list(lead, { status: 'conflict' })).records.map((r) => r.id)).toEqual([ids[0]]);
    expect((await list(lead, { reviewer: 'ben@example.org' })).records.map((r) => r.id)).toEqual([
      ids[0],
      ids[1],
      ids[3],
    ]);
    expect((await list(lead, { tag: 'Animal' })).records.map((r) => r.id)).toEqual([ids[4]]);
  });

  it('searches titles, authors, DOIs and tags, sorts and pages', async () => {
    expect((await list(lead, { search: 'STROKE cortex' })).records.map((r) => r.id)).toEqual([
      ids[0],
    ]);
    expect((await list(lead, { search: 'okafor' })).total).toBe(4);
    expect((await list(lead, { search: '10.5555/records.7' })).records.map((r) => r.id)).toEqual([
      ids[6],
    ]);
    expect((await list(lead, { search: 'animal' })).records.map((r) => r.id)).toEqual([ids[4]]);
    const byTitle = (await list(lead, { sort: 'title' })).records.map((r) => r.title);
    expect(byTitle).toEqual([...TITLES].sort((a, b) => a.localeCompare(b)));
    const newest = await list(lead, { sort: 'year', direction: 'desc', limit: 3 });
    expect(newest.records.map((r) => r.year)).toEqual([2019, 2018, 2017]);
    const second = await list(lead, { limit: 3, offset: 3 });
    expect(second).toMatchObject({ total: 8 });
    expect(second.records.map((r) => r.id)).toEqual(ids.slice(3, 6));
    const tooBig = await lead.call('records.list', { reviewId, limit: 5000 });
    expect(tooBig.status).toBe(400);
  });

  it('shows a blinded screener settled outcomes and her own votes only', async () => {
    const mine = await list(ana);
    const view = (id: number) => mine.records.find((r) => r.id === id)!.stages['ti-ab']!;
    // Her conflict looks like a record waiting for its second vote; Ben's lone vote is invisible.
    expect(view(ids[0]!)).toEqual({ status: 'in-progress', mine: 'include' });
    expect(view(ids[3]!)).toEqual({ status: 'pending' });
    expect(view(ids[1]!)).toEqual({ status: 'excluded', mine: 'exclude' });
    expect(mine.records.some((r) => Object.values(r.stages).some((s) => s.voters))).toBe(false);
    expect((await list(ana, { status: 'conflict' })).total).toBe(0);
    const other = await ana.call('records.list', { reviewId, reviewer: 'ben@example.org' });
    expect(other.status).toBe(403);
    expect((await list(ana, { reviewer: 'ana@example.org' })).records.map((r) => r.id)).toEqual([
      ids[0],
      ids[1],
      ids[2],
    ]);
    // Ben does not see the tag Ana put on record 5.
    expect((await list(ben, { tag: 'animal' })).total).toBe(0);
  });

  it("gives a record's whole history to the lead, and a screener only her own part", async () => {
    const full = (await lead.call('records.show', { reviewId, recordId: ids[0] })).body as {
      record: { title: string; doi: string };
      batch: { fileName: string };
      history: { who: string; action: string; decision?: string }[];
    };
    expect(full.record).toMatchObject({ title: TITLES[0], doi: '10.5555/records.1' });
    expect(full.batch.fileName).toBe('search.ris');
    expect(full.history.map((h) => [h.who, h.action, h.decision])).toEqual([
      ['ana@example.org', 'voted', 'include'],
      ['ben@example.org', 'voted', 'exclude'],
    ]);
    const hers = (await ana.call('records.show', { reviewId, recordId: ids[0] })).body as {
      history: { who: string }[];
    };
    expect(hers.history.map((h) => h.who)).toEqual(['ana@example.org']);
    const missing = await lead.call('records.show', { reviewId, recordId: 999_999 });
    expect(missing.status).toBe(404);
  });

  it('tags many records at once, idempotently, and changes nothing when one id is wrong', async () => {
    const first = await lead.call('records.tag', {
      reviewId,
      recordIds: [ids[5], ids[6]],
      tag: 'pilot',
    });
    expect(first.body).toEqual({ tagged: 2, alreadyTagged: 0 });
    const again = await lead.call('records.tag', {
      reviewId,
      recordIds: [ids[5], ids[6], ids[7]],
      tag: 'pilot',
    });
    expect(again.body).toEqual({ tagged: 1, alreadyTagged: 2 });
    const wrong = await lead.call('records.tag', {
      reviewId,
      recordIds: [ids[0], 999_999],
      tag: 'second-look',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/999999 is not in this review/);
    expect((await list(lead, { tag: 'second-look' })).total).toBe(0);
    expect(
      (await ana.call('records.tag', { reviewId, recordIds: [ids[0]], tag: 'x' })).status,
    ).toBe(403);
  });

  it('excludes many records as off-topic with a reason, skipping settled ones', async () => {
    const noReason = await lead.call('records.exclude', {
      reviewId,
      recordIds: [ids[6]],
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    const done = await lead.call('records.exclude', {
      reviewId,
      recordIds: [ids[1], ids[6], ids[7]],
      reason: 'off-topic: not stroke',
    });
    expect(done.body).toEqual({ excluded: 2, alreadySettled: 1 });
    const after = await list(lead, { status: 'excluded' });
    expect(after.records.map((r) => r.id)).toEqual([ids[1], ids[6], ids[7]]);
    expect(after.records.find((r) => r.id === ids[6])!.stages['ti-ab']!.resolved).toBe(true);
    // They leave the screeners' queues.
    for (let i = 0; i < 6; i += 1) {
      const next = (await ben.call('screen.next', { reviewId, stage: 'ti-ab' })).body as {
        item?: { recordId: number };
      };
      if (!next.item) break;
      expect([ids[6], ids[7]]).not.toContain(next.item.recordId);
      await decide(ben, next.item.recordId, 'exclude');
    }
    const history = (await lead.call('records.show', { reviewId, recordId: ids[6] })).body as {
      history: { action: string; reason?: string }[];
    };
    expect(history.history.filter((h) => h.action !== 'tag')).toEqual([
      expect.objectContaining({ action: 'resolved', reason: 'off-topic: not stroke' }),
    ]);
  });

  it('puts selected records in the calibration round, which screeners get first', async () => {
    const first = await lead.call('records.calibrate', { reviewId, recordIds: [ids[4]] });
    expect(first.body).toEqual({ stage: 'ti-ab', recordIds: [ids[4]], added: 1 });
    const more = await lead.call('records.calibrate', {
      reviewId,
      recordIds: [ids[4], ids[5]],
    });
    expect(more.body).toEqual({ stage: 'ti-ab', recordIds: [ids[4], ids[5]], added: 1 });
    const next = (await ana.call('screen.next', { reviewId, stage: 'ti-ab' })).body as {
      item: { recordId: number; calibration: boolean };
    };
    expect(next.item).toMatchObject({ recordId: ids[4], calibration: true });
    const wrong = await lead.call('records.calibrate', { reviewId, recordIds: [999_999] });
    expect(wrong.status).toBe(400);
    expect((await ana.call('records.calibrate', { reviewId, recordIds: [ids[5]] })).status).toBe(
      403,
    );
  });
});
