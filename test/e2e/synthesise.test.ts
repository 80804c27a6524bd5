import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkipReason, importRis, launchBrowser, leadWithReview, screenshot } from './browser';
import type { ApiCaller } from './browser';
import { startTestServer } from './server';
import type { TestServer } from './server';
import { declareSkipped } from '#test/support/skip';

// Synthesise in the browser: the lead picks severity x role and sees the cross-tabulation of the
// settled charting; a count opens the studies behind it; the strata tally the role per band.

const skipReason = browserSkipReason();
const ROWS = [
  ['Severe', 'Compensatory'],
  ['Severe', 'Compensatory'],
  ['Mild', 'Inhibitory'],
];

declareSkipped('synthesise, end to end', skipReason);
if (!skipReason) {
  describe('synthesise, end to end', () => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: { context: BrowserContext; page: Page };
    let api: ApiCaller;
    let reviewId: number;

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
      await importRis(
        context,
        server.url,
        reviewId,
        ROWS.map(
          (_, i) =>
            `TY  - JOUR\nTI  - Study ${i + 1}\nAU  - Author${i + 1}, A.\nPY  - 2015\nER  - \n`,
        ).join('\n'),
      );
      await api('screen.configure', { reviewId, reviewersPerRecord: 1 });
      const list = await api<{ records: { id: number }[] }>('records.list', { reviewId });
      const ids = list.records.map((r) => r.id).sort((a, b) => a - b);
      for (const recordId of ids)
        for (const stage of ['ti-ab', 'full-text'])
          await api('screen.decide', { reviewId, stage, recordId, decision: 'include' });
      await api('extract.saveForm', {
        reviewId,
        form: {
          id: 'm1',
          title: 'M1',
          version: 1,
          sections: [
            {
              id: 's',
              title: 'Study',
              fields: [
                {
                  id: 'severity_band',
                  label: 'Severity',
                  type: 'single-choice',
                  options: ['Mild', 'Moderate', 'Severe'],
                },
                {
                  id: 'role',
                  label: 'Role',
                  type: 'single-choice',
                  options: ['Compensatory', 'Inhibitory'],
                },
              ],
            },
          ],
        },
      });
      await api('extract.publishForm', { reviewId });
      await api('extract.configure', { reviewId, extractorsPerStudy: 1 });
      for (const [i, [band, role]] of ROWS.entries()) {
        const study = { reviewId, recordId: ids[i] };
        await api('extract.answer', {
          ...study,
          fieldId: 'severity_band',
          value: { choice: band },
        });
        await api('extract.answer', { ...study, fieldId: 'role', value: { choice: role } });
        await api('extract.finish', study);
      }
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it('cross-tabulates severity by role and opens the studies behind a count', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/synthesise`);
      const table = page.getByTestId('crosstab');
      await table.waitFor();
      await table.getByRole('button', { name: '2 studies: Severe, Compensatory' }).click();
      const drill = page.getByTestId('drill-down');
      await drill.getByText('Author1 (2015)').waitFor();
      await drill.getByText('Author2 (2015)').waitFor();
      expect(await drill.getByRole('listitem').count()).toBe(2);
      await page.getByTestId('strata').getByRole('heading', { name: /Mild/ }).waitFor();
      await screenshot(page, 'synthesise-01-crosstab');
    });

    it('draws the evidence map live and opens the studies behind a bubble', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/synthesise`);
      await page.getByLabel('Across').selectOption({ label: 'Role' });
      await page.getByLabel('Down').selectOption({ label: 'Severity' });
      await page.getByLabel('Colour').selectOption({ label: 'Role' });
      await page.getByLabel('Panels').selectOption({ label: '(none)' });
      const chart = page.getByTestId('chart').getByRole('img', { name: 'Role by Severity' });
      await chart.waitFor();
      // The image is the SVG the server would embed in the report, drawn in the page.
      const src = (await chart.getAttribute('src')) ?? '';
      const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
      const file = await page.evaluate(
        async (url) => (await fetch(url)).text(),
        [await page.getByRole('link', { name: 'SVG' }).getAttribute('href')][0]!,
      );
      expect(svg).toBe(file);
      await page
        .getByTestId('bubbles')
        .getByRole('button', { name: 'Compensatory · Severe · Compensatory: 2' })
        .click();
      const drill = page.getByTestId('chart-drill-down');
      await drill.getByText('Author1 (2015)').waitFor();
      expect(await drill.getByRole('listitem').count()).toBe(2);
      await chart.scrollIntoViewIfNeeded();
      await screenshot(page, 'synthesise-02-evidence-map');
    });

    it('shows the checklist filled from the records and hands over the report package', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/report`);
      const checklist = page.getByTestId('checklist');
      await checklist.waitFor();
      expect(await checklist.locator('tbody tr').count()).toBe(22);
      await page.getByRole('combobox', { name: 'Checklist' }).selectOption('prisma-2020');
      await checklist.getByText('Availability of data, code and other materials').waitFor();
      expect(await checklist.locator('tbody tr').count()).toBe(27);
      await page.getByLabel('Reference style').selectOption('ama');
      const href = await page.getByRole('link', { name: 'Report (DOCX)' }).getAttribute('href');
      expect(href).toContain('style=ama');
      const got = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const bytes = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          magic: [...bytes.slice(0, 2)],
        };
      }, href!);
      expect(got).toEqual({
        status: 200,
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        magic: [0x50, 0x4b],
      });
      await page.getByRole('link', { name: 'Reproducibility bundle (ZIP)' }).waitFor();
      await screenshot(page, 'report-01-package-checklist');
    });

    it('keeps the protocol: written first, then amended with a reason, every version listed', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/protocol`);
      const form = page.getByTestId('protocol-form');
      await form
        .getByLabel('Review question')
        .fill('What role does contralesional M1 play in upper-limb recovery?');
      await form.getByLabel('Framework').selectOption('PCC');
      await form.getByLabel('Databases (one per line)').fill('PubMed\nEmbase');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved as version 1.').waitFor();
      await form.getByLabel('Databases (one per line)').fill('PubMed\nEmbase\nScopus');
      await form.getByLabel('Reason, to record this change as an amendment').fill('Scopus added.');
      await form.getByRole('button', { name: 'Amend the protocol' }).click();
      await page.getByText('Saved as version 2.').waitFor();
      const versions = page.getByTestId('protocol-versions');
      await versions.getByText(/Version 2, .*: Scopus added\./).waitFor();
      expect(await versions.getByRole('listitem').count()).toBe(2);
      await screenshot(page, 'protocol-01-amended');
    });
  });
}
