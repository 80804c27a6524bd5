import { createRecord, type Author, type BibRecord } from '#core/domain/index';
import { normaliseDoi, normalisePages } from '#core/formats/index';
import { buildUrl, createHttpClient, malformed, parseJson } from './http';
import { asArray, asNumber, asObject, asString, stripTags, type Json } from './json';
import { limitPages } from './paging';
import type { SearchOptions, SearchPage, SearchSource, SourceConfig } from './types';

/** Crossref REST API base URL. */
export const CROSSREF_BASE_URL = 'https://api.crossref.org/';

/** Crossref works search with deep paging (`cursor=*`, `rows` per page). */
export function createCrossrefSource(config: SourceConfig = {}): SearchSource {
  const http = createHttpClient(config, 5);
  const base = config.baseUrl ?? CROSSREF_BASE_URL;
  const rows = Math.min(config.pageSize ?? 100, 1000);

  async function* pages(query: string, signal?: AbortSignal): AsyncIterable<SearchPage> {
    let cursor = '*';
    let ordinal = 0;
    for (;;) {
      const url = buildUrl(base, 'works', { query, rows, cursor, mailto: config.email });
      const body = asObject(parseJson(await http.getText(url, signal), url));
      const message = asObject(body?.message);
      const total = asNumber(message?.['total-results']);
      const items = message?.items;
      if (body?.status !== 'ok' || total === undefined || !Array.isArray(items)) {
        throw malformed(url, 'status is not "ok" or message.items/total-results is missing');
      }
      if (items.length === 0) return;
      const records = items.map((item) => mapCrossref(item, (ordinal += 1), url));
      yield { records, total, issues: [] };
      // Crossref keeps handing out cursors after the last page: stop on a short page instead.
      const next = asString(message?.['next-cursor']);
      if (items.length < rows || next === undefined || ordinal >= total) return;
      cursor = next;
    }
  }

  return {
    id: 'crossref',
    search: (query: string, options: SearchOptions = {}) =>
      limitPages(pages(query, options.signal), options),
  };
}

/** Maps one Crossref work; `raw` is the work's JSON text. */
export function mapCrossref(item: Json, ordinal: number, url: string): BibRecord {
  const data = asObject(item);
  const doi = normaliseDoi(asString(data?.DOI));
  if (data === undefined || doi === undefined) throw malformed(url, `item ${ordinal} has no DOI`);
  const record = createRecord(JSON.stringify(item), { line: ordinal, endLine: ordinal });
  const dateParts = (key: string): number | undefined =>
    asNumber(asArray(asArray(asObject(data[key])?.['date-parts'])[0])[0]);
  record.title = stripTags(asString(asArray(data.title)[0]));
  record.abstract = stripTags(asString(data.abstract))?.replace(/^Abstract\s+/i, '');
  record.authors = asArray(data.author).flatMap((entry): Author[] => {
    const author = asObject(entry);
    const family = asString(author?.family);
    const given = asString(author?.given);
    if (family) return [{ family, given, raw: given ? `${family}, ${given}` : family }];
    const name = asString(author?.name);
    return name ? [{ family: name, raw: name }] : [];
  });
  record.year = dateParts('issued') ?? dateParts('published') ?? dateParts('published-print');
  record.journal = asString(asArray(data['container-title'])[0]);
  record.journalAbbrev = asString(asArray(data['short-container-title'])[0]);
  record.volume = asString(data.volume);
  record.issue = asString(data.issue);
  record.pages = normalisePages(asString(data.page));
  record.doi = doi;
  record.issn = asArray(data.ISSN).flatMap((issn) => asString(issn) ?? []);
  record.publisher = asString(data.publisher);
  record.language = asString(data.language);
  record.sourceDatabase = 'Crossref';
  record.sourceRecordId = doi;
  return record;
}
