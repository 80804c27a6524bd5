import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { declareSkipped } from '#test/support/skip';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { openWorkbench } from '#engine/index';

const FULL_TEXTS = path.resolve('../shared/data/full-texts');
const missing = existsSync(FULL_TEXTS)
  ? undefined
  : `../shared/data/full-texts is absent (${FULL_TEXTS})`;

const REPORTS = [
  { title: 'Physical activity for smoking cessation in pregnancy', doi: '10.1136/bmj.h2145' },
  {
    title: 'Patient experiences of structured heart failure programmes',
    doi: '10.1155/2010/157939',
  },
  { title: 'Stressful life events and dementia', doi: '10.1017/S1041610213001804' },
  // Europe PMC points to a "PDF" that is an HTML page.
  { title: 'A report whose PDF link is a web page', doi: '10.5555/html' },
  // Nobody knows it.
  { title: 'A report no service knows', doi: '10.5555/unknown' },
];

/**
 * One local server standing in for the three services (their answers shaped as the real ones
 * are: Europe PMC's `resultList.result[].fullTextUrlList.fullTextUrl[]`, Unpaywall's and
 * OpenAlex's `best_oa_location`) and for the hosts of the PDFs they point to.
 */
async function startServices(): Promise<{ base: string; close: () => Promise<void> }> {
  const pdf = (file: string) => readFileSync(path.join(FULL_TEXTS, file));
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/epmc/search') {
      const query = url.searchParams.get('query') ?? '';
      const doi = /DOI:"([^"]+)"/.exec(query)?.[1]?.toLowerCase();
      const files: Record<string, string> = {
        '10.1136/bmj.h2145': `${base}files/bmj.pdf`,
        '10.5555/html': `${base}files/landing.html`,
      };
      if (!doi || !files[doi])
        return json(200, { version: '6.9', hitCount: 0, resultList: { result: [] } });
      return json(200, {
        version: '6.9',
        hitCount: 1,
        nextCursorMark: 'AoE',
        request: { queryString: query, resultType: 'core' },
        resultList: {
          result: [
            {
              id: '26045379',
              source: 'MED',
              pmid: '26045379',
              pmcid: 'PMC4457233',
              doi,
              title: 'A title',
              isOpenAccess: 'Y',
              license: 'cc by',
              fullTextUrlList: {
                fullTextUrl: [
                  {
                    availability: 'Open access',
                    availabilityCode: 'OA',
                    documentStyle: 'html',
                    site: 'Europe_PMC',
                    url: 'https://europepmc.org/articles/PMC4457233',
                  },
                  {
                    availability: 'Open access',
                    availabilityCode: 'OA',
                    documentStyle: 'pdf',
                    site: 'Europe_PMC',
                    url: files[doi],
                  },
                  {
                    availability: 'Subscription required',
                    availabilityCode: 'S',
                    documentStyle: 'pdf',
                    site: 'Publisher',
                    url: `${base}files/paywalled.pdf`,
                  },
                ],
              },
            },
          ],
        },
      });
    }
    if (url.pathname.startsWith('/upw/v2/')) {
      const doi = decodeURIComponent(url.pathname.slice('/upw/v2/'.length)).toLowerCase();
      if (!url.searchParams.get('email'))
        return json(422, { error: true, message: 'email required' });
      if (doi !== '10.1155/2010/157939')
        return json(404, {
          HTTP_status_code: 404,
          error: true,
          message: `'${doi}' is an invalid doi.`,
        });
      return json(200, {
        doi,
        is_oa: true,
        oa_status: 'gold',
        best_oa_location: {
          host_type: 'publisher',
          is_best: true,
          license: 'cc-by',
          url: `https://doi.org/${doi}`,
          url_for_landing_page: `https://doi.org/${doi}`,
          url_for_pdf: `${base}files/hindawi.pdf`,
          version: 'publishedVersion',
        },
      });
    }
    if (url.pathname.startsWith('/oa/works/')) {
      const doi = decodeURIComponent(url.pathname.slice('/oa/works/doi:'.length)).toLowerCase();
      if (doi !== '10.1017/s1041610213001804')
        return json(404, { error: 'NotFoundError', message: 'not found' });
      return json(200, {
        id: 'https://openalex.org/W2000000000',
        doi: `https://doi.org/${doi}`,
        open_access: { is_oa: true, oa_status: 'hybrid' },
        best_oa_location: {
          is_oa: true,
          landing_page_url: `https://doi.org/${doi}`,
          pdf_url: `${base}files/cambridge.pdf`,
          license: 'cc-by-nc-sa',
          version: 'publishedVersion',
        },
      });
    }
    const files: Record<string, Buffer | string> = {
      '/files/bmj.pdf': pdf('rct-physical-activity-smoking-pregnancy.pdf'),
      '/files/hindawi.pdf': pdf('qualitative-heart-failure-programmes.pdf'),
      '/files/cambridge.pdf': pdf('psychogeriatrics-2014.pdf'),
      '/files/landing.html': '<!doctype html><title>Download</title><p>Click to download</p>',
    };
    const body = files[url.pathname];
    if (body === undefined) return json(404, { error: 'not found' });
    res.writeHead(200, {
      'content-type': typeof body === 'string' ? 'text/html' : 'application/pdf',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.skipIf(missing).each(storeTargets)('open-access look-up on $name', (target) => {
  let services: Awaited<ReturnType<typeof startServices>>;
  beforeAll(async () => {
    services = await startServices();
  });
  afterAll(async () => services?.close());

  it('asks the three services, keeps every answer, downloads and attaches what they point to', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead@example.org',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Look-up' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 'search.ris',
      bytes: new TextEncoder().encode(
        REPORTS.map(
          (r) => `TY  - JOUR\nTI  - ${r.title}\nPY  - 2014\nDO  - ${r.doi}\nER  - \n`,
        ).join('\n'),
      ),
    });
    const records = await api.records();
    const idOf = new Map(records.map((r) => [r.doi!, r.id]));
    for (const r of records)
      await api.screen.decide({
        recordId: r.id,
        stage: 'ti-ab',
        reviewer: 'lead@example.org',
        decision: 'include',
      });
    const config = {
      email: 'lead@example.org',
      baseUrls: {
        europepmc: `${services.base}epmc/`,
        unpaywall: `${services.base}upw/`,
        openalex: `${services.base}oa/`,
      },
      requestsPerSecond: 0,
      maxAttempts: 1,
      // The local stand-ins live on 127.0.0.1, which a server refuses (see the next test).
      allowPrivateAddresses: true,
    };
    await expect(api.retrieve.lookup({ ...config, email: 'nobody' })).rejects.toThrow(
      /contact email/,
    );

    const result = await api.retrieve.lookup(config);
    expect(result.asked).toBe(5);
    expect(
      result.retrieved.map((r) => [r.recordId, r.service, r.licence ?? null, r.version ?? null]),
    ).toEqual([
      [idOf.get('10.1136/bmj.h2145'), 'europepmc', 'cc by', null],
      [idOf.get('10.1155/2010/157939'), 'unpaywall', 'cc-by', 'publishedVersion'],
      [idOf.get('10.1017/s1041610213001804'), 'openalex', 'cc-by-nc-sa', 'publishedVersion'],
    ]);
    expect(result.failed).toEqual([
      {
        recordId: idOf.get('10.5555/html'),
        pdfUrl: `${services.base}files/landing.html`,
        reason: 'This is not a PDF: it does not start with the %PDF- marker.',
      },
    ]);
    expect(result.notFound).toEqual([idOf.get('10.5555/unknown')]);

    const status = new Map((await api.retrieve.status()).map((s) => [s.recordId, s]));
    expect(status.get(idOf.get('10.1155/2010/157939')!)).toMatchObject({
      state: 'retrieved',
      fullText: { matchedBy: 'open-access', pages: 6 },
    });
    expect(status.get(idOf.get('10.5555/html')!)?.state).toBe('needs-manual');
    expect(status.get(idOf.get('10.5555/unknown')!)?.state).toBe('needs-manual');
    // Every answer was kept as received: three services for each of the five reports.
    const answers = await workbench.store.db
      .selectFrom('retrieval_lookups')
      .select(['record_id', 'service', 'status', 'body'])
      .orderBy('id')
      .execute();
    expect(answers).toHaveLength(15);
    const unknown = answers.filter((a) => a.record_id === idOf.get('10.5555/unknown'));
    expect(unknown.map((a) => [a.service, a.status])).toEqual([
      ['europepmc', 200],
      ['unpaywall', 404],
      ['openalex', 404],
    ]);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ hitCount: 1 });

    // Asked again: the retrieved reports are not asked about; the others are.
    const again = await api.retrieve.lookup(config);
    expect(again.asked).toBe(2);
    expect(again.retrieved).toEqual([]);
    await workbench.close();
  });

  it('refuses to download from a private address unless allowed (a server is)', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'lead@example.org' });
    const review = await workbench.createReview({ title: 'Private' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 'one.ris',
      bytes: new TextEncoder().encode('TY  - JOUR\nTI  - One\nDO  - 10.1136/bmj.h2145\nER  - \n'),
    });
    const [record] = await api.records();
    await api.screen.decide({
      recordId: record!.id,
      stage: 'ti-ab',
      reviewer: 'lead@example.org',
      decision: 'include',
    });
    const result = await api.retrieve.lookup({
      email: 'lead@example.org',
      services: ['europepmc'],
      baseUrls: { europepmc: `${services.base}epmc/` },
      requestsPerSecond: 0,
      maxAttempts: 1,
    });
    expect(result.retrieved).toEqual([]);
    expect(result.failed).toEqual([
      {
        recordId: record!.id,
        pdfUrl: `${services.base}files/bmj.pdf`,
        reason: `Not downloading ${services.base}files/bmj.pdf: it points to a private address.`,
      },
    ]);
    expect((await api.retrieve.status())[0]?.state).toBe('needs-manual');
    await workbench.close();
  });
});

declareSkipped('open-access look-up', missing);
declareSkipped('open-access look-up on postgres', postgresSkipReason);
