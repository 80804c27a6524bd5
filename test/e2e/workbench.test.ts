import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CORPUS_FILES,
  browserSkipReason,
  decideByKey,
  launchBrowser,
  openContext,
  screenshot,
  shownRecord,
  signUpFromLink,
} from './browser';
import { startTestServer } from './server';
import type { TestServer } from './server';
import { declareSkipped } from '#test/support/skip';

// One team's day in the browser: the lead sets up a review and imports real exports, runs
// de-duplication, two reviewers screen blinded with one deliberate conflict, the lead resolves
// it and the PRISMA diagram shows the counts the API derives.

const skipReason =
  browserSkipReason() ??
  (CORPUS_FILES.every((file) => existsSync(file))
    ? undefined
    : 'browser e2e skipped: ../shared/data/citesource/valid_data is absent');

const PASSWORD = 'correct horse battery';
const LEAD = { name: 'Lena Lead', email: 'lead@example.org' };
const REVIEWER = { name: 'Rui Reviewer', email: 'rui@example.org' };
const SECOND = { name: 'Sam Second', email: 'sam@example.org' };

interface Decided {
  recordId: number;
  decision: 'include' | 'exclude';
}

declareSkipped('web workbench, end to end', skipReason);
if (!skipReason) {
  describe('web workbench, end to end', () => {
    let server: TestServer;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let lead: { context: BrowserContext; page: Page };
    let reviewer: { context: BrowserContext; page: Page };
    let second: { context: BrowserContext; page: Page };
    let reviewId: number;
    const samDecisions: Decided[] = [];
    const ruiDecisions: Decided[] = [];
    let conflictId = 0;

    beforeAll(async () => {
      server = await startTestServer();
      ({ browser, close: closeBrowser } = await launchBrowser());
      lead = await openContext(browser, server.url);
      reviewer = await openContext(browser, server.url);
      second = await openContext(browser, server.url);
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it('creates the administrator from the setup link, and admits the reviewer by invitation only', async () => {
      const { page } = lead;
      await page.goto('/');
      await page.getByRole('tab', { name: 'Sign in' }).waitFor();
      // Invite-only: nobody can create an account from the sign-in page.
      expect(await page.getByRole('tab', { name: 'Create account' }).count()).toBe(0);
      await page.getByText('This server has no administrator yet').waitFor();
      await screenshot(page, '01-sign-in');
      await signUpFromLink(
        page,
        server.setupLink,
        { ...LEAD, password: PASSWORD },
        'Create administrator',
      );
      await page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
      await page.getByLabel('Title').fill('Digital interventions for loneliness');
      await page
        .getByLabel('Review question')
        .fill('What digital interventions for loneliness in older adults have been studied?');
      await page.getByLabel('Population').fill('Adults aged 65 and over');
      await page.getByLabel('Concept').fill('Digital interventions');
      await page
        .getByLabel('Inclusion criteria (one per line)')
        .fill('Older adults\nDigital intervention');
      await page.getByLabel('Exclusion criteria (one per line)').fill('Conference abstracts');
      await screenshot(page, '02-new-review');
      await page.getByRole('button', { name: 'Create review' }).click();
      await page.waitForURL(/#\/reviews\/\d+\/identify$/);
      reviewId = Number(/reviews\/(\d+)/.exec(page.url())![1]);

      await page.getByRole('link', { name: 'Team' }).click();
      await page.getByLabel('Email (optional)').fill(REVIEWER.email);
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      const link = await page.getByLabel('Invitation link').inputValue();
      expect(link).toMatch(new RegExp(`^${server.url}/#/invite/[\\w-]+$`));
      await page
        .getByRole('table', { name: 'Invitations' })
        .getByRole('cell', { name: REVIEWER.email, exact: true })
        .waitFor();
      await screenshot(page, '03-team');

      await reviewer.page.goto(link);
      await reviewer.page
        .getByRole('heading', { name: /invited to join .Digital interventions for loneliness/ })
        .waitFor();
      await screenshot(reviewer.page, '03b-invitation');
      await signUpFromLink(
        reviewer.page,
        link,
        { ...REVIEWER, password: PASSWORD },
        'Create account and join',
      );
      // Joined at once: the review opens, and the lead sees the new member and a used link.
      // A reviewer may not import: the upload panel is hidden by the policies.
      await reviewer.page.getByRole('heading', { name: 'Search log' }).waitFor();
      await page.reload();
      await page
        .getByRole('table', { name: 'Members' })
        .getByRole('cell', { name: REVIEWER.email, exact: true })
        .waitFor();
      await page.getByRole('table', { name: 'Invitations' }).getByText('Accepted').waitFor();
      expect(
        await reviewer.page.getByRole('heading', { name: 'Import search results' }).count(),
      ).toBe(0);

      // A link for anyone: the second reviewer joins with it; it cannot be used again.
      await page.getByLabel('Email (optional)').fill('');
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      await expect.poll(() => page.getByLabel('Invitation link').inputValue()).not.toBe(link);
      const open = await page.getByLabel('Invitation link').inputValue();
      await signUpFromLink(
        second.page,
        open,
        { ...SECOND, password: PASSWORD },
        'Create account and join',
      );
      await second.page.getByRole('heading', { name: 'Search log' }).waitFor();
      await reviewer.context.clearCookies();
      await reviewer.page.goto(open);
      await reviewer.page.getByText('This invitation cannot be used').waitFor();
      await screenshot(reviewer.page, '03c-invitation-used');
      await reviewer.page.goto('/');
      await reviewer.page.getByLabel('Email').fill(REVIEWER.email);
      await reviewer.page.getByLabel('Password').fill(PASSWORD);
      await reviewer.page.getByRole('button', { name: 'Sign in' }).click();
      await reviewer.page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
    });

    it('imports two real exports at once with per-file results', async () => {
      const { page } = lead;
      await page.getByRole('link', { name: 'Identify' }).click();
      await page.getByTestId('import-input').setInputFiles(CORPUS_FILES);
      for (const file of CORPUS_FILES) {
        await page
          .locator(`li[data-file="${basename(file)}"].upload-good`)
          .waitFor({ timeout: 20_000 });
      }
      const statuses = await page.getByTestId('upload-status').allTextContents();
      expect(statuses.join('\n')).toMatch(/46 records/);
      expect(statuses.join('\n')).toMatch(/79 records/);
      await page
        .getByRole('table', { name: 'Search log' })
        .getByRole('cell', { name: 'pubmed_46.ris' })
        .waitFor();
      await screenshot(page, '04-identify');
    });

    it('runs de-duplication and decides a possible pair with one key', async () => {
      const { page } = lead;
      await page.getByRole('link', { name: 'Deduplicate' }).click();
      await page.getByRole('button', { name: 'Run de-duplication' }).click();
      await page.getByText('records imported').waitFor();
      await page.getByRole('button', { name: 'Run de-duplication' }).waitFor();
      const state = await post<{
        counts: { records: number; possiblePairs: number };
        possible: unknown[];
      }>(page, 'deduplicate.state', { reviewId });
      expect(state.counts.records).toBe(125);
      if (state.possible.length > 0) {
        await page.locator('table.pair-table').waitFor();
        await screenshot(page, '05-deduplicate-pair');
        await page.keyboard.press('d');
        await expect
          .poll(
            async () =>
              (await post<{ possible: unknown[] }>(page, 'deduplicate.state', { reviewId }))
                .possible.length,
          )
          .toBe(state.possible.length - 1);
      }
      await screenshot(page, '05-deduplicate');
    });

    it('lets both reviewers screen blinded, with one conflict the lead (who did not vote) resolves', async () => {
      const leadPage = lead.page;
      const rPage = reviewer.page;
      const sPage = second.page;
      // The lead sets the terms highlighted in titles and abstracts.
      await leadPage.goto(`/#/reviews/${reviewId}/screen/settings`);
      await leadPage
        .getByLabel('Highlight as include terms (comma separated)')
        .fill('loneliness, social support');
      await leadPage.getByLabel('Highlight as exclude terms (comma separated)').fill('gambling');
      await leadPage.getByRole('button', { name: 'Save settings' }).click();
      await leadPage.getByText('Saved.').waitFor();
      await screenshot(leadPage, '06-screen-settings');

      await sPage.goto(`/#/reviews/${reviewId}/screen/records`);
      await rPage.goto(`/#/reviews/${reviewId}/screen/records`);

      // Undo re-opens the record just decided.
      const first = await decideByKey(sPage, 'e');
      await sPage.keyboard.press('u');
      await sPage.locator(`article.record[data-record-id="${first}"]`).waitFor();
      await sPage.getByText('Re-opened by undo').waitFor();

      // Sam includes X; Rui (whose queue starts at X too) excludes it: a conflict.
      samDecisions.push({ recordId: await decideByKey(sPage, 'i'), decision: 'include' });
      conflictId = await shownRecord(rPage);
      expect(conflictId).toBe(first);
      expect(await rPage.locator('article.record mark.hl-include').count()).toBeGreaterThan(0);
      expect(await rPage.locator('article.record mark.hl-exclude').count()).toBeGreaterThan(0);
      await screenshot(rPage, '06-screen-record');
      ruiDecisions.push({ recordId: await decideByKey(rPage, 'e'), decision: 'exclude' });
      // Both exclude the next record: agreement.
      samDecisions.push({ recordId: await decideByKey(sPage, 'e'), decision: 'exclude' });
      await rPage.reload();
      expect(await shownRecord(rPage)).toBe(samDecisions[1]!.recordId);
      ruiDecisions.push({ recordId: await decideByKey(rPage, 'e'), decision: 'exclude' });
      samDecisions.push({ recordId: await decideByKey(sPage, 'i'), decision: 'include' });

      await sPage.getByTestId('screen-progress').filter({ hasText: '3 of' }).waitFor();
      await screenshot(sPage, '07-screen-progress');

      // Blinded: the reviewers see no conflicts view; the lead does.
      expect(await rPage.getByRole('link', { name: 'Conflicts' }).count()).toBe(0);
      expect(await sPage.getByRole('link', { name: 'Conflicts' }).count()).toBe(0);
      await leadPage.goto(`/#/reviews/${reviewId}/screen/conflicts`);
      const card = leadPage.locator(`li.conflict[data-record-id="${conflictId}"]`);
      await card.waitFor();
      await screenshot(leadPage, '08-conflicts');
      // The whole record is in view: abstract, both votes, the history.
      expect(await card.getByRole('list', { name: 'Votes' }).getByRole('listitem').count()).toBe(2);
      await card.getByRole('button', { name: 'Resolve: include' }).click();
      // Nothing happens until the choice is confirmed.
      await card.getByRole('button', { name: 'Cancel' }).click();
      await card.getByRole('button', { name: 'Resolve: include' }).click();
      await card.getByRole('button', { name: 'Confirm: include' }).click();
      await leadPage.getByText('No conflicts at this stage.').waitFor();
      // Undone from the resolved list, it is a conflict again; then resolved for good.
      await leadPage.getByRole('tab', { name: 'Resolved' }).click();
      const settled = leadPage.locator(`li.conflict[data-record-id="${conflictId}"]`);
      await settled.getByText(/Resolved as/).waitFor();
      await screenshot(leadPage, '08b-resolved');
      await settled.getByRole('button', { name: 'Undo resolution' }).click();
      await leadPage.getByText('No conflict resolved yet.').waitFor();
      await leadPage.getByRole('tab', { name: 'Open' }).click();
      await card.getByRole('button', { name: 'Resolve: include' }).click();
      await card.getByRole('button', { name: 'Confirm: include' }).click();
      await leadPage.getByText('No conflicts at this stage.').waitFor();

      await leadPage.getByRole('link', { name: 'Agreement' }).click();
      const pairs = leadPage.getByRole('table', { name: 'Agreement per reviewer pair' });
      await pairs.waitFor({ timeout: 5_000 });
      // The counts add up: both records Rui and Sam voted on, and nothing else, are measured.
      const pairRecords = await pairs.locator('tbody tr td').nth(1).textContent();
      expect(pairRecords).toBe('2');
      await leadPage
        .locator('.stat', { hasText: 'records with two or more votes' })
        .locator('.stat-value', { hasText: '2' })
        .waitFor();
      expect(await leadPage.getByTestId('fleiss-detail').textContent()).toMatch(
        /SE [\d.]+; 95% CI .* over the 2 records screened by two or more reviewers/,
      );
      await screenshot(leadPage, '09-agreement');
    });

    it('lets both reviewers screen 20 records each, and the agreement panel adds up', async () => {
      const rPage = reviewer.page;
      const sPage = second.page;
      // Each reviewer follows the other where the other already voted (so the one conflict
      // stays the only one), else includes what is about loneliness.
      const screenOne = async (page: Page, mine: Decided[], theirs: Decided[]) => {
        const recordId = await shownRecord(page);
        const title = (await page.locator('#record-title').textContent()) ?? '';
        const decision =
          theirs.find((d) => d.recordId === recordId)?.decision ??
          (/loneliness/i.test(title) ? 'include' : 'exclude');
        expect(await decideByKey(page, decision === 'include' ? 'i' : 'e')).toBe(recordId);
        mine.push({ recordId, decision });
      };
      await rPage.reload();
      await sPage.reload();
      while (ruiDecisions.length < 20 || samDecisions.length < 20) {
        if (ruiDecisions.length < 20) await screenOne(rPage, ruiDecisions, samDecisions);
        if (samDecisions.length < 20) await screenOne(sPage, samDecisions, ruiDecisions);
      }
      await screenshot(sPage, '09b-screened-20');
      const both = ruiDecisions.filter((r) => samDecisions.some((s) => s.recordId === r.recordId));
      // The queue double-screens: nearly every record one of them decided, both did.
      expect(both.length).toBeGreaterThanOrEqual(18);

      const leadPage = lead.page;
      await leadPage.goto(`/#/reviews/${reviewId}/screen/agreement`);
      await leadPage.reload();
      const pairs = leadPage.getByRole('table', { name: 'Agreement per reviewer pair' });
      await pairs.waitFor();
      expect(await pairs.locator('tbody tr td').nth(1).textContent()).toBe(String(both.length));
      await leadPage
        .locator('.stat', { hasText: 'records with two or more votes' })
        .locator('.stat-value', { hasText: new RegExp(`^${both.length}$`) })
        .waitFor();
      const agreed = both.filter(
        (r) => samDecisions.find((s) => s.recordId === r.recordId)!.decision === r.decision,
      ).length;
      const percent = `${Math.round((agreed / both.length) * 100)}%`;
      expect(await pairs.locator('tbody tr td').nth(2).textContent()).toBe(percent);
      await screenshot(leadPage, '09c-agreement-20');
    });

    it('lists every record with its state and history; a lead tags a selection', async () => {
      const { page } = lead;
      await page.goto(`/#/reviews/${reviewId}/records`);
      const table = page.getByRole('table', { name: 'Records list' });
      await table.waitFor();
      await page.getByLabel('Status').selectOption('excluded');
      const { total } = await post<{ total: number }>(page, 'records.list', {
        reviewId,
        status: 'excluded',
      });
      await page.getByText(new RegExp(`of ${total} records`)).waitFor();
      expect(await table.locator('tbody tr').count()).toBe(Math.min(total, 50));
      await page.getByLabel('Status').selectOption('');
      // The resolved conflict, found by its title, with its whole history.
      const shown = await post<{ record: { title: string } }>(page, 'records.show', {
        reviewId,
        recordId: conflictId,
      });
      await page.getByLabel('Search title, authors, DOI or tag').fill(shown.record.title);
      await page.getByLabel('Search title, authors, DOI or tag').press('Enter');
      await table.locator('tbody tr').first().waitFor();
      await table.locator(`tr[data-record-id="${conflictId}"]`).getByRole('button').click();
      const history = page.getByRole('list', { name: 'History' });
      await history.waitFor();
      // Votes (one withdrawn and cast again), the resolution, its undo and the new one.
      expect(await history.getByRole('listitem').count()).toBeGreaterThanOrEqual(6);
      await history.getByText(/undid the resolution/).waitFor();
      await screenshot(page, '10a-records');
      // A lead tags the selected records.
      await page.getByLabel('Search title, authors, DOI or tag').fill('');
      await page.getByLabel('Search title, authors, DOI or tag').press('Enter');
      await page.getByLabel('Select record', { exact: false }).first().check();
      await page.getByLabel('Select record', { exact: false }).nth(1).check();
      await page
        .getByRole('group', { name: 'With the selected records' })
        .getByLabel('Tag')
        .fill('pilot');
      await page.getByRole('button', { name: 'Tag selected' }).click();
      await screenshot(page, '10c-records-tagged');
      await page.getByText('Tagged 2 records “pilot”.').waitFor();
      await page.getByLabel('Tag', { exact: true }).first().fill('pilot');
      await page.getByText(/of 2 records/).waitFor();

      // A blinded reviewer sees no conflict anywhere in the list.
      const rPage = reviewer.page;
      await rPage.goto(`/#/reviews/${reviewId}/records`);
      await rPage.getByRole('table', { name: 'Records list' }).waitFor();
      expect(
        await rPage.getByLabel('Status').locator('option', { hasText: 'Conflict' }).count(),
      ).toBe(0);
      expect(
        await rPage.getByRole('table', { name: 'Records list' }).getByText('Conflict').count(),
      ).toBe(0);
      await screenshot(rPage, '10b-records-reviewer');
    });

    it('exports what the records list selects, with both ids and each stage', async () => {
      const { page } = lead;
      // The list still shows the two records tagged "pilot".
      await page.getByText(/of 2 records/).waitFor();
      const link = page.getByRole('link', { name: 'CSV', exact: true });
      const response = await page.context().request.get((await link.getAttribute('href'))!);
      expect(response.status()).toBe(200);
      const [header, ...rows] = (await response.text()).trimEnd().split('\n');
      expect(header).toMatch(/^record_id,source_record_id,title,/);
      expect(header).toContain('ti_ab_status');
      expect(rows).toHaveLength(2);
    });

    it('shows the live PRISMA diagram with the counts the API derives', async () => {
      const { page } = lead;
      await page.getByRole('link', { name: 'Report' }).click();
      const image = page.getByRole('img', { name: /PRISMA flow diagram/ });
      await image.waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('img.diagram-img');
        return Boolean(img && img.complete && img.naturalWidth > 0);
      });
      const { counts } = await post<{ counts: Record<string, number> }>(
        page,
        'report.prismaCounts',
        { reviewId },
      );
      expect(counts.database_results).toBe(125);
      expect(counts.records_screened).toBeGreaterThan(0);
      // Excluded: the records both reviewers excluded (the one conflict was resolved as include).
      const bothExcluded = ruiDecisions.filter(
        (r) =>
          r.decision === 'exclude' &&
          samDecisions.some((d) => d.recordId === r.recordId && d.decision === 'exclude'),
      ).length;
      expect(counts.records_excluded).toBe(bothExcluded);
      const stats = await page.locator('.stat').allTextContents();
      expect(stats).toContain(`${counts.duplicates ?? 0}duplicates removed`);
      expect(stats).toContain(`${counts.records_screened}records screened`);
      expect(stats).toContain(`${counts.records_excluded}records excluded`);
      const src = await image.getAttribute('src');
      const svg = (await (await page.context().request.get(src!)).text()).replace(/\u00a0/g, ' ');
      expect(svg).toContain(`(n = ${counts.records_screened})`);
      expect(svg).toContain(`(n = ${counts.database_results})`);
      await screenshot(page, '10-report');
      for (const format of ['svg', 'png', 'pdf', 'csv']) {
        const link = page
          .getByRole('region', { name: 'PRISMA flow diagram' })
          .getByRole('link', { name: format.toUpperCase(), exact: true });
        const response = await page.context().request.get((await link.getAttribute('href'))!);
        expect(response.status(), format).toBe(200);
      }
    });

    it('retracts a batch nobody has screened, after asking why', async () => {
      const { page } = lead;
      const created = await post<{ id: number }>(page, 'reviews.create', {
        title: 'Wrong export',
        type: 'scoping',
      });
      await page.goto(`/#/reviews/${created.id}/identify`);
      await page.getByTestId('import-input').setInputFiles(CORPUS_FILES[0]!);
      const log = page.getByRole('table', { name: 'Search log' });
      await log.getByRole('cell', { name: 'pubmed_46.ris' }).waitFor({ timeout: 20_000 });
      await log.getByRole('button', { name: 'Retract…' }).click();
      const form = page.getByRole('form', { name: 'Retract pubmed_46.ris' });
      await expect(form.getByRole('button', { name: 'Retract batch' }).isDisabled()).resolves.toBe(
        true,
      );
      await form.getByLabel('Why is it retracted?').fill('Exported the wrong search');
      await screenshot(page, '04b-retract');
      await form.getByRole('button', { name: 'Retract batch' }).click();
      await page.getByText('No searches recorded yet.').waitFor();
      const status = await post<{ status: { records: number } }>(page, 'reviews.get', {
        reviewId: created.id,
      });
      expect(status.status.records).toBe(0);
    });

    it('renders a hostile abstract inert on the screening page', async () => {
      const { page } = lead;
      const created = await post<{ id: number }>(page, 'reviews.create', {
        title: 'Hostile input',
        type: 'scoping',
        protocol: {},
      });
      await page.goto(`/#/reviews/${created.id}/identify`);
      const ris = [
        'TY  - JOUR',
        'TI  - Loneliness <img src=x onerror="window.__pwned=3"> in care homes',
        'AB  - Before <script>window.__pwned=1</script> middle <img src=x onerror="window.__pwned=2"> after.',
        'PY  - 2024',
        'ER  - ',
        '',
      ].join('\n');
      await page.getByTestId('import-input').setInputFiles({
        name: 'hostile.ris',
        mimeType: 'application/x-research-info-systems',
        buffer: Buffer.from(ris),
      });
      await page.locator('li[data-file="hostile.ris"].upload-good').waitFor();
      await page.goto(`/#/reviews/${created.id}/screen/records`);
      const abstract = page.getByTestId('record-abstract');
      await abstract.waitFor();
      expect(await abstract.textContent()).toContain('<script>window.__pwned=1</script>');
      expect(await page.locator('#record-title').textContent()).toContain(
        '<img src=x onerror="window.__pwned=3">',
      );
      expect(await page.locator('article.record img, article.record script').count()).toBe(0);
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      await screenshot(page, '11-hostile-abstract');
    });

    it('fits a tablet: the screening page at 768 px wide', async () => {
      const { page } = reviewer;
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.goto(`/#/reviews/${reviewId}/screen/records`);
      await page.locator('article.record').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, '12-screen-tablet', false);
    });
  });
}

/** Calls an API route with the page's session cookie. */
async function post<T>(page: Page, route: string, body: unknown): Promise<T> {
  const response = await page.context().request.post(`/api/${route}`, { data: body });
  if (!response.ok()) throw new Error(`${route}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}
