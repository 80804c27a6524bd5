import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

// Extract in the browser: the lead builds a small form in the builder and publishes it; two
// reviewers chart one real study beside its PDF, one quoting a passage she selects in it;
// they disagree on the sample size; the lead settles it side by side; the XLSX export holds
// every answer and the consensus.

const PDF = join(
  resolve(process.cwd(), '../shared/data/full-texts'),
  'rct-physical-activity-smoking-pregnancy.pdf',
);
const TITLE = 'Physical activity for smoking cessation in pregnancy: randomised controlled trial';
const skipReason =
  browserSkipReason() ??
  (existsSync(PDF) ? undefined : 'extract e2e skipped: ../shared/data/full-texts is absent');

declareSkipped('extract, end to end', skipReason);
if (!skipReason) {
  describe('extract, end to end', () => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: { context: BrowserContext; page: Page };
    let ana: { context: BrowserContext; page: Page };
    let ben: { context: BrowserContext; page: Page };
    let reviewId: number;
    let studyId: number;

    let api: ApiCaller;

    beforeAll(async () => {
      server = await startTestServer();
      ({ browser, close: closeBrowser } = await launchBrowser());
      let context: BrowserContext;
      let page: Page;
      ({ context, page, api, reviewId } = await leadWithReview(
        browser,
        server,
        'Smoking in pregnancy',
      ));
      lead = { context, page };
      const review = { id: reviewId, title: 'Smoking in pregnancy' };
      ana = await reviewerJoins(browser, server, api, review, 'Ana');
      ben = await reviewerJoins(browser, server, api, review, 'Ben');
      await importRis(
        lead.context,
        server.url,
        reviewId,
        `TY  - JOUR\nTI  - ${TITLE}\nAU  - Ussher, M.\nPY  - 2015\nDO  - 10.1136/bmj.h2145\nER  - \n`,
      );
      await api('screen.configure', { reviewId, reviewersPerRecord: 1 });
      await api('protocol.edit', {
        reviewId,
        protocol: {
          question: 'Does physical activity help people stop smoking?',
          framework: 'PCC',
          population: 'Adult smokers',
          charting: 'One form, piloted on three studies, two extractors.',
        },
      });
      const list = await api<{ records: { id: number }[] }>('records.list', { reviewId });
      studyId = list.records[0]!.id;
      for (const stage of ['ti-ab', 'full-text'])
        await api('screen.decide', { reviewId, stage, recordId: studyId, decision: 'include' });
      const attached = await lead.context.request.post('/api/retrieve.attach', {
        headers: { origin: server.url },
        multipart: {
          reviewId: String(reviewId),
          recordId: String(studyId),
          file: { name: 'rct.pdf', mimeType: 'application/pdf', buffer: readFileSync(PDF) },
        },
      });
      expect(attached.status()).toBe(200);
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it('builds a form in the builder, previews it, and publishes it', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/extract/form`);
      await page.getByRole('button', { name: 'An empty form' }).click();
      const fields = page.getByTestId('builder-field');
      await fields.first().waitFor();
      await page.getByRole('button', { name: 'Add a field' }).click();
      const size = fields.nth(1);
      await size.getByLabel('Field label').fill('Sample size');
      await size.getByLabel('Field type').selectOption({ label: 'Whole number' });
      await size.getByLabel('Unit').fill('participants');
      await page.getByRole('button', { name: 'Add a field' }).click();
      const band = fields.nth(2);
      await band.getByLabel('Field label').fill('Severity');
      await band.getByLabel('Field type').selectOption({ label: 'One choice' });
      await band.getByLabel('Options, one per line').fill('Mild\nModerate\nSevere');
      await band.getByRole('checkbox', { name: 'Required' }).check();
      expect(await size.getByLabel('Field id').inputValue()).toBe('sample_size');
      // The preview shows the form as extractors will see it.
      const preview = page.getByRole('complementary', { name: 'Preview' });
      await preview.getByRole('radio', { name: 'Severe' }).waitFor();
      await preview.getByText('participants').waitFor();
      await screenshot(page, 'extract-01-builder');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved as version 1 (pilot).').waitFor();
      await page.getByRole('button', { name: 'Publish this version' }).click();
      await page.getByText('Version 1 is published: extractors chart with it.').waitFor();
    });

    it('lets two reviewers chart the study beside its PDF, one quoting a passage she selects', async () => {
      for (const [who, size] of [
        [ana, '120'],
        [ben, '118'],
      ] as const) {
        const { page } = who;
        await page.goto(`/#/reviews/${reviewId}/extract`);
        await page
          .getByTestId('my-studies')
          .getByRole('link', { name: /Physical activity/ })
          .click();
        await page
          .getByTestId('pdf-viewer')
          .getByText(/^Page 1 of \d+$/)
          .waitFor();
        // The protocol beside the form, folded to its question until opened.
        const protocol = page.getByTestId('protocol-summary');
        await protocol.getByText('Protocol (version 1): Does physical activity help').click();
        await protocol.getByText('One form, piloted on three studies, two extractors.').waitFor();
        await page.getByLabel('Authors').fill('Ussher et al.');
        await page.getByLabel('Authors').press('Enter');
        await page.getByLabel('Sample size').fill(size);
        await page.getByLabel('Sample size').press('Tab');
        await page.getByRole('radio', { name: 'Severe' }).check();
        await page.locator('[data-field="severity"]').getByText('Saved').waitFor();
        await page.locator('[data-field="sample_size"]').getByText('Saved').waitFor();
        await page.locator('[data-field="sample_size"]').getByTestId('no-quote').waitFor();
        if (who === ana) {
          // Select the title's words in the PDF's text layer, as a mouse would.
          const layer = page.getByTestId('pdf-text-layer');
          await layer.locator('span', { hasText: 'Physical activity' }).first().waitFor();
          await page.evaluate(() => {
            const span = Array.from(
              document.querySelectorAll<HTMLSpanElement>('[data-testid="pdf-text-layer"] span'),
            ).find((s) => s.textContent?.includes('Physical activity'))!;
            const range = document.createRange();
            range.selectNodeContents(span);
            const selection = window.getSelection()!;
            selection.removeAllRanges();
            selection.addRange(range);
            span.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
          });
          await page.getByTestId('selection').waitFor();
          await page
            .locator('[data-field="sample_size"]')
            .getByRole('button', { name: /Quote the selection/ })
            .click();
          const quote = page.locator('[data-field="sample_size"] button.quote');
          await quote.waitFor();
          expect(await quote.textContent()).toMatch(/^p\. 1: “.*Physical activity/);
          await screenshot(page, 'extract-02-study');
        }
        await page.getByRole('button', { name: 'Finish this study' }).click();
        await page.getByTestId('my-state').getByText('complete').waitFor();
      }
    });

    it('shows the lead the disagreement side by side, settles it, and exports an XLSX', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/extract`);
      const queue = page.getByTestId('reconcile');
      await queue.getByText('Sample size').waitFor();
      await queue.getByText('120', { exact: true }).waitFor();
      await queue.getByText('118', { exact: true }).waitFor();
      await queue.getByText(/p\. 1: “.*Physical activity/).waitFor();
      await screenshot(page, 'extract-03-reconcile');
      await queue.getByRole('button', { name: /Use ana@example.org’s answer/ }).click();
      await page.getByText('No disagreement waits').waitFor();
      await page.getByTestId('extract-overview').getByText('Consensus', { exact: true }).waitFor();

      const response = await lead.context.request.get(
        `/api/extract.export?reviewId=${reviewId}&shape=long&format=xlsx`,
      );
      expect(response.status()).toBe(200);
      const { default: Excel } = await import('exceljs');
      const book = new Excel.Workbook();
      await book.xlsx.load((await response.body()) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('extraction')!;
      const rows: string[][] = [];
      sheet.eachRow((row) =>
        rows.push(
          (row.values as unknown[])
            .slice(1)
            .map((v) => (v === null || v === undefined ? '' : String(v))),
        ),
      );
      const [header, ...data] = rows;
      const at = (name: string) => header!.indexOf(name);
      expect(
        data.map((r) => [
          r[at('field_id')],
          r[at('extractor')],
          r[at('value')],
          r[at('page')] ?? '',
        ]),
      ).toEqual([
        ['authors', 'ana@example.org', 'Ussher et al.', ''],
        ['authors', 'ben@example.org', 'Ussher et al.', ''],
        ['authors', 'consensus', 'Ussher et al.', ''],
        ['sample_size', 'ana@example.org', '120', '1'],
        ['sample_size', 'ben@example.org', '118', ''],
        ['sample_size', 'consensus', '120', '1'],
        ['severity', 'ana@example.org', 'Severe', ''],
        ['severity', 'ben@example.org', 'Severe', ''],
        ['severity', 'consensus', 'Severe', ''],
      ]);
    });
  });
}
