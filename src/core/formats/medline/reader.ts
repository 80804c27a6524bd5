import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { forEachLine } from '../lines';
import {
  addAuthors,
  addExtra,
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  issue,
  setOnce,
} from '../fields';

interface MedlineField {
  tag: string;
  value: string;
}

// `TAG - value`: tags are 2-4 capitals padded with spaces to four characters.
const TAG_LINE = /^([A-Z][A-Z0-9]{1,3}) *- ?(.*)$/;

function buildRecord(
  fields: MedlineField[],
  raw: string,
  line: number,
  endLine: number,
): BibRecord {
  const record = createRecord(raw, { line, endLine });
  record.sourceDatabase = 'PubMed';
  const fullNames: string[] = [];
  const shortNames: string[] = [];
  for (const { tag, value } of fields) {
    if (value === '') continue;
    switch (tag) {
      case 'PMID':
        assignPmid(record, value);
        setOnce(record, 'sourceRecordId', value);
        break;
      case 'TI':
        setOnce(record, 'title', value);
        break;
      case 'AB':
        setOnce(record, 'abstract', value);
        break;
      case 'FAU':
        fullNames.push(value);
        break;
      case 'AU':
        shortNames.push(value);
        break;
      case 'AID':
      case 'LID':
        if (/\[doi\]\s*$/i.test(value)) assignDoi(record, value.replace(/\s*\[doi\]\s*$/i, ''));
        else addExtra(record, tag, value);
        break;
      case 'PT':
        (record.publicationType ??= []).push(value);
        break;
      case 'MH':
        record.subjectHeadings.push(value);
        break;
      case 'OT':
        record.keywords.push(value);
        break;
      case 'PMC':
        setOnce(record, 'pmcid', value);
        break;
      case 'TA':
        setOnce(record, 'journalAbbrev', value);
        break;
      case 'JT':
        setOnce(record, 'journal', value);
        break;
      case 'DP':
        assignDate(record, value);
        break;
      case 'VI':
        setOnce(record, 'volume', value);
        break;
      case 'IP':
        setOnce(record, 'issue', value);
        break;
      case 'PG':
        if (record.pages === undefined) assignPages(record, value);
        break;
      case 'IS': {
        // `1932-6203 (Electronic)` and `(Linking)` often repeat the same ISSN.
        const issn = value.replace(/\s*\(.*\)\s*$/, '');
        const list = (record.issn ??= []);
        if (!list.includes(issn)) list.push(issn);
        break;
      }
      case 'LA':
        setOnce(record, 'language', value);
        break;
      default:
        addExtra(record, tag, value);
    }
  }
  // FAU (full names) exists only for records after 2002; AU always.
  addAuthors(record, fullNames.length >= shortNames.length ? fullNames : shortNames);
  if (record.journal === undefined && record.journalAbbrev !== undefined) {
    record.journal = record.journalAbbrev;
  }
  return record;
}

/**
 * Reads PubMed's MEDLINE format (`.nbib`, `.txt`): records start at `PMID-` and end at a
 * blank line; continuation lines are indented six spaces.
 */
export function readMedline(text: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let fields: MedlineField[] = [];
  let inRecord = false;
  let start = 0;
  let startLine = 0;
  let lastEnd = 0;
  let lastLine = 0;
  const close = (): void => {
    const record = buildRecord(fields, text.slice(start, lastEnd), startLine, lastLine);
    if (record.title === undefined) {
      issues.push(issue(startLine, 'medline/missing-title', 'warning', 'Record has no title.'));
    }
    if (record.pmid === undefined) {
      issues.push(issue(startLine, 'medline/missing-pmid', 'warning', 'Record has no PMID line.'));
    }
    records.push(record);
    fields = [];
    inRecord = false;
  };
  forEachLine(text, (lineStart, end, line) => {
    let content = text.slice(lineStart, end);
    if (line === 1 && content.charCodeAt(0) === 0xfeff) content = content.slice(1);
    if (content.trim() === '') {
      if (inRecord) close();
      return;
    }
    const first = content.charCodeAt(0);
    if (first === 32 || first === 9) {
      const previous = fields[fields.length - 1];
      if (inRecord && previous) {
        previous.value = `${previous.value} ${content.trim()}`;
        lastEnd = end;
        lastLine = line;
      } else {
        issues.push(
          issue(
            line,
            'medline/orphan-continuation',
            'warning',
            'Indented line outside a record was skipped.',
          ),
        );
      }
      return;
    }
    const match = TAG_LINE.exec(content);
    if (!match) {
      issues.push(
        issue(
          line,
          'medline/bad-line',
          'warning',
          'Line is neither a tag nor a continuation; skipped.',
        ),
      );
      return;
    }
    const tag = match[1] ?? '';
    if (tag === 'PMID' && inRecord) close();
    if (!inRecord) {
      inRecord = true;
      start = lineStart;
      startLine = line;
    }
    fields.push({ tag, value: (match[2] ?? '').trim() });
    lastEnd = end;
    lastLine = line;
  });
  // A record is finished by a blank line; an indented line with nothing after it (the start
  // of a continuation the file was cut in) is not one.
  const unfinished = inRecord || !/\r?\n[ \t]*\r?\n/.test(text.slice(lastEnd));
  if (inRecord) close();
  const truncation = truncatedEnd(text, records, unfinished);
  if (truncation) issues.push(truncation);
  return { records, issues };
}

/**
 * A file cut short (a download stopped, a copy that ran out of room) ends inside its last
 * record. PubMed closes every record with its `SO` (source) line: a last record without one,
 * when the others have it or the text stops mid-line, was cut off, and importing it would
 * quietly keep a record missing whatever followed.
 */
function truncatedEnd(
  text: string,
  records: readonly BibRecord[],
  unfinished: boolean,
): ParseIssue | undefined {
  const last = records.at(-1);
  if (!last || !unfinished) return undefined;
  const hasSource = (record: BibRecord): boolean => /^SO {2}- /m.test(record.raw);
  if (hasSource(last)) return undefined;
  const othersHaveIt = records.length > 1 && records.slice(0, -1).every(hasSource);
  const midLine = !/[\r\n]$/.test(text);
  if (!othersHaveIt && !midLine) return undefined;
  return issue(
    last.location.endLine,
    'medline/truncated',
    'error',
    `The file ends inside record ${records.length} (no SO line${midLine ? ', and mid-line' : ''}): it looks cut short. Export it again.`,
  );
}

function detectMedline(text: string): number {
  if (/^(?:\uFEFF)?PMID- ?\d/m.test(text)) return 0.95;
  return /^(?:TI|AU|DP) {2}- /m.test(text) && /^(?:FAU|STAT|OWN) ?- /m.test(text) ? 0.8 : 0;
}

/** PubMed MEDLINE / .nbib reader. */
export const medlineReader: FormatReader = {
  id: 'medline',
  label: 'PubMed MEDLINE (.nbib)',
  extensions: ['.nbib', '.txt', '.medline'],
  detect: detectMedline,
  read: readMedline,
};
