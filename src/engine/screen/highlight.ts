import type { BibRecord } from '#core/domain/index';
import { highlightText } from '#core/screen/highlight/index';
import type { HighlightSpan } from '#core/screen/highlight/index';

export type { HighlightSpan };

/** Highlight spans for a record's title and abstract. */
export function highlightRecord(
  record: Pick<BibRecord, 'title' | 'abstract'>,
  terms: { include: string[]; exclude: string[] },
): { title: HighlightSpan[]; abstract: HighlightSpan[] } {
  if (terms.include.length === 0 && terms.exclude.length === 0) return { title: [], abstract: [] };
  return {
    title: highlightText(record.title ?? '', terms),
    abstract: highlightText(record.abstract ?? '', terms),
  };
}
