import type { BibRecord } from '#core/domain/index';
import type { FormatWriter } from '../types';

function line(tag: string, value: string | undefined): string {
  if (value === undefined || value === '') return '';
  // RIS has no escaping: a line break inside a value would start a bogus field.
  return `${tag}  - ${value.replace(/\s*[\r\n]+\s*/g, ' ')}\n`;
}

function lines(tag: string, values: readonly string[] | undefined): string {
  return (values ?? []).map((value) => line(tag, value)).join('');
}

/** Serialises one record as RIS (`TY` first, `ER` last). */
export function formatRisRecord(record: BibRecord): string {
  const [start, end] = splitPages(record.pages);
  const parts = [
    line('TY', record.publicationType?.find((t) => /^[A-Z]{2,6}$/.test(t)) ?? 'JOUR'),
    line('TI', record.title),
    lines(
      'AU',
      record.authors.map((a) => (a.given !== undefined ? `${a.family}, ${a.given}` : a.family)),
    ),
    line('PY', record.year?.toString()),
    line(
      'DA',
      record.date !== undefined && record.date !== String(record.year) ? record.date : undefined,
    ),
    line('T2', record.journal),
    line('J2', record.journalAbbrev),
    line('VL', record.volume),
    line('IS', record.issue),
    line('SP', start),
    line('EP', end),
    line('DO', record.doi),
    line('AN', record.sourceRecordId),
    line('C2', record.pmid !== undefined ? `PMID:${record.pmid}` : undefined),
    line('C3', record.pmcid),
    line('DB', record.sourceDatabase),
    line('AB', record.abstract),
    lines('KW', record.keywords),
    lines('SN', [...(record.issn ?? []), ...(record.isbn ?? [])]),
    line('LA', record.language),
    line('PB', record.publisher),
    lines('UR', record.url),
    'ER  - \n',
  ];
  return parts.join('');
}

function splitPages(pages: string | undefined): [string | undefined, string | undefined] {
  if (pages === undefined) return [undefined, undefined];
  const dash = pages.indexOf('-');
  if (dash <= 0) return [pages, undefined];
  return [pages.slice(0, dash), pages.slice(dash + 1)];
}

/** Writes records as RIS, one chunk per record, separated by blank lines. */
export function* writeRis(records: Iterable<BibRecord>): Iterable<string> {
  for (const record of records) yield `${formatRisRecord(record)}\n`;
}

/** RIS export (readable by EndNote, Zotero, Mendeley, Rayyan, Covidence). */
export const risWriter: FormatWriter = { id: 'ris', extension: '.ris', write: writeRis };
