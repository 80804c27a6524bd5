import type { Quote } from './consolidate';

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
/** Equal but for spacing, and for a line break after a hyphen ("Upper-" / "limb"). */
const sameText = (a: string, b: string): boolean =>
  squash(a).replace(/- /g, '-') === squash(b).replace(/- /g, '-');

/**
 * Checks a quote against the text of the page it points to (the retrieve stage's text layer,
 * one string per page): the page exists and its characters `start..end` are the quote, spaces
 * aside. A quote without a page is kept as typed (a value read from a table, a figure, or a
 * report without text). Returns the quote as stored, or why it cannot be.
 */
export function checkQuote(
  quote: unknown,
  pageText: (page: number) => string | undefined,
): { ok: true; quote: Quote } | { ok: false; message: string } {
  const q = quote as Partial<Quote> | null;
  if (!q || typeof q !== 'object' || typeof q.text !== 'string' || !q.text.trim())
    return { ok: false, message: 'A quote needs its text.' };
  const text = q.text.trim();
  if (text.length > 5000)
    return {
      ok: false,
      message: 'A quote is at most 5,000 characters; quote the passage that supports the value.',
    };
  if (q.page === undefined) {
    if (q.start !== undefined || q.end !== undefined)
      return { ok: false, message: 'A quote with characters needs its page.' };
    return { ok: true, quote: { text } };
  }
  if (!Number.isInteger(q.page) || q.page < 1)
    return { ok: false, message: `Page ${String(q.page)} is not a page number.` };
  const page = pageText(q.page);
  if (page === undefined) return { ok: false, message: `The full text has no page ${q.page}.` };
  if (q.start === undefined && q.end === undefined) {
    // A selection in the viewer: found in the page's text whatever the line breaks and spaces.
    const found = findSpan(page, text);
    return found
      ? { ok: true, quote: { text, page: q.page, start: found.start, end: found.end } }
      : { ok: true, quote: { text, page: q.page } };
  }
  const { start, end } = q;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    (start as number) < 0 ||
    (end as number) <= (start as number) ||
    (end as number) > page.length
  )
    return {
      ok: false,
      message: `Characters ${String(start)}..${String(end)} are not a span of page ${q.page} (${page.length} characters).`,
    };
  if (!sameText(page.slice(start, end), text))
    return {
      ok: false,
      message: `Page ${q.page}, characters ${String(start)}..${String(end)}, read "${squash(page.slice(start, end)).slice(0, 80)}", not the quote.`,
    };
  return { ok: true, quote: { text, page: q.page, start: start as number, end: end as number } };
}

/** Where `text` occurs in `page` with any run of spaces or line breaks between its words. */
export function findSpan(page: string, text: string): { start: number; end: number } | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const pattern = new RegExp(
    words
      .map((w) =>
        w
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          // A hyphenated word the page wraps after its hyphen ("Upper-" / "limb").
          .replace(/-/g, '-\\s*'),
      )
      .join('\\s*'),
  );
  const match = pattern.exec(page);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}
