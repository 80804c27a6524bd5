/** Called for each line with its [start, end) offsets (end excludes the line break). */
export type LineVisitor = (start: number, end: number, line: number) => void;

/**
 * Walks lines ending in LF, CRLF or a bare CR (classic Mac exports) without copying the
 * text. The common LF/CRLF case uses native `indexOf`, which is much faster than a char loop.
 */
export function forEachLine(text: string, visit: LineVisitor, firstLine = 1): void {
  if (hasBareCr(text)) {
    visitMixedLines(text, visit, firstLine);
    return;
  }
  let start = 0;
  let line = firstLine;
  const length = text.length;
  while (start < length) {
    let next = text.indexOf('\n', start);
    if (next < 0) next = length;
    const end = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    visit(start, end, line);
    start = next + 1;
    line += 1;
  }
}

function hasBareCr(text: string): boolean {
  let at = text.indexOf('\r');
  while (at >= 0) {
    if (text.charCodeAt(at + 1) !== 10) return true;
    at = text.indexOf('\r', at + 1);
  }
  return false;
}

function visitMixedLines(text: string, visit: LineVisitor, firstLine: number): void {
  let start = 0;
  let line = firstLine;
  const length = text.length;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      visit(start, i, line);
      if (code === 13 && text.charCodeAt(i + 1) === 10) i += 1;
      start = i + 1;
      line += 1;
    }
  }
  if (start < length) visit(start, length, line);
}

/** Splits text into lines (LF, CRLF or CR); for small inputs where slices are simpler. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Drops a leading byte-order mark that survived decoding. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Counts line breaks in `text` between two offsets (for locating XML elements). */
export function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10) count += 1;
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) count += 1;
  }
  return count;
}
