import type { ReactNode } from 'react';
import type { HighlightSpan } from '#web/api';

/**
 * Renders text with highlight spans as React text nodes inside <mark>s. The text is never
 * parsed as HTML: an abstract holding `<script>` shows those characters, inert.
 */
export function HighlightedText({
  text,
  spans,
}: {
  text: string;
  spans: readonly HighlightSpan[];
}): ReactNode {
  const parts: ReactNode[] = [];
  let at = 0;
  const ordered = [...spans]
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of ordered) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, text.length);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark
        key={`${start}-${end}`}
        className={`hl hl-${span.kind}`}
        title={`${span.kind === 'include' ? 'Include' : 'Exclude'} term: ${span.term}`}
      >
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
