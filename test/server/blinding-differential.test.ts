import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#server/index';
import { fixedClock } from '#test/support/clock';
import { storeTargets } from '#test/support/stores';
import { buildRis } from '#test/support/ris';
import { callRoute, createTestApp, join, signUp } from './harness';
import type { TestApp, TestUser } from './harness';

/**
 * Blinding as a property, tested differentially: two worlds built by the same script differ
 * only in how reviewer Ben voted on records that are not settled. Everything Ana (a blinded
 * reviewer) receives, through every route she may call, must be the same bytes in both.
 */

const TOPICS = [
  'Contralesional motor cortex and upper limb recovery after stroke',
  'Transcranial magnetic stimulation of the contralesional hemisphere after stroke',
  'Interhemispheric inhibition and hand function in chronic stroke',
  'Motor evoked potentials predict arm recovery after stroke',
  'Knee arthroplasty outcomes in older adults',
  'Hip fracture rehabilitation pathways',
  'Dental implant survival over ten years',
  'Ankle sprain management in athletes',
  'Cataract surgery and falls',
  'Asthma education in schools',
];

/** 30 records: three per topic, so the model has something to learn. */
function exportBytes(): Uint8Array {
  return buildRis(
    Array.from({ length: 30 }, (_, i) => ({
      title: `${TOPICS[i % TOPICS.length]!} (study ${i + 1})`,
      abstract: `We studied ${TOPICS[i % TOPICS.length]!.toLowerCase()} in cohort ${i + 1}.`,
      year: 2010 + (i % 12),
      doi: `10.5555/blind.${i + 1}`,
    })),
  );
}

function uploadForm(reviewId: number): FormData {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append(
    'file',
    new File([exportBytes() as Uint8Array<ArrayBuffer>], 'search.ris', {
      type: 'application/x-research-info-systems',
    }),
  );
  form.append('source', 'PubMed');
  return form;
}

/** A small charting form: a required choice, a number, a text, and a field per outcome. */
const FORM = {
  id: 'differential',
  title: 'Differential charting form',
  version: 1,
  sections: [
    {
      id: 'study',
      title: 'The study',
      fields: [
        { id: 'sample_size', label: 'Sample size', type: 'integer', min: 0 },
        {
          id: 'severity',
          label: 'Severity',
          type: 'single-choice',
          options: ['Mild', 'Moderate', 'Severe'],
          required: true,
        },
        { id: 'notes', label: 'Notes', type: 'text' },
      ],
    },
    {
      id: 'outcomes',
      title: 'Outcomes',
      repeats: 'outcome',
      fields: [{ id: 'measure', label: 'Measure', type: 'text' }],
    },
  ],
};

/** Ben's hidden charting, different per world: answers on study 1 (unfinished) and 2 (finished). */
type Charting = { recordId: number; fieldId: string; value: unknown; entity?: string }[];
const BEN_CHARTS_A: Charting = [
  { recordId: 1, fieldId: 'sample_size', value: 5 },
  { recordId: 2, fieldId: 'sample_size', value: 30 },
  { recordId: 2, fieldId: 'severity', value: { choice: 'Mild' } },
];
const BEN_CHARTS_B: Charting = [
  { recordId: 1, fieldId: 'severity', value: { choice: 'Severe' } },
  { recordId: 1, fieldId: 'measure', entity: 'ARAT', value: 'ARAT at 3 months' },
  { recordId: 2, fieldId: 'sample_size', value: 31 },
  { recordId: 2, fieldId: 'severity', value: { choice: 'Moderate' } },
  { recordId: 2, fieldId: 'notes', value: 'Only in world B' },
];

interface World {
  t: TestApp;
  lead: TestUser;
  ana: TestUser;
  ben: TestUser;
  carl: TestUser;
  reviewId: number;
  /** Account ids, replaced by names before answers are compared (better-auth makes them at random). */
  ids: Map<string, string>;
}

type Vote = 'include' | 'exclude' | 'maybe';

async function decide(user: TestUser, reviewId: number, recordId: number, decision: Vote) {
  const answer = await user.call('screen.decide', { reviewId, stage: 'ti-ab', recordId, decision });
  if (answer.status !== 200) throw new Error(`decide: ${answer.status} ${answer.text}`);
}

/**
 * The common history: the team settles some records (so the model trains), Ana votes on
 * others alone. Then Ben votes on unsettled records only, differently per world: `benVotes`.
 */
/** Ben's hidden appraisal (ROBINS-I, every domain judged alike): study 1 unfinished, 2 finished. */
const ROBINS_DOMAINS = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'overall'];
const BEN_APPRAISES_A = { first: 'Moderate', second: 'Moderate' };
const BEN_APPRAISES_B = { first: 'Critical', second: 'Serious' };

async function buildWorld(
  url: string,
  benVotes: Map<number, Vote>,
  benCharts: Charting,
  benAppraises: { first: string; second: string },
): Promise<World> {
  const t = await createTestApp(url, { clock: fixedClock('2026-12-01T09:00:00.000Z') });
  const lead = await signUp(t.app, 'lead@example.org');
  const ana = await signUp(t.app, 'ana@example.org');
  const ben = await signUp(t.app, 'ben@example.org');
  const carl = await signUp(t.app, 'carl@example.org');
  const created = await lead.call('reviews.create', {
    title: 'Blinded differential',
    type: 'scoping',
    protocol: { inclusionCriteria: ['Stroke'] },
  });
  const reviewId = (created.body as { id: number }).id;
  for (const user of [ana, ben, carl]) await join(lead, reviewId, user, 'reviewer');
  await callRoute(t.app, lead.cookie, 'identify.import', uploadForm(reviewId));
  await lead.call('screen.configure', {
    reviewId,
    blinded: true,
    reviewersPerRecord: 2,
    highlight: { include: ['stroke'], exclude: ['knee'] },
  });
  // Settled by Ana and Carl agreeing: stroke records included, others excluded.
  for (const recordId of [1, 2, 5, 6, 7]) {
    const vote: Vote = recordId <= 4 ? 'include' : 'exclude';
    await decide(ana, reviewId, recordId, vote);
    await decide(carl, reviewId, recordId, vote);
  }
  // Settled by Ben and Carl agreeing (Ana never voted): the same in both worlds.
  await decide(ben, reviewId, 11, 'include');
  await decide(carl, reviewId, 11, 'include');
  // Ana's lone votes, waiting for a second reviewer.
  await decide(ana, reviewId, 3, 'include');
  await decide(ana, reviewId, 8, 'exclude');
  await decide(ana, reviewId, 9, 'maybe');
  // Studies to chart: 1 and 2 included at full text by the lead and Carl.
  for (const recordId of [1, 2])
    for (const user of [lead, carl])
      await user.call('screen.decide', {
        reviewId,
        stage: 'full-text',
        recordId,
        decision: 'include',
      });
  await lead.call('extract.saveForm', { reviewId, form: FORM });
  await lead.call('extract.publishForm', { reviewId });
  // Ben's hidden votes and charting: the only difference between the worlds.
  for (const [recordId, vote] of benVotes) await decide(ben, reviewId, recordId, vote);
  for (const answer of benCharts) {
    const saved = await ben.call('extract.answer', { reviewId, ...answer });
    if (saved.status !== 200) throw new Error(`extract.answer: ${saved.status} ${saved.text}`);
  }
  const finished = await ben.call('extract.finish', { reviewId, recordId: 2 });
  if (finished.status !== 200) throw new Error(`extract.finish: ${finished.text}`);
  for (const recordId of [1, 2])
    await lead.call('appraise.assign', { reviewId, recordId, toolId: 'robins-i' });
  for (const domainId of ROBINS_DOMAINS) {
    await ben.call('appraise.judge', {
      reviewId,
      recordId: 1,
      domainId,
      judgement: benAppraises.first,
      justification: 'Ben.',
    });
    await ben.call('appraise.judge', {
      reviewId,
      recordId: 2,
      domainId,
      judgement: benAppraises.second,
      justification: 'Ben.',
    });
  }
  const appraised = await ben.call('appraise.finish', { reviewId, recordId: 2 });
  if (appraised.status !== 200) throw new Error(`appraise.finish: ${appraised.text}`);
  const ids = new Map<string, string>();
  for (const user of [lead, ana, ben, carl]) {
    const me = (await user.call('me')).body as { user: { id: string; email: string } };
    ids.set(me.user.id, `<id of ${me.user.email}>`);
  }
  return { t, lead, ana, ben, carl, reviewId, ids };
}

/**
 * World A and world B: Ben votes on the same records, with other values. Every record Ana
 * goes on to vote on ends in a conflict in both worlds (she includes where Ben excludes or
 * says maybe; she excludes where he includes or says maybe), so her own votes close the
 * same records the same way; 25 and 26 she never reaches before the end.
 */
const BEN_A = new Map<number, Vote>([
  [3, 'exclude'],
  [8, 'include'],
  [12, 'exclude'],
  [13, 'maybe'],
  [21, 'exclude'],
  [22, 'maybe'],
  [25, 'include'],
  [26, 'maybe'],
]);
const BEN_B = new Map<number, Vote>([
  [3, 'maybe'],
  [8, 'maybe'],
  [12, 'maybe'],
  [13, 'exclude'],
  [21, 'maybe'],
  [22, 'exclude'],
  [25, 'exclude'],
  [26, 'include'],
]);

/** Ana's side of the session: every route she may call, in an order that exercises them. */
function anaScript(reviewId: number): [string, unknown, ('POST' | 'GET')?][] {
  const next: [string, unknown] = ['screen.next', { reviewId, stage: 'ti-ab' }];
  const steps: [string, unknown, ('POST' | 'GET')?][] = [
    ['me', {}],
    ['reviews.list', {}],
    ['reviews.get', { reviewId }],
    ['policies', { reviewId }],
    ['server.info', {}],
    ['members.list', { reviewId }],
    ['protocol.show', { reviewId }],
    ['screen.settings', { reviewId }],
    ['identify.log', { reviewId }],
    ['deduplicate.state', { reviewId }],
    next,
  ];
  // She screens records Ben voted on (12, 13, 21, 22) and others, undoes one, notes one.
  for (const recordId of [12, 13, 21, 22, 14, 15]) {
    steps.push(['screen.decide', { reviewId, stage: 'ti-ab', recordId, decision: 'include' }]);
    // The decide-read-undo probe: once Ben's vote is in, hers is final.
    if (recordId === 12) steps.push(['screen.undo', { reviewId, stage: 'ti-ab' }]);
    steps.push(next);
  }
  steps.push(['screen.undo', { reviewId, stage: 'ti-ab' }], next);
  steps.push(['screen.note', { reviewId, recordId: 12, text: 'Check the methods.' }]);
  steps.push(['screen.tag', { reviewId, recordId: 12, tag: 'tms' }]);
  // The records list and a record's history, over every filter she may use.
  for (const status of ['pending', 'in-progress', 'conflict', 'included', 'excluded', 'maybe'])
    steps.push(['records.list', { reviewId, status, limit: 200 }]);
  steps.push(
    ['records.list', { reviewId, limit: 200 }],
    ['records.list', { reviewId, sort: 'status', direction: 'desc', limit: 200 }],
    ['records.list', { reviewId, reviewer: 'ana@example.org', limit: 200 }],
    ['records.list', { reviewId, reviewer: 'ben@example.org' }],
    ['records.list', { reviewId, tag: 'tms' }],
    ['records.list', { reviewId, stage: 'full-text', limit: 200 }],
  );
  // The same selections as files: a sheet carries each stage's state, as the list shows it.
  for (const format of ['csv', 'ris']) steps.push(['records.export', { reviewId, format }, 'GET']);
  steps.push(
    ['records.export', { reviewId, format: 'csv', status: 'in-progress' }, 'GET'],
    ['records.export', { reviewId, format: 'csv', duplicates: 'true', sort: 'status' }, 'GET'],
  );
  for (const recordId of [3, 8, 12, 13, 21, 22, 25, 26, 11])
    steps.push(['records.show', { reviewId, recordId }]);
  // Retrieval of the settled includes (1 and 2 by Ana and Carl, 11 by Ben and Carl).
  steps.push(
    ['retrieve.status', { reviewId }],
    ['retrieve.reasons', { reviewId }],
    ['retrieve.notRetrieved', { reviewId, recordId: 11, reason: 'No access' }],
    ['retrieve.reopen', { reviewId, recordId: 11 }],
    ['retrieve.linkReports', { reviewId, a: 1, b: 2 }],
    ['retrieve.primary', { reviewId, recordId: 2 }],
    ['retrieve.status', { reviewId }],
    ['retrieve.unlink', { reviewId, recordId: 2 }],
    ['retrieve.pages', { reviewId, recordId: 1 }],
    ['retrieve.pdf', { reviewId, recordId: 1 }, 'GET'],
    ['retrieve.detach', { reviewId, recordId: 1 }],
    ['retrieve.search', { reviewId, words: 'stroke' }],
    ['retrieve.status', { reviewId }],
  );
  steps.push(
    ['screen.conflicts', { reviewId, stage: 'ti-ab' }],
    ['screen.agreement', { reviewId, stage: 'ti-ab' }],
    ['report.prismaCounts', { reviewId }],
    ['report.prisma', { reviewId, format: 'csv' }, 'GET'],
    ['report.checklist', { reviewId, type: 'prisma-scr' }],
    ['report.checklistFile', { reviewId, type: 'prisma-scr', format: 'html' }, 'GET'],
    ['report.file', { reviewId, format: 'html' }, 'GET'],
    ['report.workbook', { reviewId }, 'GET'],
    ['report.bundle', { reviewId }, 'GET'],
    ['screen.next', { reviewId, stage: 'full-text' }],
    ['screen.decide', { reviewId, stage: 'ti-ab', recordId: 3, decision: 'exclude' }],
    next,
  );
  // Charting the two studies Ben charts too (1 unfinished by him, 2 finished), blind to him:
  // every slot of study 2 ends in a disagreement in both worlds, so closing it settles nothing.
  const study = (recordId: number) => ({ reviewId, recordId });
  steps.push(
    ['extract.templates', { reviewId }],
    ['extract.form', { reviewId }],
    ['extract.settings', { reviewId }],
    ['extract.studies', { reviewId }],
    ['extract.view', study(1)],
    ['extract.view', study(2)],
    ['extract.answer', { ...study(1), fieldId: 'sample_size', value: 5 }],
    ['extract.answer', { ...study(1), fieldId: 'measure', entity: 'ARAT', value: 'ARAT' }],
    ['extract.answer', { ...study(1), fieldId: 'severity', value: { choice: 'Severe' } }],
    ['extract.finish', study(1)],
    ['extract.reopen', study(1)],
    ['extract.view', study(1)],
    ['extract.answer', { ...study(2), fieldId: 'sample_size', value: 20 }],
    ['extract.answer', { ...study(2), fieldId: 'severity', value: { choice: 'Severe' } }],
    ['extract.finish', study(2)],
    ['extract.view', study(2)],
    ['extract.answer', { ...study(2), fieldId: 'sample_size', value: 21 }],
    ['extract.reopen', study(2)],
    ['extract.studies', { reviewId }],
    // Refused to a plain reviewer, the same way in both worlds.
    ['extract.overview', { reviewId }],
    ['extract.agreement', { reviewId }],
    ['extract.reconcile', { reviewId }],
    ['extract.resolve', { ...study(2), fieldId: 'sample_size', value: 20 }],
    ['extract.export', { reviewId, shape: 'long', format: 'csv' }, 'GET'],
  );
  // Appraising the same two studies with ROBINS-I: Ben's judgements are hidden from her; on
  // study 2 every domain ends in a disagreement whatever he judged, so closing it settles nothing.
  steps.push(
    ['appraise.tools', { reviewId }],
    ['appraise.settings', { reviewId }],
    ['appraise.studies', { reviewId }],
    ['appraise.view', study(1)],
    ['appraise.judge', { ...study(1), domainId: 'D1', judgement: 'Low' }],
    ['appraise.finish', study(1)],
    ['appraise.view', study(1)],
    ['appraise.view', study(2)],
  );
  for (const domainId of ROBINS_DOMAINS)
    steps.push(['appraise.judge', { ...study(2), domainId, judgement: 'Low' }]);
  steps.push(
    ['appraise.finish', study(2)],
    ['appraise.view', study(2)],
    [
      'appraise.judge',
      { ...study(2), domainId: 'D1', judgement: 'Serious', justification: 'Again.' },
    ],
    ['appraise.studies', { reviewId }],
    // Refused to a plain reviewer, the same way in both worlds.
    ['appraise.configure', { reviewId, assessorsPerStudy: 1 }],
    ['appraise.assign', { ...study(1), toolId: 'rob2' }],
    ['appraise.overview', { reviewId }],
    ['appraise.agreement', { reviewId }],
    ['appraise.reconcile', { reviewId }],
    ['appraise.resolve', { ...study(2), domainId: 'D1', judgement: 'Low' }],
    ['appraise.plot', { reviewId, toolId: 'robins-i' }, 'GET'],
    ['appraise.export', { reviewId, toolId: 'robins-i' }, 'GET'],
    // Synthesis reads settled values only: the same in both worlds.
    ['synthesise.frequencies', { reviewId, field: 'severity' }],
    ['synthesise.crosstab', { reviewId, rows: 'severity', cols: 'sample_size' }],
    ['synthesise.stratify', { reviewId, by: 'severity', tally: 'notes' }],
    ['synthesise.map', { reviewId, x: 'severity', y: 'sample_size', colour: 'notes' }],
    ['synthesise.timeline', { reviewId }],
    ['synthesise.table', { reviewId, fields: ['severity', 'sample_size', 'notes'] }],
    [
      'synthesise.chart',
      { reviewId, kind: 'map', x: 'severity', y: 'sample_size', colour: 'notes' },
    ],
    ['synthesise.chartFile', { reviewId, kind: 'frequencies', field: 'severity' }, 'GET'],
  );
  return steps;
}

/** An answer with account ids replaced by names: the one thing that differs by construction. */
function comparable(world: World, text: string): string {
  let out = text;
  for (const [id, name] of world.ids) out = out.split(id).join(name);
  return out;
}

describe.each(storeTargets)('blinding, differentially, on $name', (target) => {
  let one: World;
  let two: World;

  beforeAll(async () => {
    one = await buildWorld(await target.fresh(), BEN_A, BEN_CHARTS_A, BEN_APPRAISES_A);
    two = await buildWorld(await target.fresh(), BEN_B, BEN_CHARTS_B, BEN_APPRAISES_B);
  });
  afterAll(async () => {
    await one?.t.close();
    await two?.t.close();
  });

  it('gives Ana the same bytes on every route she calls, whatever Ben voted on unsettled records', async () => {
    const script = anaScript(one.reviewId);
    const called = new Set<string>();
    let ranked = false;
    const statuses: [string, number, string][] = [];
    for (const [route, body, method] of script) {
      const a = await callRoute(one.t.app, one.ana.cookie, route, body, method ?? 'POST');
      const b = await callRoute(two.t.app, two.ana.cookie, route, body, method ?? 'POST');
      expect(comparable(two, b.text), `${route} ${JSON.stringify(body)}`).toBe(
        comparable(one, a.text),
      );
      expect(a.status).toBe(b.status);
      called.add(route);
      statuses.push([route, a.status, (a.body as { error?: { code?: string } }).error?.code ?? '']);
      if (route === 'screen.next' && (a.body as { ranking?: unknown }).ranking) ranked = true;
    }
    // The comparison meant something: the model ranked, and Ana met Ben's records.
    expect(ranked).toBe(true);
    // Her vote on a record Ben had voted on is final: no undo, no second vote; her lone vote is hers to undo.
    const undos = statuses.filter(([route]) => route === 'screen.undo');
    expect(undos).toEqual([
      ['screen.undo', 409, 'screen/vote-final'],
      ['screen.undo', 200, ''],
    ]);
    expect(statuses.filter(([route]) => route === 'screen.decide').at(-1)).toEqual([
      'screen.decide',
      409,
      'screen/vote-final',
    ]);
    // Charting: study 1 (Ben unfinished) stays hers to reopen; study 2 closes when she
    // finishes it, and then her answers are final, in both worlds alike.
    expect(statuses.filter(([route]) => /^extract\.(finish|reopen|answer)$/.test(route))).toEqual([
      ['extract.answer', 200, ''],
      ['extract.answer', 200, ''],
      ['extract.answer', 200, ''],
      ['extract.finish', 200, ''],
      ['extract.reopen', 200, ''],
      ['extract.answer', 200, ''],
      ['extract.answer', 200, ''],
      ['extract.finish', 200, ''],
      ['extract.answer', 409, 'extract/closed'],
      ['extract.reopen', 409, 'extract/closed'],
    ]);
    // Appraisal: study 1 (Ben unfinished) cannot be finished with one domain judged; study 2
    // closes when she finishes it, and then her judgements are final, in both worlds alike.
    const appraising = statuses.filter(
      ([route]) => route === 'appraise.finish' || route === 'appraise.judge',
    );
    expect(appraising.find(([route]) => route === 'appraise.finish')).toEqual([
      'appraise.finish',
      400,
      'appraise/incomplete',
    ]);
    expect(appraising.slice(-3)).toEqual([
      ['appraise.judge', 200, ''],
      ['appraise.finish', 200, ''],
      ['appraise.judge', 409, 'appraise/closed'],
    ]);
    // Every route a reviewer may call with a session was tried, apart from the ones that
    // act on the team or on another person's conflict (refused to her, tested in the matrix).
    const untried = ROUTES.map((r) => r.name).filter((name) => !called.has(name));
    expect(untried.sort()).toEqual(
      [
        'deduplicate.decide',
        'deduplicate.removeMember',
        'deduplicate.run',
        'deduplicate.show',
        'deduplicate.undo',
        'extract.configure',
        'extract.importSheet',
        'extract.publishForm',
        'extract.saveForm',
        'extract.useTemplate',
        'identify.import',
        'identify.retract',
        'identify.translate',
        'invitations.accept',
        'invitations.show',
        'members.changeRole',
        'members.invitations',
        'members.invite',
        'members.remove',
        'members.revokeInvitation',
        'protocol.amend',
        'protocol.edit',
        'retrieve.attach',
        'retrieve.attachMany',
        'retrieve.lookup',
        'retrieve.setReasons',
        'reviews.create',
        'screen.configure',
        'screen.resolve',
        'screen.unresolve',
        'records.tag',
        'records.exclude',
        'records.calibrate',
      ].sort(),
    );
  });

  it('refuses Ana what would tell her how Ben charted, the same way in both worlds', async () => {
    const statuses = async (world: World) => {
      const out: [string, number][] = [];
      for (const route of ['extract.overview', 'extract.reconcile', 'extract.agreement'])
        out.push([route, (await world.ana.call(route, { reviewId: world.reviewId })).status]);
      return out;
    };
    expect(await statuses(one)).toEqual(await statuses(two));
    expect((await statuses(one)).map(([, s]) => s)).toEqual([403, 403, 403]);
  });

  it('is not vacuous: the lead sees Ben appraised differently', async () => {
    const a = await one.lead.call('appraise.reconcile', { reviewId: one.reviewId });
    const b = await two.lead.call('appraise.reconcile', { reviewId: two.reviewId });
    expect(a.status).toBe(200);
    expect(comparable(one, a.text)).not.toBe(comparable(two, b.text));
  });

  it('is not vacuous: the lead sees Ben charted differently', async () => {
    const a = await one.lead.call('extract.reconcile', { reviewId: one.reviewId });
    const b = await two.lead.call('extract.reconcile', { reviewId: two.reviewId });
    expect(a.status).toBe(200);
    expect(comparable(one, a.text)).not.toBe(comparable(two, b.text));
  });

  it('is not vacuous: the lead, who may see everything, sees the worlds differ', async () => {
    const a = await one.lead.call('screen.conflicts', { reviewId: one.reviewId, stage: 'ti-ab' });
    const b = await two.lead.call('screen.conflicts', { reviewId: two.reviewId, stage: 'ti-ab' });
    expect(a.status).toBe(200);
    expect(comparable(one, a.text)).not.toBe(comparable(two, b.text));
  });
});
