import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt (never `playwright install`). */
export const CHROMIUM_PATH = process.env.REVIEWBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots of each screen go (test artifacts, looked at by people). */
export const SCREENSHOTS = resolve(process.cwd(), 'reports/screenshots');

/** The real exports of ../shared/data this suite imports. */
export const CORPUS = resolve(process.cwd(), '../shared/data/citesource/valid_data');
export const CORPUS_FILES = ['pubmed_46.ris', 'WoS_79.ris'].map((name) => join(CORPUS, name));

/** Why the browser suites cannot run here, or undefined when they can (one line, used as a test name). */
export function browserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM_PATH))
    return `browser e2e skipped: ${CHROMIUM_PATH} is absent (apt-get install chromium)`;
  if (!existsSync(resolve(process.cwd(), 'web/dist/index.html')))
    return 'browser e2e skipped: web/dist is not built (npm run build)';
  return undefined;
}

/**
 * A headless Chromium, quiet on the network (no updates, no sync). Playwright gives every
 * `launch` a fresh temporary user-data-dir of its own and refuses a `--user-data-dir` flag.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** A new signed-out browser context (its own cookies) at a laptop-sized viewport. */
export async function openContext(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot under reports/screenshots/. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Creates an account from a link (the setup link, or an invitation link) through its form
 * and waits for the page it leads to.
 */
export async function signUpFromLink(
  page: Page,
  link: string,
  account: { name: string; email: string; password: string },
  submit: 'Create administrator' | 'Create account and join',
): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Name').fill(account.name);
  const email = page.getByLabel('Email');
  if (await email.isEditable()) await email.fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: submit }).click();
}

/** Calls the API with a context's session (the same cookies as its pages). */
export type ApiCaller = <T>(route: string, data: unknown) => Promise<T>;

export function apiFor(context: BrowserContext, origin: string): ApiCaller {
  return async <T>(route: string, data: unknown): Promise<T> => {
    const response = await context.request.post(`/api/${route}`, {
      data: data as Record<string, unknown>,
      headers: { origin },
    });
    if (!response.ok()) throw new Error(`${route}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/**
 * The usual start of a stage's end-to-end test: Lena Lead becomes the administrator through
 * the setup link and creates a review; returns her page, an API caller and the review's id.
 */
export async function leadWithReview(
  browser: Browser,
  server: { url: string; setupLink: string },
  title: string,
): Promise<{ context: BrowserContext; page: Page; api: ApiCaller; reviewId: number }> {
  const { context, page } = await openContext(browser, server.url);
  await signUpFromLink(
    page,
    server.setupLink,
    { name: 'Lena Lead', email: 'lead@example.org', password: 'correct horse battery' },
    'Create administrator',
  );
  await page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
  const api = apiFor(context, server.url);
  const { id } = await api<{ id: number }>('reviews.create', {
    title,
    type: 'scoping',
    protocol: {},
  });
  return { context, page, api, reviewId: id };
}

/**
 * A reviewer joins the review as people do: the lead's invitation link, an account made from it
 * (`name`, `<name>@example.org`), the review's page. Returns their browser context and page.
 */
export async function reviewerJoins(
  browser: Browser,
  server: { url: string },
  api: ApiCaller,
  review: { id: number; title: string },
  name: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const who = await openContext(browser, server.url);
  const { token } = await api<{ token: string }>('members.invite', {
    reviewId: review.id,
    role: 'reviewer',
  });
  await signUpFromLink(
    who.page,
    `${server.url}/#/invite/${token}`,
    { name, email: `${name.toLowerCase()}@example.org`, password: 'correct horse battery' },
    'Create account and join',
  );
  await who.page.getByRole('heading', { name: review.title }).waitFor();
  return who;
}

/** Imports RIS text into a review through the API, as the lead. */
export async function importRis(
  context: BrowserContext,
  origin: string,
  reviewId: number,
  ris: string,
): Promise<void> {
  const response = await context.request.post('/api/identify.import', {
    headers: { origin },
    multipart: {
      reviewId: String(reviewId),
      file: {
        name: 'search.ris',
        mimeType: 'application/x-research-info-systems',
        buffer: Buffer.from(ris),
      },
    },
  });
  if (response.status() !== 200)
    throw new Error(`import: ${response.status()} ${await response.text()}`);
}

/** The record id the screening page shows now. */
export async function shownRecord(page: Page): Promise<number> {
  const article = page.locator('article.record');
  await article.waitFor();
  return Number(await article.getAttribute('data-record-id'));
}

/** Presses a decision key and waits until another record (or the done card) is shown. */
export async function decideByKey(page: Page, key: 'i' | 'e' | 'm'): Promise<number> {
  const before = await shownRecord(page);
  await page.keyboard.press(key);
  await page.waitForFunction((id) => {
    const shown = document.querySelector('article.record');
    return !shown || shown.getAttribute('data-record-id') !== String(id);
  }, before);
  return before;
}
