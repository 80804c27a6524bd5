import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';

/** A Europe PMC look-alike on 127.0.0.1 serving whatever `results` holds, two per page. */
async function startEuropePmc(state: {
  results: object[];
  failAfterFirstPage?: boolean;
}): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cursor = url.searchParams.get('cursorMark') ?? '*';
    const start = cursor === '*' ? 0 : Number(cursor);
    if (start > 0 && state.failAfterFirstPage) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hitCount": 3, "resultList": ');
      return;
    }
    const page = state.results.slice(start, start + 2);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        hitCount: state.results.length,
        nextCursorMark: String(start + 2),
        resultList: { result: page },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const result = (id: number, title: string): object => ({
  id: String(id),
  source: 'MED',
  pmid: String(90000000 + id),
  doi: `10.5555/epmc.${id}`,
  title,
  authorString: 'Smith A, Jones B.',
  authorList: { author: [{ lastName: 'Smith', firstName: 'Anna', fullName: 'Smith A' }] },
  pubYear: '2024',
  journalInfo: { volume: '5', issue: '2', journal: { title: 'Stroke' } },
  pageInfo: '10-19',
  abstractText: 'Contralesional primary motor cortex and arm recovery.',
});

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe.each(storeTargets)('live search on $name', (target) => {
  it('imports every page as one batch, re-runs adding only new records, and feeds the updated PRISMA diagram', async () => {
    const state = {
      results: [
        result(1, 'Contralesional M1 after stroke'),
        result(2, 'Interhemispheric inhibition and arm function'),
        result(3, 'TMS of the unaffected hemisphere'),
      ],
    };
    const server = await startEuropePmc(state);
    servers.push(server);
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'librarian' });
    const review = workbench.review(
      (await workbench.createReview({ title: 'Living review', type: 'systematic' })).id,
    );
    const config = { baseUrl: server.base, requestsPerSecond: 0 };

    const first = await review.identify.search({
      source: 'europepmc',
      query: 'TITLE:"motor cortex" AND stroke',
      limits: '2015-2026',
      config,
    });
    expect(first).toMatchObject({
      database: 'Europe PMC',
      hits: 3,
      fetched: 3,
      added: 3,
      alreadyInReview: 0,
    });
    const [entry] = await review.identify.log();
    expect(entry).toMatchObject({
      database: 'Europe PMC',
      query: 'TITLE:"motor cortex" AND stroke',
      limits: '2015-2026',
      hits: 3,
      recordsImported: 3,
      origin: 'europepmc',
    });

    // Screen the first version: one included study.
    await review.screen.configure({ reviewersPerRecord: 1 });
    await review.screen.addReviewer('ana');
    for (const [recordId, decision] of [
      [1, 'include'],
      [2, 'exclude'],
      [3, 'exclude'],
    ] as const)
      await review.screen.decide({ recordId, stage: 'ti-ab', reviewer: 'ana', decision });
    await review.screen.decide({
      recordId: 1,
      stage: 'full-text',
      reviewer: 'ana',
      decision: 'include',
    });
    const version = await review.report.closeVersion();
    expect(version).toMatchObject({ version: 1, throughRecordId: 3, studies: 1, reports: 1 });

    // The update: two new records appear; the re-run adds only them.
    state.results.push(
      result(4, 'Bihemispheric tDCS for the paretic hand'),
      result(5, 'Mirror therapy and ipsilateral cortex'),
    );
    const update = await review.identify.rerun(entry!.batchId, { config });
    expect(update).toMatchObject({ hits: 5, fetched: 5, added: 2, alreadyInReview: 3 });
    await review.screen.decide({
      recordId: 4,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'include',
    });
    await review.screen.decide({
      recordId: 5,
      stage: 'ti-ab',
      reviewer: 'ana',
      decision: 'exclude',
    });
    await review.screen.decide({
      recordId: 4,
      stage: 'full-text',
      reviewer: 'ana',
      decision: 'include',
    });
    const { counts } = await review.report.prismaCounts();
    expect(counts).toMatchObject({
      previous_studies: 1,
      previous_reports: 1,
      database_results: 2,
      records_screened: 2,
      records_excluded: 1,
      new_studies: 1,
      total_studies: 2,
      total_reports: 2,
    });
    await workbench.close();
  });

  it('imports nothing when a page is malformed half-way', async () => {
    const state = {
      results: [result(1, 'A'), result(2, 'B'), result(3, 'C')],
      failAfterFirstPage: true,
    };
    const server = await startEuropePmc(state);
    servers.push(server);
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'librarian' });
    const review = workbench.review((await workbench.createReview({ title: 'R' })).id);
    await expect(
      review.identify.search({
        source: 'europepmc',
        query: 'stroke',
        config: { baseUrl: server.base, requestsPerSecond: 0, maxAttempts: 1 },
      }),
    ).rejects.toMatchObject({ code: 'source/malformed-response' });
    expect((await review.status()).records).toBe(0);
    expect(await review.identify.log()).toEqual([]);
    await expect(review.identify.search({ source: 'scopus', query: 'x' })).rejects.toThrow(
      'Available: pubmed, europepmc, openalex, crossref',
    );
    await workbench.close();
  });
});

declareSkipped('live search on postgres', postgresSkipReason);
