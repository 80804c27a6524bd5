import type { SearchOptions, SearchPage } from './types';

/**
 * Applies `maxRecords` and `onProgress` to a client's page stream; stopping early ends the
 * client's generator, so no further request is sent.
 */
export async function* limitPages(
  pages: AsyncIterable<SearchPage>,
  options: SearchOptions,
): AsyncIterable<SearchPage> {
  const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
  let fetched = 0;
  for await (const page of pages) {
    const records = page.records.slice(0, Math.max(0, max - fetched));
    fetched += records.length;
    const total = Math.min(page.total, max);
    options.onProgress?.({ fetched, total });
    yield { ...page, records };
    if (fetched >= max) return;
  }
}
