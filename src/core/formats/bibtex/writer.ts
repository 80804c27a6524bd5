import type { BibRecord } from '#core/domain/index';
import type { FormatWriter } from '../types';
import { encodeLatex } from './latex';

const ENTRY_TYPES: Record<string, string> = {
  JOUR: 'article',
  BOOK: 'book',
  CHAP: 'incollection',
  CONF: 'inproceedings',
  CPAPER: 'inproceedings',
  THES: 'phdthesis',
  RPRT: 'techreport',
};

function entryType(record: BibRecord): string {
  for (const type of record.publicationType ?? []) {
    const mapped = ENTRY_TYPES[type.toUpperCase()];
    if (mapped !== undefined) return mapped;
    if (/^(article|book|incollection|inproceedings|phdthesis|techreport|misc)$/.test(type))
      return type;
  }
  return 'article';
}

function baseKey(record: BibRecord): string {
  const family = (record.authors[0]?.family ?? 'anon').normalize('NFD').replace(/[^A-Za-z]/g, '');
  const word =
    (record.title ?? '')
      .normalize('NFD')
      .replace(/[^A-Za-z ]/g, '')
      .split(' ')
      .find((w) => w.length > 3) ?? '';
  return `${family || 'anon'}${record.year ?? ''}${word.toLowerCase()}`;
}

function field(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `  ${name} = {${encodeLatex(value)}},\n`;
}

/** Writes records as BibTeX with unique keys (the source id when usable, else author+year+word). */
export function* writeBibtex(records: Iterable<BibRecord>): Iterable<string> {
  const used = new Set<string>();
  for (const record of records) {
    const source = record.sourceRecordId?.replace(/[^A-Za-z0-9_:.-]/g, '') ?? '';
    let key = source !== '' ? source : baseKey(record);
    if (used.has(key)) {
      let n = 2;
      while (used.has(`${key}_${n}`)) n += 1;
      key = `${key}_${n}`;
    }
    used.add(key);
    const authors = record.authors
      .map((a) => {
        const family = encodeLatex(a.family);
        // Protect names that would otherwise be re-split at spaces or commas.
        const safeFamily = a.given === undefined || /\s|,/.test(a.family) ? `{${family}}` : family;
        return a.given !== undefined ? `${safeFamily}, ${encodeLatex(a.given)}` : safeFamily;
      })
      .join(' and ');
    const parts = [
      `@${entryType(record)}{${key},\n`,
      field('title', record.title),
      authors === '' ? '' : `  author = {${authors}},\n`,
      field('year', record.year?.toString()),
      field('journal', record.journal),
      field('shortjournal', record.journalAbbrev),
      field('volume', record.volume),
      field('number', record.issue),
      field('pages', record.pages?.replace('-', '--')),
      field('doi', record.doi),
      field('pmid', record.pmid),
      field('pmcid', record.pmcid),
      field('abstract', record.abstract),
      field('keywords', record.keywords.join('; ')),
      field('issn', record.issn?.join(', ')),
      field('isbn', record.isbn?.join(', ')),
      field('url', record.url?.[0]),
      field('publisher', record.publisher),
      field('language', record.language),
      '}\n\n',
    ];
    yield parts.join('');
  }
}

/** BibTeX export. */
export const bibtexWriter: FormatWriter = { id: 'bibtex', extension: '.bib', write: writeBibtex };
