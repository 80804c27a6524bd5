import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { RateLimiter, parseRetryAfter } from './http';
import {
  createSource,
  reconstructAbstract,
  SOURCE_IDS,
  type SearchPage,
  type SourceConfig,
} from './index';

type Handler = (url: URL, res: ServerResponse, req: IncomingMessage) => void;
interface TestServer {
  base: string;
  requests: URL[];
  close: () => Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    handler(url, res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const test = {
    base: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(test);
  return test;
}

const send = (
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Fast config: no rate limit, delays recorded instead of slept. */
function fastConfig(base: string, delays: number[] = [], extra: SourceConfig = {}): SourceConfig {
  return {
    baseUrl: base,
    requestsPerSecond: 0,
    maxAttempts: 3,
    backoff: { initialMs: 100, factor: 2 },
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...extra,
  };
}

async function collect(pages: AsyncIterable<SearchPage>): Promise<SearchPage[]> {
  const all: SearchPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const pubmedArticle = (pmid: number): string =>
  `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">${pmid}</PMID><Article PubModel="Print">` +
  `<Journal><JournalIssue CitedMedium="Print"><Volume>12</Volume><Issue>3</Issue><PubDate><Year>2021</Year></PubDate></JournalIssue>` +
  `<Title>Stroke Journal</Title></Journal><ArticleTitle>Contralesional M1 study ${pmid}.</ArticleTitle>` +
  `<Pagination><MedlinePgn>100-9</MedlinePgn></Pagination><Abstract><AbstractText>Abstract ${pmid}.</AbstractText></Abstract>` +
  `<AuthorList><Author><LastName>Smith</LastName><ForeName>Anna</ForeName><Initials>A</Initials></Author></AuthorList>` +
  `</Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="pubmed">${pmid}</ArticleId>` +
  `<ArticleId IdType="doi">10.1000/test.${pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>`;
const pubmedSet = (pmids: number[]): string =>
  `<?xml version="1.0" ?>\n<PubmedArticleSet>\n${pmids.map(pubmedArticle).join('\n')}\n</PubmedArticleSet>\n`;

describe('PubMed E-utilities client', () => {
  it('searches with usehistory=y and fetches XML batches through WebEnv/query_key', async () => {
    const server = await startServer((url, res) => {
      if (url.pathname.endsWith('/esearch.fcgi')) {
        send(res, { esearchresult: { count: '3', retmax: '0', webenv: 'WE1', querykey: '1' } });
      } else {
        const start = Number(url.searchParams.get('retstart'));
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(pubmedSet(start === 0 ? [101, 102] : [103]));
      }
    });
    const source = createSource(
      'pubmed',
      fastConfig(`${server.base}eutils/`, [], { pageSize: 2, apiKey: 'K', email: 'a@b.org' }),
    );
    const progress: number[] = [];
    const pages = await collect(
      source.search('stroke[tiab]', { onProgress: (p) => progress.push(p.fetched) }),
    );
    expect(pages.map((page) => page.records.map((record) => record.pmid))).toEqual([
      ['101', '102'],
      ['103'],
    ]);
    expect(progress).toEqual([2, 3]);
    const first = pages[0]?.records[0];
    expect(first).toMatchObject({
      title: 'Contralesional M1 study 101.',
      year: 2021,
      volume: '12',
      issue: '3',
    });
    expect(first).toMatchObject({
      doi: '10.1000/test.101',
      sourceDatabase: 'PubMed',
      sourceRecordId: '101',
    });
    const [search, fetch1, fetch2] = server.requests;
    expect(search?.searchParams.get('usehistory')).toBe('y');
    expect(search?.searchParams.get('term')).toBe('stroke[tiab]');
    expect(search?.searchParams.get('api_key')).toBe('K');
    expect(search?.searchParams.get('email')).toBe('a@b.org');
    expect(fetch1?.searchParams.get('WebEnv')).toBe('WE1');
    expect(fetch1?.searchParams.get('query_key')).toBe('1');
    expect([fetch1?.searchParams.get('retstart'), fetch2?.searchParams.get('retstart')]).toEqual([
      '0',
      '2',
    ]);
  });

  it('rejects truncated XML and a search error', async () => {
    const server = await startServer((url, res) => {
      if (url.pathname.endsWith('/esearch.fcgi'))
        send(res, { esearchresult: { count: '1', webenv: 'W', querykey: '1' } });
      else send(res, pubmedSet([1]).slice(0, 200));
    });
    const source = createSource('pubmed', fastConfig(server.base));
    await expect(collect(source.search('x'))).rejects.toMatchObject({
      code: 'source/malformed-response',
    });
    const bad = await startServer((_url, res) =>
      send(res, { esearchresult: { ERROR: 'Invalid query' } }),
    );
    await expect(collect(createSource('pubmed', fastConfig(bad.base)).search('x'))).rejects.toThrow(
      /Invalid query/,
    );
  });

  it('asks for 3 requests/s without a key and 10 with one', async () => {
    const delays: number[] = [];
    const limiter = new RateLimiter(3, async (ms) => {
      delays.push(ms);
    });
    for (let i = 0; i < 3; i += 1) await limiter.wait();
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThan(300);
    expect(delays[1]).toBeGreaterThan(633);
  });
});

describe('Europe PMC client', () => {
  it('pages with cursorMark until the cursor stops moving and maps core JSON', async () => {
    const result = (id: string) => ({
      id,
      source: 'MED',
      pmid: id,
      doi: `10.1/EPMC.${id}`,
      title: `Title <i>${id}</i>`,
      authorList: {
        author: [{ fullName: 'Smith A', firstName: 'Anna', lastName: 'Smith', initials: 'A' }],
      },
      pubYear: '2020',
      journalInfo: {
        volume: '5',
        issue: '2',
        journal: { title: 'Brain', isoabbreviation: 'Brain' },
      },
      pageInfo: '10-19',
      abstractText: '<h4>Aim</h4>An abstract.',
    });
    const server = await startServer((url, res) => {
      const cursor = url.searchParams.get('cursorMark');
      if (cursor === '*')
        send(res, {
          hitCount: 3,
          nextCursorMark: 'C2',
          resultList: { result: [result('1'), result('2')] },
        });
      else send(res, { hitCount: 3, nextCursorMark: 'C2', resultList: { result: [result('3')] } });
    });
    const pages = await collect(
      createSource('europepmc', fastConfig(server.base)).search('TITLE:stroke'),
    );
    expect(pages.flatMap((page) => page.records.map((record) => record.sourceRecordId))).toEqual([
      'MED:1',
      'MED:2',
      'MED:3',
    ]);
    expect(pages[0]?.records[0]).toMatchObject({
      title: 'Title 1',
      abstract: 'Aim An abstract.',
      authors: [{ family: 'Smith', given: 'Anna', raw: 'Smith A' }],
      year: 2020,
      journal: 'Brain',
      volume: '5',
      issue: '2',
      pages: '10-19',
      doi: '10.1/epmc.1',
      pmid: '1',
      sourceDatabase: 'Europe PMC',
    });
    expect(JSON.parse(pages[0]?.records[0]?.raw ?? '')).toMatchObject({ id: '1' });
    expect(server.requests[0]?.searchParams.get('resultType')).toBe('core');
    expect(server.requests[0]?.searchParams.get('format')).toBe('json');
    expect(server.requests).toHaveLength(2);
  });
});

describe('OpenAlex client', () => {
  it('pages with cursor, per-page 200, and rebuilds abstracts', async () => {
    const work = (n: number) => ({
      id: `https://openalex.org/W${n}`,
      title: `Work ${n}`,
      doi: `https://doi.org/10.5/OA.${n}`,
      publication_year: 2019,
      ids: { pmid: `https://pubmed.ncbi.nlm.nih.gov/${900 + n}` },
      authorships: [{ author: { display_name: 'Jane Q. Doe' } }],
      primary_location: { source: { display_name: 'NeuroImage' } },
      biblio: { volume: '7', issue: '1', first_page: '11', last_page: '20' },
      abstract_inverted_index: { motor: [1], The: [0], cortex: [2, 4], and: [3] },
    });
    const server = await startServer((url, res) => {
      if (url.searchParams.get('cursor') === '*')
        send(res, { meta: { count: 3, next_cursor: 'N2' }, results: [work(1), work(2)] });
      else send(res, { meta: { count: 3, next_cursor: null }, results: [work(3)] });
    });
    const pages = await collect(
      createSource('openalex', fastConfig(server.base, [], { email: 'me@x.org' })).search(
        'motor cortex',
      ),
    );
    expect(pages.map((page) => page.records.length)).toEqual([2, 1]);
    expect(pages[0]?.records[0]).toMatchObject({
      title: 'Work 1',
      abstract: 'The motor cortex and cortex',
      doi: '10.5/oa.1',
      pmid: '901',
      journal: 'NeuroImage',
      pages: '11-20',
      year: 2019,
      sourceRecordId: 'W1',
      sourceDatabase: 'OpenAlex',
    });
    expect(server.requests[0]?.searchParams.get('per-page')).toBe('200');
    expect(server.requests[0]?.searchParams.get('mailto')).toBe('me@x.org');
    expect(reconstructAbstract(null)).toBeUndefined();
  });
});

describe('Crossref client', () => {
  const item = (n: number) => ({
    DOI: `10.9/CR.${n}`,
    title: [`Crossref ${n}`],
    author: [{ given: 'Ann', family: 'Lee' }],
    issued: { 'date-parts': [[2018, 4]] },
    'container-title': ['Journal of Things'],
    volume: '3',
    issue: '4',
    page: '200-210',
    abstract: '<jats:p>Crossref abstract.</jats:p>',
  });

  it('pages with cursor and stops on a short page', async () => {
    const server = await startServer((url, res) => {
      const first = url.searchParams.get('cursor') === '*';
      send(res, {
        status: 'ok',
        message: {
          'total-results': 3,
          'next-cursor': 'NEXT',
          items: first ? [item(1), item(2)] : [item(3)],
        },
      });
    });
    const pages = await collect(
      createSource('crossref', fastConfig(server.base, [], { pageSize: 2 })).search('stroke'),
    );
    expect(pages.flatMap((page) => page.records.map((record) => record.doi))).toEqual([
      '10.9/cr.1',
      '10.9/cr.2',
      '10.9/cr.3',
    ]);
    expect(pages[0]?.records[0]).toMatchObject({
      title: 'Crossref 1',
      abstract: 'Crossref abstract.',
      authors: [{ family: 'Lee', given: 'Ann' }],
      year: 2018,
      journal: 'Journal of Things',
      pages: '200-210',
      sourceDatabase: 'Crossref',
    });
    expect(server.requests.map((url) => url.searchParams.get('rows'))).toEqual(['2', '2']);
  });

  it('maxRecords stops early without requesting further pages', async () => {
    const server = await startServer((_url, res) =>
      send(res, {
        status: 'ok',
        message: { 'total-results': 50, 'next-cursor': 'N', items: [item(1), item(2)] },
      }),
    );
    const pages = await collect(
      createSource('crossref', fastConfig(server.base, [], { pageSize: 2 })).search('x', {
        maxRecords: 3,
      }),
    );
    expect(pages.map((page) => page.records.length)).toEqual([2, 1]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('retries, give-up and malformed responses (every client)', () => {
  const okBody: Record<string, unknown> = {
    europepmc: { hitCount: 0, resultList: { result: [] } },
    openalex: { meta: { count: 0, next_cursor: null }, results: [] },
    crossref: { status: 'ok', message: { 'total-results': 0, items: [] } },
    pubmed: { esearchresult: { count: '0' } },
  };

  for (const id of SOURCE_IDS) {
    it(`${id}: a 429 with Retry-After: 0 is retried, then succeeds`, async () => {
      let calls = 0;
      const server = await startServer((_url, res) => {
        calls += 1;
        if (calls === 1) send(res, 'slow down', 429, { 'retry-after': '0' });
        else send(res, okBody[id]);
      });
      const delays: number[] = [];
      const pages = await collect(createSource(id, fastConfig(server.base, delays)).search('x'));
      expect(pages).toEqual([]);
      expect(calls).toBe(2);
      expect(delays).toEqual([0]);
    });

    it(`${id}: a repeated 500 gives up after maxAttempts naming the URL and status`, async () => {
      const server = await startServer((_url, res) => send(res, 'boom', 500));
      const delays: number[] = [];
      const error = await collect(
        createSource(id, fastConfig(server.base, delays, { apiKey: 'SECRET' })).search('x'),
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'source/gave-up' });
      expect((error as Error).message).toContain(server.base);
      expect((error as Error).message).toContain('HTTP 500');
      expect((error as Error).message).not.toContain('SECRET');
      expect(server.requests).toHaveLength(3);
      expect(delays).toEqual([100, 200]);
    });

    it(`${id}: malformed JSON is a clear error`, async () => {
      const server = await startServer((_url, res) => send(res, '{"oops": '));
      await expect(
        collect(createSource(id, fastConfig(server.base)).search('x')),
      ).rejects.toMatchObject({
        code: 'source/malformed-response',
        message: expect.stringContaining('not JSON'),
      });
    });
  }

  it('missing fields are malformed, a 400 fails at once', async () => {
    const server = await startServer((url, res) => {
      if (url.pathname.endsWith('works')) send(res, { status: 'ok', message: { items: [] } });
      else send(res, 'bad query', 400);
    });
    await expect(
      collect(createSource('crossref', fastConfig(server.base)).search('x')),
    ).rejects.toMatchObject({
      code: 'source/malformed-response',
    });
    await expect(
      collect(createSource('europepmc', fastConfig(server.base)).search('x')),
    ).rejects.toMatchObject({
      code: 'source/http-error',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('network errors are retried too', async () => {
    const server = await startServer((_url, res) => send(res, okBody.openalex));
    await server.close();
    servers.pop();
    const error = await collect(
      createSource('openalex', fastConfig(server.base)).search('x'),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'source/gave-up',
      message: expect.stringContaining('network error'),
    });
  });

  it('parses Retry-After seconds and dates; unknown sources list the valid ids', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(() => createSource('scopus')).toThrow(
      'Available: pubmed, europepmc, openalex, crossref',
    );
  });
});
