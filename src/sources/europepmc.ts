import { createRecord, type Author, type BibRecord } from '#core/domain/index';
import { normaliseDoi, normalisePages, normalisePmid, parseAuthorName } from '#core/formats/index';
import { buildUrl, createHttpClient, malformed, parseJson } from './http';
import { asArray, asNumber, asObject, asString, stripTags, type Json } from './json';
import { limitPages } from './paging';
import type { SearchOptions, SearchPage, SearchSource, SourceConfig } from './types';

/** Europe PMC REST base URL. */
export const EUROPEPMC_BASE_URL = 'https://www.ebi.ac.uk/europepmc/webservices/rest/';

/** Europe PMC REST search: `resultType=core`, JSON, `cursorMark` paging (starts at `*`). */
export function createEuropepmcSource(config: SourceConfig = {}): SearchSource {
  const http = createHttpClient(config, 10);
  const base = config.baseUrl ?? EUROPEPMC_BASE_URL;
  const pageSize = Math.min(config.pageSize ?? 1000, 1000);

  async function* pages(query: string, signal?: AbortSignal): AsyncIterable<SearchPage> {
    let cursor = '*';
    let ordinal = 0;
    for (;;) {
      const url = buildUrl(base, 'search', {
        query,
        resultType: 'core',
        format: 'json',
        pageSize,
        cursorMark: cursor,
        email: config.email,
      });
      const body = asObject(parseJson(await http.getText(url, signal), url));
      const total = asNumber(body?.hitCount);
      const results = asObject(body?.resultList)?.result;
      if (body === undefined || total === undefined || !Array.isArray(results)) {
        throw malformed(url, 'missing hitCount or resultList.result');
      }
      if (results.length === 0) return;
      const records = results.map((item) => mapEuropepmc(item, (ordinal += 1), url));
      yield { records, total, issues: [] };
      const next = asString(body.nextCursorMark);
      if (next === undefined || next === cursor) return;
      cursor = next;
    }
  }

  return {
    id: 'europepmc',
    search: (query: string, options: SearchOptions = {}) =>
      limitPages(pages(query, options.signal), options),
  };
}

/** Maps one Europe PMC `core` result to a record; `raw` is the result's JSON text. */
export function mapEuropepmc(item: Json, ordinal: number, url: string): BibRecord {
  const data = asObject(item);
  const id = asString(data?.id);
  if (data === undefined || id === undefined) throw malformed(url, `result ${ordinal} has no id`);
  const record = createRecord(JSON.stringify(item), { line: ordinal, endLine: ordinal });
  const journalInfo = asObject(data.journalInfo);
  const journal = asObject(journalInfo?.journal);
  record.title = stripTags(asString(data.title));
  record.abstract = stripTags(asString(data.abstractText));
  record.authors = asArray(asObject(data.authorList)?.author).flatMap((entry): Author[] => {
    const author = asObject(entry);
    const family = asString(author?.lastName);
    const full = asString(author?.fullName) ?? asString(author?.collectiveName);
    if (family)
      return [
        {
          family,
          given: asString(author?.firstName) ?? asString(author?.initials),
          raw: full ?? family,
        },
      ];
    return full ? [parseAuthorName(full)] : [];
  });
  record.year = asNumber(data.pubYear) ?? asNumber(journalInfo?.yearOfPublication);
  record.journal = asString(journal?.title);
  record.journalAbbrev =
    asString(journal?.isoabbreviation) ?? asString(journal?.medlineAbbreviation);
  record.volume = asString(journalInfo?.volume);
  record.issue = asString(journalInfo?.issue);
  record.pages = normalisePages(asString(data.pageInfo));
  record.doi = normaliseDoi(asString(data.doi));
  record.pmid = normalisePmid(asString(data.pmid));
  record.pmcid = asString(data.pmcid);
  record.language = asString(data.language);
  record.keywords = asArray(asObject(data.keywordList)?.keyword).flatMap((k) => asString(k) ?? []);
  record.sourceDatabase = 'Europe PMC';
  record.sourceRecordId = `${asString(data.source) ?? 'EPMC'}:${id}`;
  return record;
}
