// The README's tour: serves the demo review on a throwaway database, signs in as the lead and
// takes one screenshot per stage into docs/tour/, so the pictures follow the app as it changes.
// Run after `npm run build`: npx tsx scripts/tour-screenshots.ts (CHROMIUM_PATH to choose the
// browser; default `chromium` on the PATH).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/tour');
const PORT = 4190 + Math.floor(Math.random() * 50);
const db = path.join(mkdtempSync(path.join(tmpdir(), 'rb-tour-')), 'demo.db');

/** Screenshot name, tab, and the text to scroll to when the stage's point is below the fold. */
const TOUR: [string, string, string?][] = [
  ['01-protocol', 'protocol'],
  ['02-identify', 'identify'],
  ['03-deduplicate', 'deduplicate'],
  ['04-screen', 'screen/agreement'],
  ['05-retrieve', 'retrieve'],
  ['06-extract', 'extract', 'Extraction status'],
  ['07-appraise', 'appraise', 'Risk of bias: rob2'],
  ['08-synthesise', 'synthesise'],
  ['09-report', 'report', 'Report package'],
];

const server = spawn(
  process.execPath,
  [path.join(ROOT, 'dist/cli.mjs'), '--db', db, 'serve', '--demo', '--port', String(PORT)],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, REVIEWBENCH_RATE_LIMIT: '0' } },
);
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes(`:${PORT}`)) resolve();
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? 'chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
/** A page signed in as one of the demo's people, on the list of reviews. */
async function signedIn(email: string) {
  const context = await browser.newContext({
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('reviewbench-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}
try {
  const page = await signedIn('lena@demo.reviewbench');
  await page
    .getByRole('link', { name: /contralesional primary motor cortex/i })
    .first()
    .click();
  const reviewUrl = page.url().replace(/\/[a-z]+$/, '');
  mkdirSync(OUT, { recursive: true });
  for (const [name, tab, scrollTo] of TOUR) {
    await page.goto(`${reviewUrl.replace(/\/$/, '')}/${tab}`);
    await page.waitForLoadState('networkidle');
    if (scrollTo) {
      const target = page.getByText(scrollTo, { exact: true }).first();
      await target.waitFor();
      await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    }
    await page.waitForTimeout(800);
    // Figures load after the text: scroll again once they have.
    if (scrollTo)
      await page
        .getByText(scrollTo, { exact: true })
        .first()
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`docs/tour/${name}.png`);
  }
  // An extractor's view of a study she charted: the PDF beside the form, each value with the
  // sentence she quoted for it.
  const anaPage = await signedIn('ana@demo.reviewbench');
  await anaPage
    .getByRole('link', { name: /contralesional primary motor cortex/i })
    .first()
    .waitFor();
  await anaPage.goto(`${reviewUrl.replace(/\/$/, '')}/extract/study/1`);
  await anaPage.locator('.pdf-viewer canvas, .pdf-viewer .page').first().waitFor();
  const quote = anaPage.locator('[data-field="severity_band"]');
  await quote.waitFor();
  await quote.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await anaPage.waitForTimeout(1200);
  await anaPage.screenshot({ path: path.join(OUT, '06b-extract-quotes.png') });
  console.log('docs/tour/06b-extract-quotes.png');
} finally {
  await browser.close();
  server.kill();
}
