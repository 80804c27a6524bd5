import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { forEachLine, stripBom } from '../lines';
import { issue } from '../fields';
import { WOS_LIST_TAGS, buildWosRecord } from './fields';
import type { WosFields } from './fields';

/**
 * Reads WoS tab-delimited exports: a header row of field tags, one record per line. WoS
 * does not quote cells, so a `"` inside a title is literal and lines split on tabs only.
 * The "Windows UTF-16" variant is UTF-16LE with a BOM; `decodeBytes` handles that.
 */
export function readWosTab(input: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const text = stripBom(input);
  const offset = input.length - text.length;
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let headers: string[] | undefined;
  forEachLine(text, (start, end, line) => {
    const content = text.slice(start, end);
    if (content.trim() === '') return;
    const cells = content.split('\t');
    if (!headers) {
      headers = cells.map((c) => c.trim());
      return;
    }
    const fields: WosFields = new Map();
    cells.forEach((cell, index) => {
      const tag = headers?.[index];
      const value = cell.trim();
      if (tag === undefined || tag === '' || value === '') return;
      fields.set(tag, WOS_LIST_TAGS.has(tag) ? value.split(';').map((v) => v.trim()) : [value]);
    });
    // WoS writes every cell of every row (with a trailing tab): a short row was cut off.
    if (cells.length < headers.length) {
      issues.push(
        issue(
          line,
          'wos/truncated-row',
          'error',
          `Row has ${cells.length} of the header's ${headers.length} cells: the file looks cut short here. Export it again.`,
        ),
      );
      return;
    }
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      issues.push(
        issue(
          line,
          'wos/column-count',
          'warning',
          `Row has ${cells.length} cells; the header has ${headers.length}.`,
        ),
      );
    }
    const record = buildWosRecord(fields, input.slice(start + offset, end + offset), line, line);
    if (record.title === undefined)
      issues.push(issue(line, 'wos/missing-title', 'warning', 'Record has no title.'));
    records.push(record);
  });
  if (!headers) issues.push(issue(0, 'wos/empty', 'warning', 'The file has no header row.'));
  return { records, issues };
}

function detectWosTab(text: string): number {
  const first = stripBom(text).split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (!/^PT\t/.test(first)) return 0;
  return /\tTI\t/.test(first) || /\tUT(\t|$)/.test(first) ? 0.97 : 0.7;
}

/** Web of Science tab-delimited reader (UTF-8 or UTF-16LE export). */
export const wosTabReader: FormatReader = {
  id: 'wos-tab',
  label: 'Web of Science tab-delimited',
  extensions: ['.txt', '.tsv'],
  detect: detectWosTab,
  read: readWosTab,
};
