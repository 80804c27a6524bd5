import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import {
  addExtra,
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  issue,
  pushValue,
  setOnce,
} from '../fields';
import { parseAuthorName } from '../normalise';
import { decodeLatex } from './latex';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets of line starts, for turning an offset into a 1-based line by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A cursor over one BibTeX file: entries, fields, braced/quoted values, `#` concatenation. */
class BibScanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly macros: Map<string, string>,
  ) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  readName(): string {
    const start = this.pos;
    while (this.pos < this.text.length && /[^\s=,{}()"#]/.test(this.text[this.pos] ?? ''))
      this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** Reads `{...}` with nested braces; returns the inner text. */
  readBraced(): string {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.text.length; this.pos += 1) {
      const ch = this.text[this.pos];
      if (ch === '\\') {
        this.pos += 1;
        continue;
      }
      if (ch === '{') depth += 1;
      else if (ch === '}') {
        depth -= 1;
        if (depth === 0) {
          this.pos += 1;
          return this.text.slice(start + 1, this.pos - 1);
        }
      }
    }
    throw new SyntaxProblem(start, 'bibtex/unbalanced-braces', 'A braced value is never closed.');
  }

  /** Reads `"..."`; braces inside may protect quotes. */
  readQuoted(): string {
    const start = this.pos;
    let depth = 0;
    for (this.pos += 1; this.pos < this.text.length; this.pos += 1) {
      const ch = this.text[this.pos];
      if (ch === '\\') {
        this.pos += 1;
        continue;
      }
      if (ch === '{') depth += 1;
      else if (ch === '}') depth -= 1;
      else if (ch === '"' && depth <= 0) {
        this.pos += 1;
        return this.text.slice(start + 1, this.pos - 1);
      }
    }
    throw new SyntaxProblem(start, 'bibtex/unterminated-quote', 'A quoted value is never closed.');
  }

  /** Reads a value: pieces joined by `#` (braced, quoted, number or macro). */
  readValue(): string {
    const parts: string[] = [];
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === '{') parts.push(this.readBraced());
      else if (ch === '"') parts.push(this.readQuoted());
      else {
        const name = this.readName();
        if (name === '')
          throw new SyntaxProblem(this.pos, 'bibtex/missing-value', 'Expected a field value.');
        if (/^\d+$/.test(name)) parts.push(name);
        else {
          const lower = name.toLowerCase();
          const macro = this.macros.get(lower);
          const month = MONTHS.indexOf(lower);
          parts.push(macro ?? (month >= 0 ? lower : name));
        }
      }
      this.skipSpace();
      if (this.text[this.pos] !== '#') return parts.join('');
      this.pos += 1;
    }
  }
}

interface RawEntry {
  type: string;
  key: string;
  fields: [string, string][];
  start: number;
  end: number;
}

function splitAuthors(value: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '{') depth += 1;
    else if (ch === '}') depth -= 1;
    else if (depth === 0 && /\s/.test(ch ?? '') && /^\s+and\s/i.test(value.slice(i, i + 6))) {
      names.push(value.slice(from, i));
      const match = /^\s+and\s+/i.exec(value.slice(i)) ?? [''];
      i += match[0].length - 1;
      from = i + 1;
    }
  }
  names.push(value.slice(from));
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

function buildRecord(entry: RawEntry, raw: string, line: number, endLine: number): BibRecord {
  const record = createRecord(raw, { line, endLine });
  record.publicationType = [entry.type];
  if (entry.key !== '') record.sourceRecordId = entry.key;
  let month: string | undefined;
  let year: string | undefined;
  for (const [name, rawValue] of entry.fields) {
    if (name === 'author') {
      for (const author of splitAuthors(rawValue)) {
        // A fully braced name (`{World Health Organization}`) is a corporate author.
        const corporate = /^\{[^{}]*\}$/.test(author);
        const decoded = decodeLatex(author);
        record.authors.push(
          corporate
            ? { family: decoded, raw: decoded }
            : { ...parseAuthorName(decoded), raw: decoded },
        );
      }
      continue;
    }
    const value = decodeLatex(rawValue);
    if (value === '') continue;
    switch (name) {
      case 'title':
        setOnce(record, 'title', value);
        break;
      case 'journal':
      case 'journaltitle':
      case 'booktitle':
        setOnce(record, 'journal', value);
        break;
      case 'shortjournal':
      case 'abbrev_source_title':
        setOnce(record, 'journalAbbrev', value);
        break;
      case 'year':
        year = value;
        break;
      case 'date':
        assignDate(record, value);
        break;
      case 'month':
        month = value;
        break;
      case 'volume':
        setOnce(record, 'volume', value);
        break;
      case 'number':
      case 'issue':
        setOnce(record, 'issue', value);
        break;
      case 'pages':
        assignPages(record, value);
        break;
      case 'doi':
        assignDoi(record, value);
        break;
      case 'pmid':
        assignPmid(record, value);
        break;
      case 'pmcid':
        setOnce(record, 'pmcid', value);
        break;
      case 'abstract':
        setOnce(record, 'abstract', value);
        break;
      case 'keywords':
      case 'author_keywords':
        for (const k of value.split(value.includes(';') ? ';' : ',')) pushValue(record.keywords, k);
        break;
      case 'issn':
        record.issn = value.split(/[;,]\s*/).filter((v) => v !== '');
        break;
      case 'isbn':
        record.isbn = value.split(/[;,]\s*/).filter((v) => v !== '');
        break;
      case 'url':
        (record.url ??= []).push(value);
        break;
      case 'publisher':
        setOnce(record, 'publisher', value);
        break;
      case 'language':
      case 'langid':
        setOnce(record, 'language', value);
        break;
      case 'source':
        setOnce(record, 'sourceDatabase', value);
        break;
      case 'art_number':
      case 'eid':
        if (record.pages === undefined) assignPages(record, value);
        else addExtra(record, name, value);
        break;
      default:
        addExtra(record, name, value);
    }
  }
  if (year !== undefined && record.year === undefined)
    assignDate(record, month !== undefined ? `${year} ${month}` : year);
  return record;
}

/**
 * Reads BibTeX/BibLaTeX: `@type{key, field = value}` with nested braces, quoted values,
 * `#` concatenation and `@string` macros; LaTeX escapes are decoded to Unicode. A broken
 * entry is reported and skipped; reading resumes at the next `@`.
 */
export function readBibtex(text: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  const starts = lineStarts(text);
  const macros = new Map<string, string>();
  const scanner = new BibScanner(text, macros);
  let at = text.indexOf('@');
  while (at >= 0) {
    scanner.pos = at + 1;
    const type = scanner.readName().toLowerCase();
    scanner.skipSpace();
    const open = text[scanner.pos];
    if (type === '' || (open !== '{' && open !== '(')) {
      at = text.indexOf('@', at + 1);
      continue;
    }
    const close = open === '{' ? '}' : ')';
    try {
      if (type === 'comment' || type === 'preamble') {
        if (open === '{') scanner.readBraced();
        else scanner.pos = Math.max(text.indexOf(')', scanner.pos), scanner.pos) + 1;
        at = text.indexOf('@', scanner.pos);
        continue;
      }
      scanner.pos += 1;
      scanner.skipSpace();
      if (type === 'string') {
        const name = scanner.readName().toLowerCase();
        scanner.skipSpace();
        if (text[scanner.pos] !== '=')
          throw new SyntaxProblem(scanner.pos, 'bibtex/bad-string', 'Expected `=` in @string.');
        scanner.pos += 1;
        macros.set(name, scanner.readValue());
        scanner.skipSpace();
        if (text[scanner.pos] === close) scanner.pos += 1;
        at = text.indexOf('@', scanner.pos);
        continue;
      }
      const entry = readEntry(scanner, type, close, at);
      const line = lineAt(starts, entry.start);
      const endLine = lineAt(starts, Math.max(entry.start, entry.end - 1));
      const record = buildRecord(entry, text.slice(entry.start, entry.end), line, endLine);
      if (record.title === undefined)
        issues.push(issue(line, 'bibtex/missing-title', 'warning', 'Entry has no title.'));
      records.push(record);
      at = text.indexOf('@', scanner.pos);
    } catch (problem) {
      const line = lineAt(starts, at);
      if (problem instanceof SyntaxProblem) {
        issues.push(
          issue(
            line,
            problem.code,
            'error',
            `${problem.message} Entry at line ${line} skipped (problem at line ${lineAt(starts, problem.offset)}).`,
          ),
        );
      } else {
        issues.push(
          issue(
            line,
            'bibtex/bad-entry',
            'error',
            `Entry at line ${line} could not be read; skipped.`,
          ),
        );
      }
      at = nextEntryStart(text, at + 1);
    }
  }
  return { records, issues };
}

/** The next `@` at the start of a line (after a syntax error, to resynchronise). */
function nextEntryStart(text: string, from: number): number {
  let at = text.indexOf('@', from);
  while (at > 0) {
    const before = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
    if (before.trim() === '') return at;
    at = text.indexOf('@', at + 1);
  }
  return at;
}

function readEntry(scanner: BibScanner, type: string, close: string, start: number): RawEntry {
  const text = scanner.text;
  const keyStart = scanner.pos;
  while (
    scanner.pos < text.length &&
    text[scanner.pos] !== ',' &&
    text[scanner.pos] !== close &&
    !/\s/.test(text[scanner.pos] ?? '')
  ) {
    scanner.pos += 1;
  }
  const key = text.slice(keyStart, scanner.pos).trim();
  const fields: [string, string][] = [];
  for (;;) {
    scanner.skipSpace();
    const ch = text[scanner.pos];
    if (ch === undefined)
      throw new SyntaxProblem(
        scanner.pos,
        'bibtex/unterminated-entry',
        'The file ends inside an entry.',
      );
    if (ch === close) {
      scanner.pos += 1;
      return { type, key, fields, start, end: scanner.pos };
    }
    if (ch === ',') {
      scanner.pos += 1;
      continue;
    }
    if (ch === '@')
      throw new SyntaxProblem(
        scanner.pos,
        'bibtex/unterminated-entry',
        'Entry is not closed before the next @.',
      );
    let name = scanner.readName().toLowerCase();
    scanner.skipSpace();
    // Scopus writes field names with spaces (`funding_text 1={...}`).
    while (name !== '' && /[A-Za-z0-9_]/.test(text[scanner.pos] ?? '')) {
      name = `${name} ${scanner.readName().toLowerCase()}`;
      scanner.skipSpace();
    }
    if (name === '' || text[scanner.pos] !== '=') {
      throw new SyntaxProblem(scanner.pos, 'bibtex/bad-field', 'Expected `name = value`.');
    }
    scanner.pos += 1;
    fields.push([name, scanner.readValue()]);
  }
}

function detectBibtex(text: string): number {
  if (
    /^\s*@(?:article|book|inproceedings|incollection|misc|phdthesis|techreport|online|report|conference|inbook|string|preamble|comment|thesis|unpublished|manual|mastersthesis)\s*[{(]/im.test(
      text,
    )
  ) {
    return 0.95;
  }
  return /^\s*@[a-z]+\s*\{[^,\s]*,/im.test(text) ? 0.8 : 0;
}

/** BibTeX / BibLaTeX reader. */
export const bibtexReader: FormatReader = {
  id: 'bibtex',
  label: 'BibTeX',
  extensions: ['.bib', '.bibtex'],
  detect: detectBibtex,
  read: readBibtex,
};
