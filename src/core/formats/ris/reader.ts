import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions, StreamOptions } from '../types';
import { forEachLine } from '../lines';
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

/** One `TAG  - value` line of a record, with continuation lines appended. */
interface RisField {
  tag: string;
  value: string;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isTagChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/**
 * Offset where the value starts if the line is `XY  - value` (1-4 spaces before the dash,
 * since some exporters write `ER -`), else -1. Checked by char codes: no regex per line.
 */
function tagValueStart(text: string, start: number, end: number): number {
  if (end - start < 3) return -1;
  if (!isUpper(text.charCodeAt(start)) || !isTagChar(text.charCodeAt(start + 1))) return -1;
  let at = start + 2;
  const limit = Math.min(end, start + 7);
  while (at < limit && text.charCodeAt(at) === 32) at += 1;
  if (at === start + 2 || at >= end || text.charCodeAt(at) !== 45) return -1;
  at += 1;
  while (at < end && text.charCodeAt(at) === 32) at += 1;
  return at;
}

function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && (text.charCodeAt(at - 1) === 32 || text.charCodeAt(at - 1) === 9)) at -= 1;
  return at;
}

const JOURNAL_TAGS = ['JF', 'T2', 'JO', 'JA', 'J2', 'J1'] as const;
const ABBREV_TAGS = ['JA', 'J2', 'J1', 'JO'] as const;

/** Builds a record from its fields; tag meanings follow the RIS spec plus exporter habits. */
function buildRecord(fields: RisField[], raw: string, line: number, endLine: number): BibRecord {
  const record = createRecord(raw, { line, endLine });
  const first = new Map<string, string>();
  let startPage: string | undefined;
  let endPage: string | undefined;
  for (const { tag, value } of fields) {
    if (value === '') continue;
    if (!first.has(tag)) first.set(tag, value);
    switch (tag) {
      case 'TY':
        (record.publicationType ??= []).push(value);
        break;
      case 'TI':
      case 'T1':
        setOnce(record, 'title', value);
        break;
      case 'AU':
      case 'A1':
        addAuthors(record, [value]);
        break;
      case 'AB':
        if (record.abstract === undefined) record.abstract = value;
        else addExtra(record, tag, value);
        break;
      case 'SP':
        startPage ??= value;
        break;
      case 'EP':
        endPage ??= value;
        break;
      case 'VL':
        setOnce(record, 'volume', value);
        break;
      case 'IS':
      case 'CP':
        setOnce(record, 'issue', value);
        break;
      case 'DO':
        assignDoi(record, value);
        break;
      case 'AN':
        setOnce(record, 'sourceRecordId', value);
        break;
      case 'DB':
      case 'DP':
        setOnce(record, 'sourceDatabase', value);
        break;
      case 'KW':
        // Some exporters (Lens, ProQuest) put all keywords on one line separated by `;`.
        if (value.includes(';')) for (const k of value.split(';')) pushValue(record.keywords, k);
        else record.keywords.push(value);
        break;
      case 'MH':
        record.subjectHeadings.push(value);
        break;
      case 'UR':
      case 'L1':
      case 'L2':
      case 'LK':
        (record.url ??= []).push(value);
        break;
      case 'SN':
        addStandardNumbers(record, value);
        break;
      case 'LA':
        setOnce(record, 'language', value);
        break;
      case 'PB':
        setOnce(record, 'publisher', value);
        break;
      case 'ER':
      case 'PY':
      case 'Y1':
      case 'DA':
      case 'N2':
      case 'JF':
      case 'T2':
      case 'JO':
      case 'JA':
      case 'J2':
      case 'J1':
        break;
      case 'C2':
        // PubMed/EndNote RIS carry the PMID as `C2  - PMID:123` or `PMC...`.
        if (/^PMID:?\s*\d+$/i.test(value)) assignPmid(record, value);
        else if (/^PMC\d+$/.test(value)) setOnce(record, 'pmcid', value);
        else addExtra(record, tag, value);
        break;
      case 'M3':
        if (value.startsWith('10.') || /doi\.org\//i.test(value)) assignDoi(record, value);
        else addExtra(record, tag, value);
        break;
      default:
        addExtra(record, tag, value);
    }
  }
  const date = first.get('PY') ?? first.get('Y1') ?? first.get('DA');
  if (date !== undefined) assignDate(record, date);
  if (record.abstract === undefined) {
    const n2 = first.get('N2');
    if (n2 !== undefined) record.abstract = n2;
  } else if (first.has('N2')) addExtra(record, 'N2', first.get('N2') ?? '');
  if (record.title === undefined) {
    const fallback = first.get('CT') ?? first.get('BT');
    if (fallback !== undefined) record.title = fallback;
  }
  assignJournal(record, first);
  if (startPage !== undefined && startPage.includes('-') && endPage === undefined) {
    assignPages(record, startPage);
  } else assignPages(record, startPage, endPage);
  if (record.doi === undefined) {
    const doiUrl = record.url?.find((u) => /doi\.org\/10\./i.test(u));
    if (doiUrl !== undefined) assignDoi(record, doiUrl);
  }
  if (record.sourceRecordId === undefined) {
    const id = first.get('ID');
    if (id !== undefined) record.sourceRecordId = id;
  }
  if (record.sourceRecordId !== undefined && /pubmed|medline/i.test(record.sourceDatabase ?? '')) {
    if (/^\d+$/.test(record.sourceRecordId)) assignPmid(record, record.sourceRecordId);
  }
  return record;
}

function assignJournal(record: BibRecord, first: Map<string, string>): void {
  let journalTag: string | undefined;
  for (const tag of JOURNAL_TAGS) {
    const value = first.get(tag);
    if (value !== undefined) {
      record.journal = value;
      journalTag = tag;
      break;
    }
  }
  for (const tag of ABBREV_TAGS) {
    const value = first.get(tag);
    if (value !== undefined && tag !== journalTag && value !== record.journal) {
      record.journalAbbrev = value;
      break;
    }
  }
}

function addStandardNumbers(record: BibRecord, value: string): void {
  for (const token of value.split(/[;,\s]+/)) {
    const digits = token.replace(/[^0-9Xx]/g, '');
    if (digits.length === 8) (record.issn ??= []).push(token);
    else if (digits.length === 10 || digits.length === 13) (record.isbn ??= []).push(token);
  }
}

/** Tags some exporters (Ovid) write after a record's `ER`: its links, never a record's start. */
const TRAILER_TAGS = new Set(['NL', 'UR', 'LK', 'L1', 'L2', 'L3', 'L4']);

/**
 * Reads RIS in every common dialect in one pass over the lines. Quirks handled: Ovid puts
 * blank lines inside records, a numbering line (`1.`) before `TY` and `Link to ...` lines
 * after `ER`; some exporters write `ER  -` without a trailing space; lines without a tag
 * continue the previous field; `PY  - 2019///` dates.
 */
export function readRis(text: string, options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues = streamRis(text, (record) => records.push(record), options);
  return { records, issues };
}

/**
 * `readRis` handing each record to `onRecord` as soon as it is final, so a large file is never
 * held as one array of records. A record is final when the next one starts (Ovid's `Link to`
 * lines after `ER` still belong to it) or the text ends. Returns the issues, in `readRis` order.
 * A piece that is not `last` was cut before a `TY` line (see `risCutPoints`), so a record open
 * at its end is one the next `TY` ends.
 */
export function streamRis(
  text: string,
  onRecord: (record: BibRecord) => void,
  options?: StreamOptions,
): ParseIssue[] {
  const issues: ParseIssue[] = [];
  let fields: RisField[] = [];
  let inRecord = false;
  let recordStart = 0;
  let recordLine = 0;
  let lastEnd = 0;
  let lastLine = 0;
  let skipBom = text.charCodeAt(0) === 0xfeff;
  /** The last closed record, kept until the next one opens. */
  let pending: BibRecord | undefined;
  /** The trailer tag (Ovid's `NL` after `ER`) whose continuation lines follow, if any. */
  let trailing: string | undefined;

  const emit = (): void => {
    if (!pending) return;
    if (pending.title === undefined)
      issues.push(
        issue(pending.location.line, 'ris/missing-title', 'warning', 'Record has no title.'),
      );
    onRecord(pending);
    pending = undefined;
  };
  const open = (start: number, line: number): void => {
    emit();
    trailing = undefined;
    inRecord = true;
    recordStart = start;
    recordLine = line;
  };
  const close = (endOffset: number, endLine: number): void => {
    pending = buildRecord(fields, text.slice(recordStart, endOffset), recordLine, endLine);
    fields = [];
    inRecord = false;
  };
  const noEr = (): ParseIssue =>
    issue(
      recordLine,
      'ris/missing-er',
      'warning',
      'Record has no ER line; it ends where the next TY starts.',
    );

  forEachLine(
    text,
    (lineStart, end, line) => {
      let start = lineStart;
      if (skipBom) {
        start += 1;
        skipBom = false;
      }
      const valueStart = tagValueStart(text, start, end);
      if (valueStart < 0) {
        if (!inRecord) {
          const value = text.slice(start, trimEnd(text, start, end)).trim();
          if (pending && value && (trailing || text.startsWith('Link to', start)))
            addExtra(pending, trailing ?? 'Link to', value);
          return;
        }
        const to = trimEnd(text, start, end);
        let from = start;
        while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9))
          from += 1;
        if (from === to) return;
        const previous = fields[fields.length - 1];
        if (previous) previous.value = `${previous.value} ${text.slice(from, to)}`;
        lastEnd = end;
        lastLine = line;
        return;
      }
      const tag = text.slice(start, start + 2);
      if (tag === 'TY') {
        if (inRecord) {
          issues.push(noEr());
          close(lastEnd, lastLine);
        }
        open(start, line);
      } else if (!inRecord && pending && TRAILER_TAGS.has(tag)) {
        // Ovid writes its link lines after `ER`: they are the closed record's, not a new one.
        addExtra(pending, tag, text.slice(valueStart, trimEnd(text, valueStart, end)));
        trailing = tag;
        return;
      } else if (!inRecord) {
        if (tag === 'ER') {
          issues.push(issue(line, 'ris/stray-er', 'warning', 'ER line outside a record.'));
          return;
        }
        issues.push(
          issue(line, 'ris/missing-ty', 'warning', `Record starts with ${tag} instead of TY.`),
        );
        open(start, line);
      }
      lastEnd = end;
      lastLine = line;
      if (tag === 'ER') {
        close(end, line);
        return;
      }
      fields.push({ tag, value: text.slice(valueStart, trimEnd(text, valueStart, end)) });
    },
    options?.firstLine,
  );
  if (inRecord) {
    issues.push(
      options?.last === false
        ? noEr()
        : issue(
            recordLine,
            'ris/missing-er',
            'warning',
            'The file ends inside a record (no ER line); the record may be truncated.',
          ),
    );
    close(lastEnd, lastLine);
  }
  emit();
  return issues;
}

/** Byte values (ASCII) the cut-point search looks for. */
const Byte = { LF: 10, Space: 32, Dash: 45, T: 84, Y: 89 } as const;

/** True when the line starting at `at` is a `TY  - ` line (1-4 spaces before the dash). */
function isTyLine(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== Byte.T || bytes[at + 1] !== Byte.Y) return false;
  let i = at + 2;
  while (i < at + 7 && bytes[i] === Byte.Space) i += 1;
  return i > at + 2 && bytes[i] === Byte.Dash;
}

/**
 * Cut points for parallel reading: the start of a `TY` line about every `size` bytes. A `TY`
 * line always opens a record, and what follows an `ER` before it (Ovid's `Link to` lines) stays
 * with the record it belongs to.
 */
export function risCutPoints(bytes: Uint8Array, size: number): number[] {
  const cuts: number[] = [];
  let from = size;
  while (from < bytes.length) {
    let at = bytes.indexOf(Byte.LF, from);
    while (at >= 0 && !isTyLine(bytes, at + 1)) at = bytes.indexOf(Byte.LF, at + 1);
    if (at < 0) break;
    cuts.push(at + 1);
    from = at + 1 + size;
  }
  return cuts;
}

function detectRis(text: string, fileName?: string): number {
  const head = text.slice(0, 20_000);
  const hasTy = /^(?:\uFEFF)?TY {1,4}- ?\S/m.test(head);
  const hasEr = /^ER {1,4}-/m.test(head);
  if (!hasTy)
    return /^(?:AU|TI|T1|PY) {2}- /m.test(head) && /\.ris$/i.test(fileName ?? '') ? 0.5 : 0;
  return hasEr || text.length === head.length ? 0.95 : 0.9;
}

/** RIS reader (`.ris`, and `.txt` exports from EndNote, WoS, ProQuest...). */
export const risReader: FormatReader = {
  id: 'ris',
  label: 'RIS',
  extensions: ['.ris', '.txt'],
  detect: detectRis,
  read: readRis,
  stream: streamRis,
  cutPoints: risCutPoints,
  rawSpansLines: true,
};
