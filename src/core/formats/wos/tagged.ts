import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { forEachLine } from '../lines';
import { issue } from '../fields';
import { WOS_LIST_TAGS, buildWosRecord } from './fields';
import type { WosFields } from './fields';

function isTagChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/**
 * Reads WoS plain-text exports (`.ciw`, `.txt`): a `FN`/`VR` header, records from `PT` to
 * `ER`, `EF` at the end. Continuation lines start with three spaces; for author and
 * address tags each continuation is a new item, elsewhere it is wrapped text.
 */
export function readWosTagged(text: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let fields: WosFields = new Map();
  let current: string[] | undefined;
  let currentIsList = false;
  let inRecord = false;
  let start = 0;
  let startLine = 0;
  let lastEnd = 0;
  let lastLine = 0;
  const close = (): void => {
    const record = buildWosRecord(fields, text.slice(start, lastEnd), startLine, lastLine);
    if (record.title === undefined) {
      issues.push(issue(startLine, 'wos/missing-title', 'warning', 'Record has no title.'));
    }
    records.push(record);
    fields = new Map();
    current = undefined;
    inRecord = false;
  };
  forEachLine(text, (lineStart, end, line) => {
    let from = lineStart;
    if (line === 1 && text.charCodeAt(from) === 0xfeff) from += 1;
    if (from === end) return;
    const c0 = text.charCodeAt(from);
    if (c0 === 32) {
      const value = text.slice(from, end).trim();
      if (!inRecord || !current) {
        if (value !== '')
          issues.push(
            issue(
              line,
              'wos/orphan-continuation',
              'warning',
              'Indented line outside a field was skipped.',
            ),
          );
        return;
      }
      if (currentIsList) current.push(value);
      else current[current.length - 1] = `${current[current.length - 1] ?? ''} ${value}`;
      lastEnd = end;
      lastLine = line;
      return;
    }
    const isTag =
      c0 >= 65 &&
      c0 <= 90 &&
      isTagChar(text.charCodeAt(from + 1)) &&
      (end - from === 2 || text.charCodeAt(from + 2) === 32);
    if (!isTag) {
      if (text.slice(from, end).trim() !== '') {
        issues.push(issue(line, 'wos/bad-line', 'warning', 'Line has no field tag; skipped.'));
      }
      return;
    }
    const tag = text.slice(from, from + 2);
    const value = text.slice(from + 3, end).trim();
    if (tag === 'FN' || tag === 'VR' || tag === 'EF') {
      if (inRecord && tag === 'EF') {
        issues.push(issue(startLine, 'wos/missing-er', 'warning', 'Record has no ER line.'));
        close();
      }
      return;
    }
    if (tag === 'ER') {
      if (inRecord) {
        lastEnd = end;
        lastLine = line;
        close();
      } else issues.push(issue(line, 'wos/stray-er', 'warning', 'ER line outside a record.'));
      return;
    }
    if (tag === 'PT' && inRecord) {
      issues.push(
        issue(
          startLine,
          'wos/missing-er',
          'warning',
          'Record has no ER line; it ends where the next PT starts.',
        ),
      );
      close();
    }
    if (!inRecord) {
      inRecord = true;
      start = from;
      startLine = line;
    }
    current = fields.get(tag);
    if (!current) {
      current = [];
      fields.set(tag, current);
    }
    current.push(value);
    currentIsList = WOS_LIST_TAGS.has(tag);
    lastEnd = end;
    lastLine = line;
  });
  if (inRecord) {
    issues.push(
      issue(
        startLine,
        'wos/missing-er',
        'warning',
        'The file ends inside a record (no ER line); it may be truncated.',
      ),
    );
    close();
  }
  return { records, issues };
}

function detectWosTagged(text: string): number {
  const fn = /^(?:\uFEFF)?FN (?:Clarivate|Thomson|ISI)/m.test(text);
  const pt = /^PT [A-Z]\s*$/m.test(text);
  const er = /^ER\s*$/m.test(text);
  if (fn && (pt || er)) return 0.97;
  return pt && er && /^(?:AU|TI|UT|SO) \S/m.test(text) ? 0.85 : 0;
}

/** Web of Science plain-text (tagged) reader. */
export const wosTaggedReader: FormatReader = {
  id: 'wos-tagged',
  label: 'Web of Science plain text (.ciw, .txt)',
  extensions: ['.ciw', '.txt'],
  detect: detectWosTagged,
  read: readWosTagged,
};
