import type { ParseIssue } from '#core/domain/index';
import { issue } from '../fields';

/** One parsed row with the lines it spans (quoted cells may hold line breaks). */
export interface DelimitedRow {
  cells: string[];
  line: number;
  endLine: number;
  start: number;
  end: number;
}

export interface ParseDelimitedResult {
  rows: DelimitedRow[];
  delimiter: string;
  issues: ParseIssue[];
}

const CANDIDATES = [',', ';', '\t'] as const;

/** Picks `,`, `;` or tab by counting each outside quotes on the first line. */
export function sniffDelimiter(text: string): string {
  let best = ',';
  let bestCount = 0;
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t'))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  for (const candidate of CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * RFC 4180 parser with line numbers: quoted cells may hold delimiters, doubled quotes and
 * line breaks (Scopus abstracts do). A quote inside an unquoted cell is kept literally
 * because real exports (IEEE, ASySD) contain them.
 */
export function parseDelimited(
  text: string,
  delimiter = sniffDelimiter(text),
): ParseDelimitedResult {
  const rows: DelimitedRow[] = [];
  const issues: ParseIssue[] = [];
  const length = text.length;
  const delim = delimiter.charCodeAt(0);
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < length) {
    const rowStart = pos;
    const rowLine = line;
    const cells: string[] = [];
    let endOfRow = false;
    while (!endOfRow) {
      if (text.charCodeAt(pos) === 34) {
        const parts: string[] = [];
        let from = pos + 1;
        let closed = false;
        let i = from;
        while (i < length) {
          const code = text.charCodeAt(i);
          if (code === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              parts.push(text.slice(from, i + 1));
              i += 2;
              from = i;
              continue;
            }
            closed = true;
            break;
          }
          if (code === 10) line += 1;
          else if (code === 13 && text.charCodeAt(i + 1) !== 10) line += 1;
          i += 1;
        }
        parts.push(text.slice(from, i));
        if (!closed) {
          issues.push(
            issue(
              rowLine,
              'csv/unterminated-quote',
              'error',
              'A quoted cell is never closed; the rest of the file was read into it.',
            ),
          );
          cells.push(parts.join(''));
          pos = length;
          endOfRow = true;
          break;
        }
        pos = i + 1;
        // Text after the closing quote up to the delimiter is kept (lenient).
        let tail = pos;
        while (tail < length) {
          const code = text.charCodeAt(tail);
          if (code === delim || code === 10 || code === 13) break;
          tail += 1;
        }
        if (tail > pos) parts.push(text.slice(pos, tail));
        cells.push(parts.join(''));
        pos = tail;
      } else {
        let i = pos;
        while (i < length) {
          const code = text.charCodeAt(i);
          if (code === delim || code === 10 || code === 13) break;
          i += 1;
        }
        cells.push(text.slice(pos, i));
        pos = i;
      }
      const code = text.charCodeAt(pos);
      if (code === delim) {
        pos += 1;
      } else {
        if (code === 13) pos += text.charCodeAt(pos + 1) === 10 ? 2 : 1;
        else if (code === 10) pos += 1;
        endOfRow = true;
      }
    }
    const rowEnd = pos;
    const endLine = line;
    line += 1;
    if (cells.length === 1 && cells[0] === '') continue;
    rows.push({ cells, line: rowLine, endLine, start: rowStart, end: rowEnd });
  }
  return { rows, delimiter, issues };
}
