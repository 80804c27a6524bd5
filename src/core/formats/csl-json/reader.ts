import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import {
  addAuthors,
  addExtra,
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  issue,
  pushValue,
  setOnce,
} from '../fields';
import { stripMarkup } from '../xml';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Offsets where each element of a top-level JSON array starts (strings skipped). */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i += 1;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (depth === 1 && ch === 123) offsets.push(i);
      depth += 1;
    } else if (ch === 125 || ch === 93) depth -= 1;
  }
  return offsets;
}

/**
 * The line a JSON.parse error points at, whatever Node wrote: `(line 3 column 5)` (Node 22),
 * `at position 42` (Node 20), or nothing for input that simply stops (the last line).
 */
function jsonErrorLine(text: string, message: string): number {
  const stated = /\(line (\d+) column \d+\)/.exec(message);
  if (stated) return Number(stated[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return lineOf(text, Number(position[1]));
  return lineOf(text, text.trimEnd().length);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function str(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

// Crossref abstracts arrive as JATS/HTML (`<jats:p>`, `&amp;`); plain text passes untouched.
function plain(value: string): string {
  return /<\/?[a-z][\w:.-]*[^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(value)
    ? stripMarkup(value)
    : value;
}

function dateOf(value: Json | undefined): string | undefined {
  if (!isObject(value)) return str(value);
  const parts = value['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const first = parts[0].map((p) => String(p)).filter((p) => p !== '' && p !== 'null');
    if (first.length > 0) return first.join('-');
  }
  return str(value.raw) ?? str(value.literal);
}

const HANDLED = new Set([
  'id',
  'type',
  'title',
  'author',
  'issued',
  'container-title',
  'container-title-short',
  'journalAbbreviation',
  'volume',
  'issue',
  'page',
  'DOI',
  'PMID',
  'PMCID',
  'abstract',
  'keyword',
  'ISSN',
  'ISBN',
  'URL',
  'publisher',
  'language',
  'source',
]);

function buildRecord(item: JsonObject, raw: string, line: number, endLine: number): BibRecord {
  const record = createRecord(raw, { line, endLine });
  const id = str(item.id);
  if (id !== undefined) record.sourceRecordId = id;
  const type = str(item.type);
  if (type !== undefined) record.publicationType = [type];
  const title = str(item.title);
  if (title !== undefined) record.title = plain(title);
  for (const author of Array.isArray(item.author) ? item.author : []) {
    if (!isObject(author)) continue;
    const family = str(author.family);
    const given = str(author.given);
    const literal = str(author.literal);
    if (family !== undefined) {
      record.authors.push(
        given !== undefined
          ? { family, given, raw: `${family}, ${given}` }
          : { family, raw: family },
      );
    } else if (literal !== undefined) addAuthors(record, [literal]);
  }
  const date = dateOf(item.issued);
  if (date !== undefined) assignDate(record, date);
  const journal = str(item['container-title']);
  if (journal !== undefined) record.journal = journal;
  const abbrev = str(item['container-title-short']) ?? str(item.journalAbbreviation);
  if (abbrev !== undefined) record.journalAbbrev = abbrev;
  setOnce(record, 'volume', str(item.volume) ?? '');
  setOnce(record, 'issue', str(item.issue) ?? '');
  const page = str(item.page);
  if (page !== undefined) assignPages(record, page);
  const doi = str(item.DOI);
  if (doi !== undefined) assignDoi(record, doi);
  const pmid = str(item.PMID);
  if (pmid !== undefined) assignPmid(record, pmid);
  setOnce(record, 'pmcid', str(item.PMCID) ?? '');
  const abstract = str(item.abstract);
  if (abstract !== undefined) record.abstract = plain(abstract);
  const keyword = item.keyword;
  if (typeof keyword === 'string') {
    for (const k of keyword.split(keyword.includes(';') ? ';' : ',')) pushValue(record.keywords, k);
  } else if (Array.isArray(keyword))
    for (const k of keyword) pushValue(record.keywords, str(k) ?? '');
  const list = (value: Json | undefined): string[] | undefined => {
    const values = (Array.isArray(value) ? value : [value])
      .map(str)
      .filter((v): v is string => v !== undefined);
    return values.length > 0 ? values : undefined;
  };
  const issn = list(item.ISSN)?.flatMap((v) => v.split(/[,;]\s*/));
  if (issn) record.issn = issn;
  const isbn = list(item.ISBN)?.flatMap((v) => v.split(/[,;]\s*/));
  if (isbn) record.isbn = isbn;
  const url = list(item.URL);
  if (url) record.url = url;
  setOnce(record, 'publisher', str(item.publisher) ?? '');
  setOnce(record, 'language', str(item.language) ?? '');
  setOnce(record, 'sourceDatabase', str(item.source) ?? '');
  for (const [key, value] of Object.entries(item)) {
    if (HANDLED.has(key)) continue;
    addExtra(record, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return record;
}

/** Reads CSL-JSON: an array of items or a single item object. */
export function readCslJson(text: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const issues: ParseIssue[] = [];
  let data: Json;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Json;
  } catch (error) {
    const line = jsonErrorLine(text, String((error as Error).message ?? error));
    return {
      records: [],
      issues: [
        issue(
          line,
          'csl-json/invalid-json',
          'error',
          `Not valid JSON at line ${line}: ${String((error as Error).message ?? error)}`,
        ),
      ],
    };
  }
  const items = Array.isArray(data) ? data : [data];
  const offsets = Array.isArray(data) ? elementOffsets(text) : [text.indexOf('{')];
  const records: BibRecord[] = [];
  let line = 1;
  let counted = 0;
  items.forEach((item, index) => {
    const offset = offsets[index] ?? 0;
    if (offset >= counted) {
      line += lineOf(text.slice(counted, offset), offset - counted) - 1;
      counted = offset;
    }
    if (!isObject(item)) {
      issues.push(
        issue(
          line,
          'csl-json/not-an-object',
          'error',
          `Item ${index + 1} is not an object; skipped.`,
        ),
      );
      return;
    }
    const raw = JSON.stringify(item);
    const record = buildRecord(item, raw, line, line);
    if (record.title === undefined)
      issues.push(issue(line, 'csl-json/missing-title', 'warning', 'Item has no title.'));
    records.push(record);
  });
  return { records, issues };
}

function detectCslJson(text: string): number {
  const head = text.trimStart().slice(0, 20_000);
  if (!head.startsWith('[') && !head.startsWith('{')) return 0;
  const cslKeys = [
    '"container-title"',
    '"issued"',
    '"date-parts"',
    '"author"',
    '"type"',
    '"DOI"',
    '"title"',
  ];
  const hits = cslKeys.filter((k) => head.includes(k)).length;
  return hits >= 3 ? 0.9 : hits >= 1 ? 0.4 : 0.1;
}

/** CSL-JSON reader (Zotero, Manubot, citation.js, Crossref content negotiation). */
export const cslJsonReader: FormatReader = {
  id: 'csl-json',
  label: 'CSL-JSON',
  extensions: ['.json'],
  detect: detectCslJson,
  read: readCslJson,
};
