import type { ReactNode } from 'react';
import type { ScreenItem } from '#web/api';

const AUTHORS_SHOWN = 6;

/** A record's byline: authors (six, then et al.), year, journal and a DOI link. */
export function RecordMeta({
  record,
}: {
  record: Pick<ScreenItem['record'], 'authors' | 'year' | 'journal' | 'doi'>;
}): ReactNode {
  const authors = record.authors ?? [];
  const authorText = authors
    .slice(0, AUTHORS_SHOWN)
    .map((a) => (a.family ? `${a.family}${a.given ? ` ${a.given.charAt(0)}` : ''}` : a.raw))
    .join(', ');
  const meta: ReactNode[] = [];
  if (authorText) meta.push(`${authorText}${authors.length > AUTHORS_SHOWN ? ' et al.' : ''}`);
  if (record.year) meta.push(String(record.year));
  if (record.journal) meta.push(<em>{record.journal}</em>);
  if (record.doi) {
    meta.push(
      <a
        href={`https://doi.org/${encodeURI(record.doi)}`}
        target="_blank"
        rel="noreferrer noopener"
      >
        doi:{record.doi}
      </a>,
    );
  }
  return (
    <p className="record-meta">
      {meta.map((part, index) => (
        <span key={index}>
          {index > 0 ? ' · ' : null}
          {part}
        </span>
      ))}
    </p>
  );
}
