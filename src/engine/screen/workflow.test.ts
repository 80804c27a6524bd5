import { describe, expect, it } from 'vitest';
import { buildRis } from '#test/support/ris';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';
import type { ReviewApi } from '#engine/index';

const titles = [
  'Contralesional M1 excitability',
  'Arm recovery after stroke',
  'Gait training',
  'Mirror therapy',
  'TMS of unaffected hemisphere',
  'Knee surgery',
];

async function setUp(url: string): Promise<{ review: ReviewApi; close: () => Promise<void> }> {
  const workbench = await openWorkbench({ url, actor: 'lena' });
  const review = workbench.review(
    (
      await workbench.createReview({
        title: 'Screening',
        protocol: { inclusionCriteria: ['Stroke'], exclusionCriteria: ['No upper limb outcome'] },
      })
    ).id,
  );
  await review.identify.import({
    fileName: 'a.ris',
    bytes: buildRis(
      titles.map((title, i) => ({
        title,
        doi: `10.5555/s.${i}`,
        year: 2020,
        abstract: `${title}: a study of the upper limb.`,
      })),
    ),
  });
  for (const [name, role] of [
    ['ana', 'reviewer'],
    ['ben', 'reviewer'],
    ['lena', 'lead'],
    ['vic', 'viewer'],
  ] as const)
    await review.screen.addReviewer(name, role);
  await review.screen.configure({
    reviewersPerRecord: 2,
    blinded: true,
    resolvers: ['lena'],
    highlight: { include: ['upper limb', 'stroke'], exclude: ['gait'] },
  });
  return { review, close: () => workbench.close() };
}

describe.each(storeTargets)('screening workflow on $name', (target) => {
  it('writes each decision, the rows it supersedes and its event together, alike on both stores', async () => {
    const url = await target.fresh();
    const { review, close } = await setUp(url);
    const first = await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'exclude',
      reason: 'No upper limb outcome',
    });
    const changed = await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'include',
    });
    await review.screen.decide({ recordId: 1, stage: 'ti-ab', reviewer: 'ben', decision: 'maybe' });
    const resolved = await review.screen.resolve({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'lena',
      decision: 'include',
    });
    await close();
    const workbench = await openWorkbench({ url, actor: 'check' });
    const { db } = workbench.store;
    const rows = await db
      .selectFrom('screen_decisions')
      .select(['id', 'reviewer', 'decision', 'superseded_by'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.reviewer, r.decision, r.superseded_by])).toEqual([
      ['ana', 'exclude', changed.decisionId],
      ['ana', 'include', null],
      ['ben', 'maybe', null],
      ['lena', 'include', null],
    ]);
    const events = await db
      .selectFrom('events')
      .select(['type', 'subject', 'actor', 'payload'])
      .where('stage', '=', 'screen')
      .where('type', 'in', ['screen.decided', 'screen.resolved'])
      .orderBy('id')
      .execute();
    // The payload text itself, not only its parsed value: PostgreSQL splices the id into it.
    expect(events.map((e) => [e.type, e.subject, e.actor, e.payload])).toEqual([
      [
        'screen.decided',
        'record:1',
        'ana',
        `{"decisionId":${first.decisionId},"stage":"ti-ab","decision":"exclude","reason":"No upper limb outcome"}`,
      ],
      [
        'screen.decided',
        'record:1',
        'ana',
        `{"decisionId":${changed.decisionId},"stage":"ti-ab","decision":"include","supersedes":${first.decisionId}}`,
      ],
      [
        'screen.decided',
        'record:1',
        'ben',
        `{"decisionId":${changed.decisionId + 1},"stage":"ti-ab","decision":"maybe"}`,
      ],
      [
        'screen.resolved',
        'record:1',
        'lena',
        `{"decisionId":${resolved.decisionId},"stage":"ti-ab","decision":"include","votes":[{"reviewer":"ana","decision":"include"},{"reviewer":"ben","decision":"maybe"}]}`,
      ],
    ]);
    await workbench.close();
  });

  it('keeps one current vote per reviewer when their decisions on a record arrive at once', async () => {
    const url = await target.fresh();
    const { review, close } = await setUp(url);
    // A double click, a second tab: each writer reads the record's rows only once it holds the
    // review's lock, so each supersedes the one before it.
    const sent = ['include', 'exclude', 'maybe', 'include', 'exclude', 'maybe'] as const;
    const results = await Promise.all(
      sent.map((decision) =>
        review.screen.decide({ recordId: 2, stage: 'ti-ab', reviewer: 'ana', decision }),
      ),
    );
    await review.screen.decide({
      recordId: 2,
      stage: 'ti-ab',
      reviewer: 'ben',
      decision: 'include',
    });
    await close();
    const workbench = await openWorkbench({ url, actor: 'check' });
    const rows = await workbench.store.db
      .selectFrom('screen_decisions')
      .select(['id', 'reviewer', 'superseded_by'])
      .where('record_id', '=', 2)
      .orderBy('id')
      .execute();
    await workbench.close();
    const ana = rows.filter((r) => r.reviewer === 'ana');
    expect(ana).toHaveLength(sent.length);
    // One chain: each row superseded by the next, the last one current.
    expect(ana.map((r) => r.superseded_by)).toEqual([...ana.slice(1).map((r) => r.id), null]);
    // Each call was told which row it superseded: the chain again, from the callers' side.
    const byId = new Map(results.map((r) => [r.decisionId, r.supersedes]));
    expect(ana.map((r) => byId.get(r.id))).toEqual([
      undefined,
      ...ana.slice(0, -1).map((r) => r.id),
    ]);
  });

  it('gives the resolver a conflict in context, and undoes a resolution with its history kept', async () => {
    const { review, close } = await setUp(await target.fresh());
    await review.screen.decide({
      recordId: 3,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'include',
    });
    await review.screen.decide({
      recordId: 3,
      stage: 'ti-ab',
      reviewer: 'ben',
      decision: 'exclude',
    });
    await review.screen.note(3, 'ana', 'Upper limb outcome in table 2.');
    await review.screen.tag(3, 'ben', 'animal');
    const [open] = await review.screen.conflicts('ti-ab', 'lena');
    expect(open).toMatchObject({
      recordId: 3,
      status: 'conflict',
      record: { title: titles[2], abstract: expect.stringContaining('upper limb'), year: 2020 },
      decisions: [
        { reviewer: 'ana', decision: 'include' },
        { reviewer: 'ben', decision: 'exclude' },
      ],
      notes: [
        { reviewer: 'ana', kind: 'note', text: 'Upper limb outcome in table 2.' },
        { reviewer: 'ben', kind: 'tag', text: 'animal' },
      ],
    });
    expect(open!.resolution).toBeUndefined();

    await review.screen.resolve({
      recordId: 3,
      stage: 'ti-ab',
      reviewer: 'lena',
      decision: 'exclude',
    });
    expect(await review.screen.conflicts('ti-ab', 'lena')).toEqual([]);
    const [settled] = await review.screen.conflicts('ti-ab', 'lena', 'resolved');
    expect(settled).toMatchObject({
      recordId: 3,
      status: 'resolved',
      resolution: { reviewer: 'lena', decision: 'exclude' },
    });

    // Only a resolver undoes it, and only a resolution.
    await expect(
      review.screen.unresolve({ recordId: 3, stage: 'ti-ab', reviewer: 'ana' }),
    ).rejects.toMatchObject({ code: 'screen/forbidden' });
    await expect(
      review.screen.unresolve({ recordId: 1, stage: 'ti-ab', reviewer: 'lena' }),
    ).rejects.toMatchObject({ code: 'screen/not-resolved' });
    const undone = await review.screen.unresolve({ recordId: 3, stage: 'ti-ab', reviewer: 'lena' });
    expect(undone.outcome.status).toBe('conflict');
    await expect(
      review.screen.unresolve({ recordId: 3, stage: 'ti-ab', reviewer: 'lena' }),
    ).rejects.toMatchObject({ code: 'screen/not-resolved' });
    expect(await review.screen.conflicts('ti-ab', 'lena', 'resolved')).toEqual([]);
    const [again] = await review.screen.conflicts('ti-ab', 'lena');
    expect(again!.history.map((h) => [h.reviewer, h.action, h.decision])).toEqual([
      ['ana', 'voted', 'include'],
      ['ben', 'voted', 'exclude'],
      ['lena', 'resolved', 'exclude'],
      ['lena', 'unresolved', undefined],
    ]);
    // Resolved anew: the undone resolution stays in the history.
    const resolved = await review.screen.resolve({
      recordId: 3,
      stage: 'ti-ab',
      reviewer: 'lena',
      decision: 'include',
    });
    expect(resolved.outcome).toMatchObject({ status: 'decided', decision: 'include' });
    const [final] = await review.screen.conflicts('ti-ab', 'lena', 'resolved');
    expect(final!.history.map((h) => h.action)).toEqual([
      'voted',
      'voted',
      'resolved',
      'unresolved',
      'resolved',
    ]);
    await close();
  });

  it('keeps every decision, supersedes changed minds, and settles conflicts by resolution', async () => {
    const { review, close } = await setUp(await target.fresh());
    const first = await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'exclude',
    });
    const changed = await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'include',
    });
    expect(changed.supersedes).toBe(first.decisionId);
    expect(changed.outcome.status).toBe('in-progress');
    const conflict = await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ben',
      decision: 'maybe',
    });
    expect(conflict.outcome.status).toBe('conflict');
    await expect(review.screen.conflicts('ti-ab', 'ana')).rejects.toMatchObject({
      code: 'screen/forbidden',
    });
    await expect(
      review.screen.resolve({ recordId: 1, stage: 'ti-ab', reviewer: 'ben', decision: 'include' }),
    ).rejects.toMatchObject({ code: 'screen/forbidden' });
    const conflicts = await review.screen.conflicts('ti-ab', 'lena');
    expect(conflicts).toEqual([
      expect.objectContaining({
        recordId: 1,
        decisions: [
          expect.objectContaining({ reviewer: 'ana', decision: 'include' }),
          expect.objectContaining({ reviewer: 'ben', decision: 'maybe' }),
        ],
      }),
    ]);
    const resolved = await review.screen.resolve({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'lena',
      decision: 'include',
    });
    expect(resolved.outcome).toMatchObject({
      status: 'decided',
      decision: 'include',
      resolved: true,
    });
    expect(await review.screen.conflicts('ti-ab', 'lena')).toEqual([]);
    await expect(
      review.screen.resolve({ recordId: 2, stage: 'ti-ab', reviewer: 'lena', decision: 'include' }),
    ).rejects.toMatchObject({ code: 'screen/no-conflict' });
    await expect(
      review.screen.decide({ recordId: 2, stage: 'ti-ab', reviewer: 'vic', decision: 'include' }),
    ).rejects.toMatchObject({ code: 'screen/forbidden' });
    await expect(
      review.screen.decide({ recordId: 2, stage: 'ti-ab', reviewer: 'zoe', decision: 'include' }),
    ).rejects.toMatchObject({ code: 'screen/unknown-reviewer' });
    await expect(
      review.screen.decide({ recordId: 99, stage: 'ti-ab', reviewer: 'ana', decision: 'include' }),
    ).rejects.toMatchObject({ code: 'screen/record-not-found' });
    // Full text only for records that passed title/abstract; exclusions need a listed reason.
    await expect(
      review.screen.decide({
        recordId: 2,
        stage: 'full-text',
        reviewer: 'ana',
        decision: 'include',
      }),
    ).rejects.toMatchObject({ code: 'screen/not-eligible' });
    await expect(
      review.screen.decide({
        recordId: 1,
        stage: 'full-text',
        reviewer: 'ana',
        decision: 'exclude',
      }),
    ).rejects.toMatchObject({ code: 'screen/reason-required' });
    const ft = await review.screen.decide({
      recordId: 1,
      stage: 'full-text',
      reviewer: 'ana',
      decision: 'exclude',
      reason: 'wrong population',
    });
    expect(ft.outcome.status).toBe('in-progress');
    await close();
  });

  it('serves each reviewer their own queue with criteria and highlights, blinded, with undo', async () => {
    const { review, close } = await setUp(await target.fresh());
    const next = await review.screen.next('ana', 'ti-ab');
    expect(next.item).toMatchObject({
      recordId: 1,
      criteria: { inclusion: ['Stroke'], exclusion: ['No upper limb outcome'] },
    });
    expect(next.item!.highlights.abstract.map((s) => s.term)).toContain('upper limb');
    expect(JSON.stringify(next)).not.toContain('"reviewer"');
    await review.screen.decide({
      recordId: 1,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'include',
    });
    expect((await review.screen.next('ana', 'ti-ab')).item?.recordId).toBe(2);
    expect((await review.screen.next('ben', 'ti-ab')).item?.recordId).toBe(1);
    const undone = await review.screen.undo('ana', 'ti-ab');
    expect(undone.recordId).toBe(1);
    expect((await review.screen.next('ana', 'ti-ab')).item?.recordId).toBe(1);
    await expect(review.screen.undo('ben', 'ti-ab')).rejects.toMatchObject({
      code: 'screen/nothing-to-undo',
    });
    await review.screen.note(1, 'ana', 'Check the full text for a control group');
    await review.screen.tag(1, 'ana', 'TMS');
    expect((await review.screen.notes(1, 'ben')).length).toBe(0);
    expect((await review.screen.notes(1, 'ana')).map((n) => [n.kind, n.text])).toEqual([
      ['note', 'Check the full text for a control group'],
      ['tag', 'TMS'],
    ]);
    await close();
  });

  it('reports agreement and the stopping rules from the decisions', async () => {
    const { review, close } = await setUp(await target.fresh());
    const ana = ['include', 'include', 'exclude', 'exclude', 'include', 'exclude'] as const;
    const ben = ['include', 'exclude', 'exclude', 'exclude', 'include', 'exclude'] as const;
    for (let i = 0; i < 6; i += 1) {
      await review.screen.decide({
        recordId: i + 1,
        stage: 'ti-ab',
        reviewer: 'ana',
        decision: ana[i]!,
      });
      await review.screen.decide({
        recordId: i + 1,
        stage: 'ti-ab',
        reviewer: 'ben',
        decision: ben[i]!,
      });
    }
    const agreement = await review.screen.agreement('ti-ab');
    const pair = agreement.pairs[0]!;
    expect([pair.raterA, pair.raterB]).toEqual(['ana', 'ben']);
    // 2x2 over include/exclude: [[2,1],[0,3]] -> Po 5/6, Pe 0.5, kappa 2/3.
    expect(pair.stats!.percentAgreement).toBeCloseTo(5 / 6, 10);
    expect(pair.stats!.cohen.kappa).toBeCloseTo(2 / 3, 10);
    expect(agreement.itemsRatedTwice).toBe(6);
    const stop = await review.screen.stopCheck('ti-ab');
    expect(stop).toMatchObject({ eligible: 6, screened: 5, relevantFound: 2 });
    expect(stop.advice.map((a) => a.stopper)).toEqual([
      'statistical',
      'n_consecutive_irrelevant',
      'safe',
    ]);
    const calibration = await review.screen.calibrate('ti-ab', 3, 7);
    expect(calibration.recordIds).toHaveLength(3);
    expect((await review.screen.agreement('ti-ab', { calibration: true })).itemsRatedTwice).toBe(3);
    await close();
  });
});

declareSkipped('screening workflow on postgres', postgresSkipReason);
