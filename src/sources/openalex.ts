import { createRecord, type BibRecord } from '#core/domain/index';
import { normaliseDoi, normalisePmid, parseAuthorName } from '#core/formats/index';
import { buildUrl, createHttpClient, malformed, parseJson } from './http';
import { asArray, asNumber, asObject, asString, type Json } from './json';
import { limitPages } from './paging';
import type { SearchOptions, SearchPage, SearchSource, SourceConfig } from './types';

/** OpenAlex API base URL. */
export const OPENALEX_BASE_URL = 'https://api.openalex.org/';

/** OpenAlex works search with cursor paging (`cursor=*`, up to 200 per page). */
export function createOpenalexSource(config: SourceConfig = {}): SearchSource {
  const http = createHttpClient(config, 10);
  const base = config.baseUrl ?? OPENALEX_BASE_URL;
  const perPage = Math.min(config.pageSize ?? 200, 200);

  async function* pages(query: string, signal?: AbortSignal): AsyncIterable<SearchPage> {
    let cursor: string | undefined = '*';
    let ordinal = 0;
    while (cursor !== undefined) {
      const url = buildUrl(base, 'works', {
        search: query,
        'per-page': perPage,
        cursor,
        mailto: config.email,
        api_key: config.apiKey,
      });
      const body = asObject(parseJson(await http.getText(url, signal), url));
      const meta = asObject(body?.meta);
      const total = asNumber(meta?.count);
      if (body === undefined || total === undefined || !Array.isArray(body.results)) {
        throw malformed(url, 'missing meta.count or results');
      }
      if (body.results.length === 0) return;
      const records = body.results.map((item) => mapOpenalex(item, (ordinal += 1), url));
      yield { records, total, issues: [] };
      cursor = asString(meta?.next_cursor);
    }
  }

  return {
    id: 'openalex',
    search: (query: string, options: SearchOptions = {}) =>
      limitPages(pages(query, options.signal), options),
  };
}

/** OpenAlex stores abstracts as word -> positions; this puts the words back in order. */
export function reconstructAbstract(index: Json): string | undefined {
  const words = asObject(index);
  if (words === undefined) return undefined;
  const slots: string[] = [];
  for (const [word, positions] of Object.entries(words)) {
    for (const position of asArray(positions)) {
      if (typeof position === 'number' && Number.isInteger(position) && position >= 0)
        slots[position] = word;
    }
  }
  const text = slots.filter((word) => word !== undefined).join(' ');
  return text === '' ? undefined : text;
}

/** Maps one OpenAlex work; `raw` is the work's JSON text. */
export function mapOpenalex(item: Json, ordinal: number, url: string): BibRecord {
  const data = asObject(item);
  const id = asString(data?.id);
  if (data === undefined || id === undefined) throw malformed(url, `work ${ordinal} has no id`);
  const record = createRecord(JSON.stringify(item), { line: ordinal, endLine: ordinal });
  const biblio = asObject(data.biblio);
  const source = asObject(asObject(data.primary_location)?.source);
  const first = asString(biblio?.first_page);
  const last = asString(biblio?.last_page);
  record.title = asString(data.title) ?? asString(data.display_name);
  record.abstract = reconstructAbstract(data.abstract_inverted_index);
  record.authors = asArray(data.authorships).flatMap((entry) => {
    const name = asString(asObject(asObject(entry)?.author)?.display_name);
    return name ? [parseAuthorName(name)] : [];
  });
  record.year = asNumber(data.publication_year);
  record.journal = asString(source?.display_name);
  record.volume = asString(biblio?.volume);
  record.issue = asString(biblio?.issue);
  record.pages = first && last && last !== first ? `${first}-${last}` : first;
  record.doi = normaliseDoi(asString(data.doi));
  record.pmid = normalisePmid(asString(asObject(data.ids)?.pmid)?.replace(/^.*\//, ''));
  record.language = asString(data.language);
  record.sourceDatabase = 'OpenAlex';
  record.sourceRecordId = id.replace(/^https?:\/\/openalex\.org\//, '');
  return record;
}
