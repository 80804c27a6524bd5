import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkipReason, launchBrowser, leadWithReview, screenshot } from './browser';
import type { ApiCaller } from './browser';
import { startTestServer } from './server';
import type { TestServer } from './server';
import { declareSkipped } from '#test/support/skip';
import { madePdf } from '#test/support/pdf';

// Retrieve in the browser: a screener drops three real PDFs, which are matched to their
// reports; the full-text screen shows page 1 with an include term marked; one report is
// excluded with a reason and another marked not retrieved; PRISMA counts both.

const FULL_TEXTS = resolve(process.cwd(), '../shared/data/full-texts');
const PDFS = [
  'rct-physical-activity-smoking-pregnancy.pdf',
  'qualitative-heart-failure-programmes.pdf',
  'psychogeriatrics-2014.pdf',
].map((file) => join(FULL_TEXTS, file));
const skipReason =
  browserSkipReason() ??
  (PDFS.every((file) => existsSync(file))
    ? undefined
    : 'retrieve e2e skipped: ../shared/data/full-texts is absent');

const RECORDS = [
  [
    'Physical activity for smoking cessation in pregnancy: randomised controlled trial',
    '10.1136/bmj.h2145',
  ],
  ['Patient experiences of structured heart failure programmes', '10.1155/2010/157939'],
  [
    'Stressful life events are not associated with the development of dementia',
    '10.1017/S1041610213001804',
  ],
  ['Smoking in pregnancy: a report nobody could find', '10.5555/lost'],
] as const;

declareSkipped('retrieve, end to end', skipReason);
if (!skipReason) {
  describe('retrieve, end to end', () => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: { context: BrowserContext; page: Page };
    let reviewId: number;
    const ids = new Map<string, number>();

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
      const ris = RECORDS.map(
        ([title, doi]) => `TY  - JOUR\nTI  - ${title}\nPY  - 2014\nDO  - ${doi}\nER  - \n`,
      ).join('\n');
      const imported = await lead.context.request.post('/api/identify.import', {
        headers: { origin: server.url },
        multipart: {
          reviewId: String(reviewId),
          file: {
            name: 'search.ris',
            mimeType: 'application/x-research-info-systems',
            buffer: Buffer.from(ris),
          },
        },
      });
      expect(imported.status()).toBe(200);
      await api('screen.configure', {
        reviewId,
        reviewersPerRecord: 1,
        highlight: { include: ['smoking'], exclude: [] },
      });
      const list = await api<{ records: { id: number; title: string }[] }>('records.list', {
        reviewId,
        limit: 50,
      });
      for (const record of list.records) {
        ids.set(record.title, record.id);
        await api('screen.decide', {
          reviewId,
          stage: 'ti-ab',
          recordId: record.id,
          decision: 'include',
        });
      }
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it('matches three dropped PDFs to their reports and marks a fourth not retrieved', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/retrieve`);
      await page.getByRole('heading', { name: 'Every report sought' }).waitFor();
      await page.getByLabel('PDF files').setInputFiles(PDFS);
      await page.getByText('3 attached, 0 to confirm, 0 refused.').waitFor();
      for (const [title] of RECORDS.slice(0, 3))
        await page
          .locator(`tr[data-record-id="${ids.get(title)}"]`)
          .getByText('Retrieved', { exact: true })
          .waitFor();
      const lost = page.locator(`tr[data-record-id="${ids.get(RECORDS[3]![0])}"]`);
      await lost.getByRole('combobox').selectOption('Author did not reply');
      await lost.getByRole('button', { name: 'Mark' }).click();
      await lost.getByText('Not retrieved', { exact: true }).waitFor();
      // The same PDFs again, as one zip: matched again, nothing changes.
      const zip = zipSync(
        Object.fromEntries(PDFS.map((file) => [`articles/${basename(file)}`, readFileSync(file)])),
      );
      await page.getByLabel('PDF files').setInputFiles({
        name: 'articles.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from(zip),
      });
      await page.getByText('already attached').first().waitFor();
      await page.getByText('3 attached, 0 to confirm, 0 refused.').waitFor();
      expect(await page.getByText('; already attached').count()).toBe(3);
      // Two reports of one study, linked from the table.
      const [first, second] = [ids.get(RECORDS[0]![0])!, ids.get(RECORDS[1]![0])!];
      const row = page.locator(`tr[data-record-id="${second}"]`);
      await row.getByLabel(`Record of the same study as record ${second}`).fill(String(first));
      await row.getByRole('button', { name: 'Same study' }).click();
      await row.getByText(`study ${first}`).waitFor();
      await page
        .locator(`tr[data-record-id="${first}"]`)
        .getByText(`study ${first} (primary report)`)
        .waitFor();
      await screenshot(page, 'retrieve-01-reports');
      await row.getByRole('button', { name: 'Unlink' }).click();
      await row.getByText('its own').waitFor();
    });

    it('shows page 1 of the PDF beside the decision, an include term marked, and excludes with a reason', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/screen`);
      await page.locator('select').first().selectOption({ label: 'Full text' });
      const viewer = page.getByTestId('pdf-viewer');
      await viewer.waitFor();
      await viewer.getByText(/^Page 1 of \d+$/).waitFor();
      const mark = page.getByTestId('pdf-text-layer').locator('mark.hl-include').first();
      await mark.waitFor();
      expect((await mark.textContent())?.toLowerCase()).toMatch(/^smok/);
      // The page was drawn: the canvas holds more than a blank page.
      const inked = await page
        .locator('.pdf-page-frame canvas')
        .evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas
            .getContext('2d')!
            .getImageData(0, 0, canvas.width, canvas.height).data;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark += 1;
          return dark;
        });
      expect(inked).toBeGreaterThan(1000);
      await screenshot(page, 'retrieve-02-full-text');
      const shown = Number(await page.locator('article.record').getAttribute('data-record-id'));
      await page.keyboard.press('e');
      await page.getByText('Reason for exclusion').waitFor();
      await page.keyboard.press('1');
      await page.waitForFunction(
        (id) =>
          document.querySelector('article.record')?.getAttribute('data-record-id') !== String(id),
        shown,
      );
      const counts = await api<{ counts: Record<string, number> }>('report.prismaCounts', {
        reviewId,
      });
      expect(counts.counts).toMatchObject({
        dbr_sought_reports: 4,
        dbr_notretrieved_reports: 1,
        dbr_assessed: 1,
      });
      const svg = await (
        await lead.context.request.get(`/api/report.prisma?reviewId=${reviewId}&format=svg`)
      ).text();
      // (The counts are written with no-break spaces.)
      expect(svg).toMatch(/Reports sought for retrieval \(n\s=\s4\)/);
      expect(svg).toMatch(/Reports not retrieved \(n\s=\s1\)/);
      expect(svg).toMatch(/Reports assessed for eligibility \(n\s=\s1\)/);
    });

    it('leaves an unsure match to a person, who attaches it to the suggested report', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/retrieve`);
      await page.getByRole('heading', { name: 'Every report sought' }).waitFor();
      // Most of record 4's title on page 1, not all of it: a suggestion, not a match.
      const pdf = await madePdf('Smoking in pregnancy: a report that nobody could find again');
      await page.getByLabel('PDF files').setInputFiles({
        name: 'scanned-letter.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(pdf),
      });
      await page.getByText('0 attached, 1 to confirm, 0 refused.').waitFor();
      await page.getByText(/title only partly printed on page 1/).waitFor();
      await page.getByRole('button', { name: 'Attach to this report' }).click();
      await page
        .getByText('Attached by hand to Smoking in pregnancy: a report nobody could find.')
        .waitFor();
      const lost = page.locator(`tr[data-record-id="${ids.get(RECORDS[3]![0])}"]`);
      await lost.getByText('Retrieved', { exact: true }).waitFor();
      await lost.getByText('scanned-letter.pdf').waitFor();
      await screenshot(page, 'retrieve-03-confirmed');
    });
  });
}
