import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rankWithSession, stageTextsForSession } from './run-job';
import type { RankSessionRequest } from './ranking-session';

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
  ['in the persistent worker', false],
] as const)('ranking session %s', (_name, inline) => {
  it.skipIf(!inline && !existsSync('dist/job-worker.mjs'))(
    'asks for texts once, then ranks from cached features as labels arrive',
    async () => {
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
    },
  );

  it.skipIf(!inline && !existsSync('dist/job-worker.mjs'))(
    'takes texts staged in parts exactly as texts sent at once, and only for its own token',
    async () => {
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
    },
  );
});
