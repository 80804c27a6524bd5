import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import {
  addAuthors,
  addExtra,
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  pushValue,
  setOnce,
} from '../fields';

/** WoS field tags whose values are lists of separate items rather than wrapped text. */
export const WOS_LIST_TAGS = new Set(['AU', 'AF', 'BA', 'BF', 'CA', 'GP', 'CR', 'C1', 'ED', 'BE']);

/** The values under each WoS tag of one record (list tags hold one item per entry). */
export type WosFields = Map<string, string[]>;

function splitSemicolons(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(';'))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Maps WoS field tags (shared by the tagged and tab-delimited exports) onto a record. */
export function buildWosRecord(
  fields: WosFields,
  raw: string,
  line: number,
  endLine: number,
): BibRecord {
  const record = createRecord(raw, { line, endLine });
  record.sourceDatabase = 'Web of Science';
  const one = (tag: string): string | undefined => {
    const value = fields.get(tag)?.join(' ').trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const apply = (tag: string, set: (value: string) => void): void => {
    const value = one(tag);
    if (value !== undefined) set(value);
  };
  apply('TI', (v) => setOnce(record, 'title', v));
  apply('AB', (v) => setOnce(record, 'abstract', v));
  const fullNames = fields.get('AF') ?? [];
  const shortNames = fields.get('AU') ?? [];
  addAuthors(record, fullNames.length >= shortNames.length ? fullNames : shortNames);
  apply('SO', (v) => setOnce(record, 'journal', v));
  apply('JI', (v) => setOnce(record, 'journalAbbrev', v));
  apply('J9', (v) => setOnce(record, 'journalAbbrev', v));
  apply('VL', (v) => setOnce(record, 'volume', v));
  apply('IS', (v) => setOnce(record, 'issue', v));
  const begin = one('BP');
  if (begin !== undefined) assignPages(record, begin, one('EP'));
  else apply('AR', (v) => assignPages(record, v));
  apply('DI', (v) => assignDoi(record, v));
  apply('PM', (v) => assignPmid(record, v));
  apply('UT', (v) => setOnce(record, 'sourceRecordId', v));
  apply('PY', (v) => assignDate(record, v));
  apply('PD', (v) => {
    if (record.date !== undefined && !record.date.includes(v)) record.date = `${record.date} ${v}`;
    else assignDate(record, v);
  });
  apply('LA', (v) => setOnce(record, 'language', v));
  apply('PU', (v) => setOnce(record, 'publisher', v));
  apply('DT', (v) => (record.publicationType = splitSemicolons([v])));
  for (const k of splitSemicolons(fields.get('DE') ?? [])) pushValue(record.keywords, k);
  for (const k of splitSemicolons(fields.get('ID') ?? [])) pushValue(record.subjectHeadings, k);
  const issn = [...(fields.get('SN') ?? []), ...(fields.get('EI') ?? [])].filter(
    (v) => v.trim() !== '',
  );
  if (issn.length > 0) record.issn = issn.map((v) => v.trim());
  apply('BN', (v) => (record.isbn = splitSemicolons([v])));
  const used = new Set([
    'TI',
    'AB',
    'AF',
    'AU',
    'SO',
    'JI',
    'J9',
    'VL',
    'IS',
    'BP',
    'EP',
    'DI',
    'PM',
    'UT',
    'PY',
    'PD',
    'LA',
    'PU',
    'DT',
    'DE',
    'ID',
    'SN',
    'EI',
    'BN',
    'ER',
    'EF',
  ]);
  for (const [tag, values] of fields) {
    if (used.has(tag) || (tag === 'AR' && begin === undefined)) continue;
    for (const value of values) if (value.trim() !== '') addExtra(record, tag, value);
  }
  return record;
}
