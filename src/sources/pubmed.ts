import { readRecords } from '#core/formats/index';
import { buildUrl, createHttpClient, malformed, parseJson } from './http';
import { asObject, asString } from './json';
import { limitPages } from './paging';
import type { SearchOptions, SearchPage, SearchSource, SourceConfig } from './types';

/** NCBI E-utilities base URL. */
export const PUBMED_BASE_URL = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/';

/**
 * PubMed via E-utilities: esearch with `usehistory=y`, then efetch XML in batches through
 * WebEnv/query_key. NCBI allows 3 requests/s without an API key and 10 with one.
 */
export function createPubmedSource(config: SourceConfig = {}): SearchSource {
  const http = createHttpClient(config, config.apiKey ? 10 : 3);
  const base = config.baseUrl ?? PUBMED_BASE_URL;
  const batch = config.pageSize ?? 200;
  const common = {
    api_key: config.apiKey,
    email: config.email,
    tool: config.tool ?? 'reviewbench',
  };

  async function* pages(query: string, signal?: AbortSignal): AsyncIterable<SearchPage> {
    const searchUrl = buildUrl(base, 'esearch.fcgi', {
      db: 'pubmed',
      term: query,
      usehistory: 'y',
      retmax: 0,
      retmode: 'json',
      ...common,
    });
    const body = asObject(parseJson(await http.getText(searchUrl, signal), searchUrl));
    const result = asObject(body?.esearchresult);
    if (!result) throw malformed(searchUrl, 'no "esearchresult" object');
    const error = asString(result.ERROR);
    if (error) throw malformed(searchUrl, `PubMed reported "${error}"`);
    const total = Number(asString(result.count));
    const webEnv = asString(result.webenv);
    const queryKey = asString(result.querykey);
    if (!Number.isInteger(total) || (total > 0 && (!webEnv || !queryKey))) {
      throw malformed(searchUrl, 'missing count, webenv or querykey');
    }
    for (let start = 0; start < total; start += batch) {
      const fetchUrl = buildUrl(base, 'efetch.fcgi', {
        db: 'pubmed',
        query_key: queryKey,
        WebEnv: webEnv,
        retstart: start,
        retmax: batch,
        retmode: 'xml',
        ...common,
      });
      const xml = await http.getText(fetchUrl, signal);
      if (!xml.includes('<PubmedArticleSet'))
        throw malformed(fetchUrl, 'no <PubmedArticleSet> element');
      const parsed = readRecords(xml, { format: 'pubmed-xml' });
      const broken = parsed.issues.find((issue) => issue.severity === 'error');
      if (broken) throw malformed(fetchUrl, `${broken.code}: ${broken.message}`);
      if (parsed.records.length === 0)
        throw malformed(fetchUrl, 'no articles in a batch that should have some');
      const records = parsed.records.map((record) => ({
        ...record,
        sourceDatabase: 'PubMed',
        sourceRecordId: record.pmid ?? record.sourceRecordId,
      }));
      yield { records, total, issues: parsed.issues };
    }
  }

  return {
    id: 'pubmed',
    search: (query: string, options: SearchOptions = {}) =>
      limitPages(pages(query, options.signal), options),
  };
}
