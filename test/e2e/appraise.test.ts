import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserSkipReason,
  launchBrowser,
  importRis,
  leadWithReview,
  reviewerJoins,
  screenshot,
} from './browser';
import type { ApiCaller } from './browser';
import { startTestServer } from './server';
import type { TestServer } from './server';
import { declareSkipped } from '#test/support/skip';

// Appraise in the browser: two reviewers appraise an animal study with SYRCLE and a trial with
// RoB 2 by answering signalling questions (the proposal follows as they answer); they disagree
// on the trial's domain 5; the lead settles it and the traffic-light plot appears with it.

const skipReason = browserSkipReason();

/** RoB 2 answers that take every domain to Low; domain 5 varies by assessor. */
const ROB2: [string, string[][]][] = [
  [
    'D1',
    [
      ['1.1', 'Y'],
      ['1.2', 'Y'],
      ['1.3', 'N'],
    ],
  ],
  [
    'D2',
    [
      ['2.1', 'N'],
      ['2.2', 'N'],
      ['2.6', 'Y'],
    ],
  ],
  ['D3', [['3.1', 'Y']]],
  [
    'D4',
    [
      ['4.1', 'N'],
      ['4.2', 'N'],
      ['4.3', 'N'],
    ],
  ],
];
const SYRCLE_QUESTIONS = [
  '1.1',
  '2.1',
  '2.2',
  '3.1',
  '4.1',
  '4.2',
  '5.1',
  '6.1',
  '7.1',
  '8.1',
  '9.1',
  '10.1',
  '10.2',
];

declareSkipped('appraise, end to end', skipReason);
if (!skipReason) {
  describe('appraise, end to end', () => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: { context: BrowserContext; page: Page };
    const assessors: { context: BrowserContext; page: Page }[] = [];
    let api: ApiCaller;
    let reviewId: number;
    const ids: number[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      ({ browser, close: closeBrowser } = await launchBrowser());
      let context: BrowserContext;
      let page: Page;
      ({ context, page, api, reviewId } = await leadWithReview(
        browser,
        server,
        'Motor cortex after stroke',
      ));
      lead = { context, page };
      for (const name of ['Ana', 'Ben'])
        assessors.push(
          await reviewerJoins(
            browser,
            server,
            api,
            { id: reviewId, title: 'Motor cortex after stroke' },
            name,
          ),
        );
      await importRis(
        lead.context,
        server.url,
        reviewId,
        'TY  - JOUR\nTI  - Inhibitory rTMS of contralesional M1: a randomised trial\nAU  - Alvarez, M.\nPY  - 2012\nER  - \n\nTY  - JOUR\nTI  - Dendritic remodelling in contralesional cortex of rats\nAU  - Baker, T.\nPY  - 2016\nER  - \n\nTY  - JOUR\nTI  - Mirror activity of contralesional M1: a case series\nAU  - Chen, L.\nPY  - 2019\nER  - \n',
      );
      await api('screen.configure', { reviewId, reviewersPerRecord: 1 });
      const list = await api<{ records: { id: number }[] }>('records.list', { reviewId });
      for (const record of list.records) {
        ids.push(record.id);
        for (const stage of ['ti-ab', 'full-text'])
          await api('screen.decide', { reviewId, stage, recordId: record.id, decision: 'include' });
      }
      await api('appraise.assign', { reviewId, recordId: ids[0], toolId: 'rob2' });
      await api('appraise.assign', { reviewId, recordId: ids[1], toolId: 'syrcle' });
    });

    /** The review's own tool, for the case series no shipped tool covers. */
    const OWN_TOOL = {
      id: 'generic-case-series',
      name: 'Case-series quality (the review’s own)',
      judgements: ['Good', 'Fair', 'Poor'],
      domains: [
        { id: 'Q1', name: 'Consecutive inclusion' },
        { id: 'Q2', name: 'Outcome measured the same way for all' },
        { id: 'Q3', name: 'Follow-up complete' },
      ],
    };

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    /** Answers one signalling question and waits for the save to come back. */
    const answer = async (page: Page, question: string, option: string) => {
      const group = page.getByRole('radiogroup', {
        name: new RegExp(`^${question.replace('.', '\\.')} `),
      });
      await group.getByRole('radio', { name: option, exact: true }).check();
    };

    it('lets two assessors appraise both studies, the proposal following their answers', async () => {
      for (const [i, who] of assessors.entries()) {
        const { page } = who;
        await page.goto(`/#/reviews/${reviewId}/appraise`);
        await page
          .getByTestId('my-appraisals')
          .getByRole('link', { name: /randomised trial/ })
          .click();
        for (const [domain, answers] of ROB2) {
          for (const [question, option] of answers) await answer(page, question!, option!);
          await page.getByTestId(`judgement-${domain}`).getByText('Proposed: Low').waitFor();
        }
        await answer(page, '5.1', i === 0 ? 'Y' : 'N');
        await answer(page, '5.2', 'N');
        await answer(page, '5.3', 'N');
        await page
          .getByTestId('judgement-D5')
          .getByText(i === 0 ? 'Proposed: Low' : 'Proposed: Some concerns')
          .waitFor();
        await page
          .getByLabel('Judgement of overall')
          .selectOption(i === 0 ? 'Low' : 'Some concerns');
        await page
          .getByTestId('judgement-overall')
          .getByText(/Proposed: (Low|Some concerns)/)
          .waitFor();
        if (i === 0) await screenshot(page, 'appraise-01-rob2');
        await page.getByRole('button', { name: 'Finish this appraisal' }).click();
        await page.getByTestId('my-appraisal-state').getByText('complete').waitFor();

        await page.goto(`/#/reviews/${reviewId}/appraise`);
        await page
          .getByTestId('my-appraisals')
          .getByRole('link', { name: /Dendritic/ })
          .click();
        for (const question of SYRCLE_QUESTIONS) await answer(page, question, 'Y');
        await page.getByTestId('judgement-D10').getByText('Proposed: Low').waitFor();
        await page.getByRole('button', { name: 'Finish this appraisal' }).click();
        await page.getByTestId('my-appraisal-state').getByText('complete').waitFor();
      }
    });

    it('shows the lead the disagreement side by side; settling it brings the plot', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/appraise`);
      const queue = page.getByTestId('appraise-reconcile');
      await queue.getByText('D5: Bias in selection of the reported result').waitFor();
      // SYRCLE agreed everywhere: its figures are there; RoB 2's wait for the settlement.
      await page.getByTestId('rob-figures-syrcle').waitFor();
      expect(await page.getByTestId('rob-figures-rob2').count()).toBe(0);
      await screenshot(page, 'appraise-02-reconcile');
      for (let n = 0; n < 2; n += 1)
        await queue
          .getByRole('button', { name: /Use ben@example.org’s judgement/ })
          .first()
          .click();
      await page.getByText('No disagreement waits.').waitFor();
      const figures = page.getByTestId('rob-figures-rob2');
      await figures.waitFor();
      await figures.getByRole('img', { name: 'Traffic-light plot, rob2' }).waitFor();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll<HTMLImageElement>('.rob-figures img')).every(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      );
      await screenshot(page, 'appraise-03-plots');
      const svg = await (
        await lead.context.request.get(
          `/api/appraise.plot?reviewId=${reviewId}&toolId=rob2&type=traffic&format=svg`,
        )
      ).text();
      expect(svg).toContain('>Alvarez 2012</text>');
      const csv = await (
        await lead.context.request.get(`/api/appraise.export?reviewId=${reviewId}&toolId=rob2`)
      ).text();
      expect(csv).toBe(
        'Study,D1,D2,D3,D4,D5,Overall\nAlvarez 2012,Low,Low,Low,Low,Some concerns,Some concerns\n',
      );
    });

    it('appraises a study with the review’s own tool in the screen, the overall the worst domain', async () => {
      await api('appraise.configure', { reviewId, tool: OWN_TOOL });
      await api('appraise.assign', { reviewId, recordId: ids[2], toolId: OWN_TOOL.id });
      for (const [i, { page }] of assessors.entries()) {
        await page.goto(`/#/reviews/${reviewId}/appraise`);
        await page
          .getByTestId('my-appraisals')
          .getByRole('link', { name: /case series/ })
          .click();
        await page
          .getByText('Case-series quality (the review’s own), defined by the review')
          .waitFor();
        const select = page.getByLabel('Judgement of Q1');
        // The review's scale, then "No information" and "Not applicable" once each.
        expect(await select.locator('option').allTextContents()).toEqual([
          '—',
          'Good',
          'Fair',
          'Poor',
          'No information',
          'Not applicable',
        ]);
        for (const [domainId, judgement] of [
          ['Q1', 'Good'],
          ['Q2', i === 0 ? 'Fair' : 'Good'],
          ['Q3', 'Good'],
        ] as const) {
          await Promise.all([
            page.waitForResponse((r) => r.url().includes('/api/appraise.judge')),
            page.getByLabel(`Judgement of ${domainId}`).selectOption(judgement),
          ]);
          // Judged directly: the judgement is the domain's answer, nothing proposed to override.
          await expect
            .poll(() => page.getByLabel(`Judgement of ${domainId}`).inputValue())
            .toBe(judgement);
          await expect
            .poll(() => page.getByTestId(`judgement-${domainId}`).getByText('Proposed').count())
            .toBe(0);
        }
        // The overall is proposed from the domains as they are judged (the worst of them) and
        // stands as the assessor's overall unless they override it.
        await page
          .getByTestId('judgement-overall')
          .getByText(`Proposed: ${i === 0 ? 'Fair' : 'Good'}`)
          .waitFor();
        await expect
          .poll(() => page.getByLabel('Judgement of overall').inputValue())
          .toBe(i === 0 ? 'Fair' : 'Good');
        if (i === 0) await screenshot(page, 'appraise-04-own-tool');
        await page.getByRole('button', { name: 'Finish this appraisal' }).click();
        await page.getByTestId('my-appraisal-state').getByText('complete').waitFor();
      }
      // They differ on Q2 (and so overall): the lead settles it as Fair, and the figure follows.
      const { page } = lead;
      // The lead's page is still on this screen from the last test: load it afresh.
      await page.goto(`/#/reviews/${reviewId}/appraise`);
      await page.reload();
      const queue = page.getByTestId('appraise-reconcile');
      await queue.getByText('Q2: Outcome measured the same way for all').waitFor();
      for (let n = 0; n < 2; n += 1)
        await queue
          .getByRole('button', { name: /Use ana@example.org’s judgement/ })
          .first()
          .click();
      await page.getByText('No disagreement waits.').waitFor();
      await page.getByTestId(`rob-figures-${OWN_TOOL.id}`).waitFor();
      const csv = await (
        await lead.context.request.get(
          `/api/appraise.export?reviewId=${reviewId}&toolId=${OWN_TOOL.id}`,
        )
      ).text();
      expect(csv).toBe('Study,Q1,Q2,Q3,Overall\nChen 2019,Good,Fair,Good,Fair\n');
    });
  });
}
