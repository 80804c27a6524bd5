import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserSkipReason,
  decideByKey,
  importRis,
  launchBrowser,
  leadWithReview,
  reviewerJoins,
  screenshot,
  shownRecord,
} from './browser';
import type { ApiCaller } from './browser';
import { startTestServer } from './server';
import type { TestServer } from './server';
import { declareSkipped } from '#test/support/skip';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { SHORT_M1_FORM } from '#test/support/forms';
import { DEMO_STUDIES, demoDoi } from '#engine/demo-studies';
import { demoArticlePdf } from '#engine/demo-pdf';

// The model review, shortened, in Chromium: a lead and two reviewers take four records of the
// demo through every stage, each in the screens a team uses: blinded screening with one
// conflict the lead resolves, a full text dropped in and matched, full-text screening, dual
// charting, dual appraisal, the synthesis cross-tab and the report's checklist and DOCX.

const skipReason = browserSkipReason();
/** Three sources the review keeps (severe/compensatory, mild/inhibitory, an animal study) and a gait study it removes. */
const PICKED = [1, 24, 35, 39].map((key) => DEMO_STUDIES[key - 1]!);
const RIS = PICKED.map(
  (s) =>
    `TY  - JOUR\nTI  - Synthetic example: ${s.title}\nAU  - ${s.authors[0]!.family}, ${s.authors[0]!.given}\nPY  - ${s.year}\nDO  - ${demoDoi(s.key)}\nAB  - ${s.abstract}\nER  - \n`,
).join('\n');

type Person = { context: BrowserContext; page: Page };

declareSkipped('the model review, shortened, in Chromium', skipReason);
declareSkipped(
  'the model review, shortened, in Chromium on postgres',
  skipReason ? undefined : postgresSkipReason,
);
if (!skipReason) {
  describe.each(storeTargets)('the model review, shortened, in Chromium on $name', (target) => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: Person;
    let api: ApiCaller;
    let reviewId: number;
    const reviewers: Person[] = [];
    const title = 'Contralesional M1 and upper-limb recovery: a scoping review';
    const keyOf = new Map<number, number>();

    beforeAll(async () => {
      server = await startTestServer({ storeUrl: await target.fresh() });
      ({ browser, close: closeBrowser } = await launchBrowser());
      let context: BrowserContext;
      let page: Page;
      ({ context, page, api, reviewId } = await leadWithReview(browser, server, title));
      lead = { context, page };
      for (const name of ['Ana', 'Ben'])
        reviewers.push(await reviewerJoins(browser, server, api, { id: reviewId, title }, name));
      await importRis(lead.context, server.url, reviewId, RIS);
      const list = await api<{ records: { id: number; title: string }[] }>('records.list', {
        reviewId,
      });
      for (const record of list.records)
        keyOf.set(record.id, PICKED.find((s) => record.title.includes(s.title))!.key);
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it('screens titles and abstracts blinded, one conflict resolved by the lead', async () => {
      await api('screen.configure', { reviewId, reviewersPerRecord: 2, blinded: true });
      // Ana keeps the three sources and removes the gait study; Ben removes the animal one too.
      for (const [i, { page }] of reviewers.entries()) {
        await page.goto(`/#/reviews/${reviewId}/screen/records`);
        for (let n = 0; n < 4; n += 1) {
          const key = keyOf.get(await shownRecord(page))!;
          const keep = key !== 39 && !(i === 1 && key === 35);
          await decideByKey(page, keep ? 'i' : 'e');
        }
        await page.getByText('Nothing left for you at this stage').waitFor();
      }
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/screen/conflicts`);
      const conflict = page.locator('li.conflict');
      await conflict
        .getByText(/Dendritic remodelling in the contralesional motor cortex/)
        .waitFor();
      await conflict.getByRole('button', { name: 'Resolve: include' }).click();
      await conflict.getByRole('button', { name: 'Confirm: include' }).click();
      await page.getByText('No conflicts at this stage.').waitFor();
    });

    it('retrieves a full text dropped in, and screens the full texts', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/retrieve`);
      await page.getByRole('heading', { name: 'Every report sought' }).waitFor();
      await page.getByLabel('PDF files').setInputFiles({
        name: 'lindqvist-2009.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(await demoArticlePdf(PICKED[0]!)),
      });
      await page.getByText('1 attached, 0 to confirm, 0 refused.').waitFor();
      for (const { page: reviewer } of reviewers) {
        await reviewer.goto(`/#/reviews/${reviewId}/screen/records`);
        await reviewer.getByRole('combobox', { name: 'Stage' }).selectOption('full-text');
        for (let n = 0; n < 3; n += 1) await decideByKey(reviewer, 'i');
        await reviewer.getByText('Nothing left for you at this stage').waitFor();
      }
      const counts = await api<{ counts: Record<string, number> }>('report.prismaCounts', {
        reviewId,
      });
      expect(counts.counts).toMatchObject({
        records_screened: 4,
        records_excluded: 1,
        new_studies: 3,
      });
    });

    it('charts the three sources by two extractors and appraises them (ROBINS-I) by two assessors, all in the screens', async () => {
      await api('extract.saveForm', { reviewId, form: SHORT_M1_FORM });
      await api('extract.publishForm', { reviewId });
      await api('extract.configure', { reviewId, extractorsPerStudy: 2 });
      for (const { page } of reviewers) {
        for (const study of PICKED.slice(0, 3)) {
          const chart = study.chart!;
          await page.goto(`/#/reviews/${reviewId}/extract`);
          await page
            .getByTestId('my-studies')
            .getByRole('link', { name: new RegExp(study.title.slice(0, 30)) })
            .click();
          await page
            .locator('[data-field="species"]')
            .getByRole('radio', { name: chart.species })
            .check();
          await page
            .locator('[data-field="severity_band"]')
            .getByRole('radio', { name: chart.severity_band })
            .check();
          await page
            .locator('[data-field="role"]')
            .getByRole('radio', { name: chart.role })
            .check();
          for (const field of ['species', 'severity_band', 'role'])
            await page.locator(`[data-field="${field}"]`).getByText('Saved').waitFor();
          await page.getByRole('button', { name: 'Finish this study' }).click();
          await page.getByTestId('my-state').getByText('complete').waitFor();
        }
      }
      await api('appraise.configure', { reviewId, assessorsPerStudy: 2 });
      const records = [...keyOf].filter(([, key]) => key !== 39).map(([id]) => id);
      for (const recordId of records)
        await api('appraise.assign', { reviewId, recordId, toolId: 'robins-i' });
      // ROBINS-I's domains are judged directly (its signalling questions are not encoded): each
      // assessor picks each domain's judgement in the screen, then finishes.
      for (const { page } of reviewers) {
        for (const recordId of records) {
          await page.goto(`/#/reviews/${reviewId}/appraise/study/${recordId}`);
          for (const domainId of ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7']) {
            // One judgement saved before the next is chosen.
            await Promise.all([
              page.waitForResponse((r) => r.url().includes('/api/appraise.judge')),
              page.getByLabel(`Judgement of ${domainId}`).selectOption('Low'),
            ]);
          }
          // The overall follows the domains by ROBINS-I's rule (the most severe domain).
          await page.getByTestId('judgement-overall').getByText('Proposed: Low').waitFor();
          await expect.poll(() => page.getByLabel('Judgement of overall').inputValue()).toBe('Low');
          await page.getByRole('button', { name: 'Finish this appraisal' }).click();
          await page.getByTestId('my-appraisal-state').getByText('complete').waitFor();
        }
      }
      const overview = await api<{ recordId: number; status: string }[]>('appraise.overview', {
        reviewId,
      });
      expect(overview.map((o) => o.status)).toEqual(['consensus', 'consensus', 'consensus']);
    });

    it('shows the lead the synthesis and the report drafted from the records', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/synthesise`);
      await page.getByLabel('Rows').selectOption({ label: 'Severity' });
      await page.getByLabel('Columns').selectOption({ label: 'Role of contralesional M1' });
      const table = page.getByTestId('crosstab');
      await table.getByRole('button', { name: '2 studies: Severe, Compensatory' }).waitFor();
      await table
        .getByRole('button', { name: '1 study: Mild, Inhibitory (maladaptive)' })
        .waitFor();
      await screenshot(page, `model-review-${target.name}-01-synthesis`);
      await page.goto(`/#/reviews/${reviewId}/report`);
      const checklist = page.getByTestId('checklist');
      await checklist.waitFor();
      expect(await checklist.locator('tbody tr').count()).toBe(22);
      const href = await page.getByRole('link', { name: 'Report (DOCX)' }).getAttribute('href');
      const docx = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
      }, href!);
      expect(docx.status).toBe(200);
      expect(docx.bytes).toBeGreaterThan(10_000);
      await screenshot(page, `model-review-${target.name}-02-report`);
    });
  });
}
