import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { openWorkbench } from '#engine/index';
import type { Workbench } from '#engine/index';
import { buildRis } from '#test/support/ris';
import { declareSkipped } from '#test/support/skip';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { readFileSync, readdirSync } from 'node:fs';
import {
  rankingProcessId,
  rankingRunsInWorker,
  rankWithSession,
  stageTextsForSession,
} from './run-job';
import type { RankSessionRequest } from './ranking-session';
import { recordText } from './texts-from-store';

/** The worker variants must really run in the worker: without the bundle they would rank inline. */
function expectWorkerBuilt(): void {
  expect(rankingRunsInWorker(), 'dist/job-worker.mjs is built by the test setup (npm test)').toBe(
    true,
  );
}

const texts = [
  'contralesional motor cortex stroke arm recovery',
  'knee arthroplasty outcomes',
  'motor cortex excitability after stroke hand',
  'hip fracture rehabilitation',
  'interhemispheric inhibition stroke upper limb',
  'dental implants survival',
];
const ids = texts.map((_, i) => String(i + 1));
const request = (
  labels: [string, 0 | 1][],
  extra: Partial<RankSessionRequest> = {},
): RankSessionRequest => ({
  key: `test:${extra.signature ?? 's1'}`,
  signature: 's1',
  labels,
  preset: 'elas_u4',
  ...extra,
});

describe.each([
  ['in this thread', true],
  ['in the ranking process', false],
] as const)('ranking session %s', (_name, inline) => {
  if (!inline) beforeAll(expectWorkerBuilt);
  it('asks for texts once, then ranks from cached features as labels arrive', async () => {
    const key = `k-${inline}`;
    const first = await rankWithSession(
      request(
        [
          ['1', 1],
          ['2', 0],
        ],
        { key },
      ),
      { inline },
    );
    expect(first).toEqual({ needTexts: true });
    const ranked = await rankWithSession(
      request(
        [
          ['1', 1],
          ['2', 0],
        ],
        { key, ids, texts },
      ),
      { inline },
    );
    if (ranked.needTexts) throw new Error('texts were sent');
    expect(
      ranked.ranking
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['3', '5']);
    const again = await rankWithSession(
      request(
        [
          ['1', 1],
          ['2', 0],
          ['3', 1],
          ['4', 0],
        ],
        { key },
      ),
      { inline },
    );
    if (again.needTexts) throw new Error('the session lost its texts');
    expect(again.ranking.map((r) => r.id)[0]).toBe('5');
    expect(again.recall.found).toBe(2);
    expect(
      await rankWithSession(
        request(
          [
            ['1', 1],
            ['2', 0],
          ],
          { key, signature: 's2' },
        ),
        { inline },
      ),
    ).toEqual({ needTexts: true });
  });

  it('takes texts staged in parts exactly as texts sent at once, and only for its own token', async () => {
    const labels: [string, 0 | 1][] = [
      ['1', 1],
      ['2', 0],
    ];
    const whole = await rankWithSession(request(labels, { key: `whole-${inline}`, ids, texts }), {
      inline,
    });
    const token = `parts-${inline}`;
    await stageTextsForSession(
      { token, ids: ids.slice(0, 4), texts: texts.slice(0, 4) },
      { inline },
    );
    await stageTextsForSession({ token, ids: ids.slice(4), texts: texts.slice(4) }, { inline });
    const parts = await rankWithSession(
      request(labels, { key: `parts-${inline}`, textsFrom: token }),
      { inline },
    );
    expect(parts).toEqual(whole);
    expect(parts.needTexts).toBe(false);
    // A token is used once; an unknown one gets the texts asked for again.
    expect(
      await rankWithSession(request(labels, { key: `other-${inline}`, textsFrom: token }), {
        inline,
      }),
    ).toEqual({ needTexts: true });
  });
});

/** Scheduling policy and nice value of each thread of a process, from /proc (Linux). */
function threadPriorities(pid: number): { policy: number; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((thread) => {
    // Fields after the command's closing parenthesis; nice is field 19, policy field 41.
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { nice: Number(fields[16]), policy: Number(fields[38]) };
  });
}

describe('the ranking process', () => {
  beforeAll(expectWorkerBuilt);
  const labels: [string, 0 | 1][] = [
    ['1', 1],
    ['2', 0],
  ];

  it.runIf(process.platform === 'linux')(
    'runs every thread at the lowest priority, so request handling always wins the CPU',
    async () => {
      await rankWithSession(request(labels, { key: 'priority', ids, texts }));
      const pid = rankingProcessId();
      expect(pid).toBeDefined();
      const threads = threadPriorities(pid!);
      // The V8 platform's helper threads too, not only the thread that ranks.
      expect(threads.length).toBeGreaterThan(1);
      const SCHED_IDLE = 5;
      for (const thread of threads)
        expect(thread.policy === SCHED_IDLE || thread.nice === 19, JSON.stringify(thread)).toBe(
          true,
        );
    },
  );

  it('is replaced when it dies: a waiting call fails clearly, the next one ranks again', async () => {
    await rankWithSession(request(labels, { key: 'dies', ids, texts }));
    const pid = rankingProcessId()!;
    // The call is sent; the process dies before it can answer.
    const waiting = rankWithSession(request(labels, { key: 'dies' }));
    process.kill(pid, 'SIGKILL');
    await expect(waiting).rejects.toThrow('the ranking process stopped (SIGKILL)');
    // A new process, without the dead one's session: it asks for the texts once more.
    expect(await rankWithSession(request(labels, { key: 'dies' }))).toEqual({ needTexts: true });
    expect(rankingProcessId()).not.toBe(pid);
    const ranked = await rankWithSession(request(labels, { key: 'dies', ids, texts }));
    expect(ranked.needTexts).toBe(false);
  });
});
declareSkipped(
  'the ranking process runs every thread at the lowest priority',
  process.platform === 'linux' ? undefined : 'thread priorities are read from /proc (Linux only)',
);

/** A review of `titles.length` records in a fresh store, kept open as the server keeps it. */
async function reviewInStore(
  url: string,
): Promise<{ workbench: Workbench; reviewId: number; rows: RecordTexts[] }> {
  const workbench = await openWorkbench({ url, actor: 'test' });
  const { id: reviewId } = await workbench.createReview({ title: 'Ranking texts' });
  await workbench.review(reviewId).identify.import({
    fileName: 'a.ris',
    bytes: buildRis(
      texts.map((text, i) => ({
        title: text,
        doi: `10.5555/rank.${i}`,
        // One record without an abstract: its text is the title and a space, both ways.
        abstract: i === 3 ? undefined : `Abstract ${i}: ${text}.`,
      })),
    ),
  });
  const rows = await workbench.store.db
    .selectFrom('records')
    .select(['id', 'title', 'abstract'])
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  return { workbench, reviewId, rows };
}

type RecordTexts = { id: number; title: string | null; abstract: string | null };

describe.each(storeTargets)('ranking texts read from the store on $name', (target) => {
  describe.each([
    ['in this thread', true],
    ['in the ranking process', false],
  ] as const)('%s', (_name, inline) => {
    if (!inline) beforeAll(expectWorkerBuilt);
    it('ranks exactly as with the texts sent, keeping the order of the ids', async () => {
      const { workbench, reviewId, rows } = await reviewInStore(await target.fresh());
      try {
        // Not id order: the session must follow the ids it is given.
        const order = [...rows].reverse();
        const ids = order.map((r) => r.id);
        const labels: [string, 0 | 1][] = [
          [String(rows[0]!.id), 1],
          [String(rows[1]!.id), 0],
        ];
        const run = `${target.name}-${inline}`;
        const sent = await rankWithSession(
          request(labels, {
            key: `sent-${run}`,
            ids: ids.map(String),
            texts: order.map((r) => recordText(r.title, r.abstract)),
          }),
          { inline },
        );
        const read = await rankWithSession(
          request(labels, {
            key: `read-${run}`,
            textsFromStore: { url: workbench.store.url, reviewId, ids },
          }),
          { inline },
        );
        expect(read.needTexts).toBe(false);
        expect(read).toEqual(sent);
        // The session keeps what it read: the next ranking needs no texts.
        const more: [string, 0 | 1][] = [...labels, [String(rows[2]!.id), 1]];
        const again = await rankWithSession(request(more, { key: `read-${run}` }), { inline });
        expect(again).toEqual(
          await rankWithSession(request(more, { key: `sent-${run}` }), { inline }),
        );
      } finally {
        await workbench.close();
      }
    });

    it('keeps calls in order: a ranking right behind a store read finds its session', async () => {
      const { workbench, reviewId, rows } = await reviewInStore(await target.fresh());
      try {
        const key = `order-${target.name}-${inline}`;
        const labels: [string, 0 | 1][] = [
          [String(rows[0]!.id), 1],
          [String(rows[1]!.id), 0],
        ];
        const ids = rows.map((r) => r.id);
        const [first, second] = await Promise.all([
          rankWithSession(
            request(labels, { key, textsFromStore: { url: workbench.store.url, reviewId, ids } }),
            { inline },
          ),
          rankWithSession(request(labels, { key }), { inline }),
        ]);
        if (first.needTexts || second.needTexts) throw new Error('the second overtook the first');
        // The second is a retraining (warm-started from the first model): same order, close scores.
        expect(second.ranking.map((r) => r.id)).toEqual(first.ranking.map((r) => r.id));
      } finally {
        await workbench.close();
      }
    });

    it(
      'answers a store it cannot open, or a review that is not there, with an error',
      { timeout: 30_000 },
      async () => {
        const { workbench, reviewId, rows } = await reviewInStore(await target.fresh());
        const ids = rows.map((r) => r.id);
        const labels: [string, 0 | 1][] = [
          [String(ids[0]), 1],
          [String(ids[1]), 0],
        ];
        const run = `${target.name}-${inline}`;
        try {
          const badUrl =
            target.name === 'postgres'
              ? // Nothing listens on port 1; the password must not reach the message.
                'postgres://postgres:s3cret@127.0.0.1:1/nowhere'
              : join(tmpdir(), `rb-missing-${process.pid}`, 'review.db');
          const unreachable = rankWithSession(
            request(labels, { key: `bad-${run}`, textsFromStore: { url: badUrl, reviewId, ids } }),
            { inline },
          );
          await expect(unreachable).rejects.toMatchObject({
            code: 'ranking/texts-unreadable',
            message: expect.stringMatching(/^Could not read the texts of review \d+ from /),
          });
          await expect(unreachable).rejects.toBeInstanceOf(DomainError);
          await expect(unreachable).rejects.not.toThrow(/s3cret/);

          const url = workbench.store.url;
          await expect(
            rankWithSession(
              request(labels, {
                key: `no-review-${run}`,
                textsFromStore: { url, reviewId: reviewId + 1000, ids },
              }),
              { inline },
            ),
          ).rejects.toThrow(`there is no review ${reviewId + 1000}.`);
          await expect(
            rankWithSession(
              request(labels, {
                key: `no-record-${run}`,
                textsFromStore: { url, reviewId, ids: [...ids, 99_999] },
              }),
              { inline },
            ),
          ).rejects.toThrow('1 of 7 records are not in it (first: 99999).');
          // The failures left nothing stuck: the next request is answered.
          const ranked = await rankWithSession(
            request(labels, { key: `after-${run}`, textsFromStore: { url, reviewId, ids } }),
            { inline },
          );
          expect(ranked.needTexts).toBe(false);
        } finally {
          await workbench.close();
        }
      },
    );
  });
});

declareSkipped('ranking texts read from the store on postgres', postgresSkipReason);
