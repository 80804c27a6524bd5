import type { BibRecord } from '#core/domain/index';
import type { FormatWriter } from '../types';

const CSL_TYPES: Record<string, string> = {
  JOUR: 'article-journal',
  BOOK: 'book',
  CHAP: 'chapter',
  CONF: 'paper-conference',
  THES: 'thesis',
  RPRT: 'report',
  article: 'article-journal',
};

/** One record as a CSL-JSON item (only fields that have values). */
export function toCslItem(record: BibRecord, index: number): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: record.sourceRecordId ?? `item-${index + 1}`,
    type:
      (record.publicationType ?? []).map((t) => CSL_TYPES[t]).find((t) => t !== undefined) ??
      'article-journal',
  };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
      item[key] = value;
  };
  set('title', record.title);
  set(
    'author',
    record.authors.map((a) =>
      a.given !== undefined ? { family: a.family, given: a.given } : { family: a.family },
    ),
  );
  if (record.year !== undefined) item.issued = { 'date-parts': [[record.year]] };
  set('container-title', record.journal);
  set('container-title-short', record.journalAbbrev);
  set('volume', record.volume);
  set('issue', record.issue);
  set('page', record.pages);
  set('DOI', record.doi);
  set('PMID', record.pmid);
  set('PMCID', record.pmcid);
  set('abstract', record.abstract);
  set('keyword', record.keywords.join('; '));
  set('ISSN', record.issn?.join(', '));
  set('ISBN', record.isbn?.join(', '));
  set('URL', record.url?.[0]);
  set('publisher', record.publisher);
  set('language', record.language);
  set('source', record.sourceDatabase);
  return item;
}

/** Writes a CSL-JSON array, one item per chunk. */
export function* writeCslJson(records: Iterable<BibRecord>): Iterable<string> {
  let index = 0;
  yield '[';
  for (const record of records) {
    yield `${index === 0 ? '\n' : ',\n'}  ${JSON.stringify(toCslItem(record, index))}`;
    index += 1;
  }
  yield '\n]\n';
}

/** CSL-JSON export. */
export const cslJsonWriter: FormatWriter = {
  id: 'csl-json',
  extension: '.json',
  write: writeCslJson,
};
