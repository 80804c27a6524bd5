import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { RecordListQuery, RecordRow, ScreenStage } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel } from '#web/components/ui';
import { BulkBar } from './bulk-bar';
import { RecordDetailPanel } from './record-detail';

const PAGE = 50;

const STATUS_LABEL: Record<RecordRow['stages']['ti-ab']['status'], string> = {
  'not-eligible': '—',
  pending: 'Pending',
  'in-progress': 'In progress',
  conflict: 'Conflict',
  included: 'Included',
  excluded: 'Excluded',
  maybe: 'Maybe',
};

type Sort = NonNullable<RecordListQuery['sort']>;

/** A stage's state as a chip: what the viewer may see of it. */
export function StatusChip({ view }: { view: RecordRow['stages']['ti-ab'] }): ReactNode {
  if (view.status === 'not-eligible') return <span className="muted">—</span>;
  const tone =
    view.status === 'included'
      ? 'vote vote-include'
      : view.status === 'excluded'
        ? 'vote vote-exclude'
        : view.status === 'maybe' || view.status === 'conflict'
          ? 'vote vote-maybe'
          : 'chip chip-quiet';
  return (
    <span className={tone} title={view.mine ? `Your vote: ${view.mine}` : undefined}>
      {STATUS_LABEL[view.status]}
      {view.resolved ? ' (resolved)' : ''}
    </span>
  );
}

/**
 * Every record of the review: search, filter, sort and page through them, open one for its
 * full record and history; a lead tags or excludes a selection at once.
 */
export function RecordsScreen(): ReactNode {
  const { reviewId, detail, me } = useReview();
  const can = detail.policies.can;
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState<Omit<RecordListQuery, 'reviewId'>>({
    stage: 'ti-ab',
    sort: 'id',
    direction: 'asc',
    offset: 0,
  });
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState<number>();
  const [said, setSaid] = useState('');
  const members = useApiQuery('members.list', can.viewAgreement ? { reviewId } : undefined);
  const records = useApiQuery('records.list', { reviewId, ...query, limit: PAGE });
  const set = (change: Partial<typeof query>) => setQuery((q) => ({ ...q, offset: 0, ...change }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    set({ search: draft.trim() || undefined });
  };
  const sortBy = (sort: Sort) =>
    set({
      sort,
      direction: query.sort === sort && query.direction === 'asc' ? 'desc' : 'asc',
    });
  const ariaSort = (sort: Sort) =>
    query.sort === sort ? (query.direction === 'desc' ? 'descending' : 'ascending') : undefined;
  const stage = query.stage ?? 'ti-ab';
  const page = records.data;
  const offset = query.offset ?? 0;
  const toggle = (id: number) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <div className={`records-layout${open !== undefined ? ' records-layout-open' : ''}`}>
      <div className="stack">
        <Panel title="Records">
          <form className="records-filters" role="search" onSubmit={search}>
            <label className="field grow">
              <span>Search title, authors, DOI or tag</span>
              <input
                type="search"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                placeholder="e.g. contralesional 2019"
              />
            </label>
            <label className="field">
              <span>Stage</span>
              <select value={stage} onChange={(e) => set({ stage: e.target.value as ScreenStage })}>
                <option value="ti-ab">Title and abstract</option>
                <option value="full-text">Full text</option>
              </select>
            </label>
            <label className="field">
              <span>Status</span>
              <select
                value={query.status ?? ''}
                onChange={(e) =>
                  set({
                    status: (e.target.value || undefined) as RecordListQuery['status'],
                  })
                }
              >
                <option value="">Any</option>
                {Object.entries(STATUS_LABEL)
                  .filter(([status]) => status !== 'not-eligible')
                  .filter(([status]) => status !== 'conflict' || can.viewAgreement)
                  .map(([status, label]) => (
                    <option key={status} value={status}>
                      {label}
                    </option>
                  ))}
              </select>
            </label>
            {can.viewAgreement ? (
              <label className="field">
                <span>Voted by</span>
                <select
                  value={query.reviewer ?? ''}
                  onChange={(e) => set({ reviewer: e.target.value || undefined })}
                >
                  <option value="">Anyone</option>
                  {(members.data ?? [])
                    .filter((m) => m.role !== 'viewer')
                    .map((m) => (
                      <option key={m.email} value={m.email}>
                        {m.name ?? m.email}
                      </option>
                    ))}
                </select>
              </label>
            ) : (
              <label className="field-check">
                <input
                  type="checkbox"
                  checked={query.reviewer !== undefined}
                  onChange={(e) => set({ reviewer: e.target.checked ? me.user.email : undefined })}
                />{' '}
                Only records I voted on
              </label>
            )}
            <label className="field">
              <span>Tag</span>
              <input
                value={query.tag ?? ''}
                onChange={(e) => set({ tag: e.target.value.trim() || undefined })}
                size={10}
              />
            </label>
            <label className="field-check">
              <input
                type="checkbox"
                checked={query.duplicates ?? false}
                onChange={(e) => set({ duplicates: e.target.checked || undefined })}
              />{' '}
              Show removed duplicates
            </label>
            <button type="submit" className="btn btn-secondary">
              Search
            </button>
          </form>
          {can.configure && selected.length > 0 ? (
            <BulkBar
              selected={selected}
              onDone={async (sentence) => {
                setSaid(sentence);
                setSelected([]);
                await records.reload();
              }}
            />
          ) : null}
          {said ? (
            <p className="note" role="status">
              <span>{said}</span>
              <button type="button" className="link" onClick={() => setSaid('')}>
                Dismiss
              </button>
            </p>
          ) : null}
          {page ? (
            <>
              <div className="records-summary">
                <p className="muted" role="status">
                  {page.total === 0
                    ? 'No record matches.'
                    : `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total.toLocaleString()} records`}
                </p>
                {page.total > 0 ? <ExportLinks reviewId={reviewId} query={query} /> : null}
              </div>
              <div className="table-scroll">
                <table className="table table-compact" aria-label="Records list">
                  <thead>
                    <tr>
                      {can.configure ? (
                        <th scope="col">
                          <input
                            type="checkbox"
                            aria-label="Select every record on this page"
                            checked={
                              page.records.length > 0 &&
                              page.records.every((r) => selected.includes(r.id))
                            }
                            onChange={(e) =>
                              setSelected((s) =>
                                e.target.checked
                                  ? [...new Set([...s, ...page.records.map((r) => r.id)])]
                                  : s.filter((id) => !page.records.some((r) => r.id === id)),
                              )
                            }
                          />
                        </th>
                      ) : null}
                      {(
                        [
                          ['id', 'ID'],
                          ['title', 'Title'],
                          ['year', 'Year'],
                          ['status', stage === 'ti-ab' ? 'Title/abstract' : 'Full text'],
                        ] as const
                      ).map(([sort, label]) => (
                        <th key={sort} scope="col" aria-sort={ariaSort(sort)}>
                          <button type="button" className="link" onClick={() => sortBy(sort)}>
                            {label}
                            {query.sort === sort ? (query.direction === 'desc' ? ' ↓' : ' ↑') : ''}
                          </button>
                        </th>
                      ))}
                      <th scope="col">{stage === 'ti-ab' ? 'Full text' : 'Title/abstract'}</th>
                      <th scope="col">Tags</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.records.map((r) => (
                      <tr
                        key={r.id}
                        data-record-id={r.id}
                        aria-selected={open === r.id || undefined}
                      >
                        {can.configure ? (
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`Select record ${r.id}`}
                              checked={selected.includes(r.id)}
                              onChange={() => toggle(r.id)}
                            />
                          </td>
                        ) : null}
                        <td className="num">{r.id}</td>
                        <td>
                          <button
                            type="button"
                            className="link records-title"
                            onClick={() => setOpen(r.id)}
                          >
                            {r.title ?? `(no title, record ${r.id})`}
                          </button>
                          {r.duplicateOf ? (
                            <span className="muted"> · duplicate of {r.duplicateOf}</span>
                          ) : null}
                          {r.authors ? (
                            <div className="muted records-authors">{r.authors}</div>
                          ) : null}
                        </td>
                        <td className="num">{r.year ?? ''}</td>
                        <td>
                          <StatusChip view={r.stages[stage]} />
                        </td>
                        <td>
                          <StatusChip view={r.stages[stage === 'ti-ab' ? 'full-text' : 'ti-ab']} />
                        </td>
                        <td>
                          {r.tags.map((tag) => (
                            <span key={tag} className="chip chip-quiet">
                              {tag}
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-ghost"
                  disabled={offset === 0}
                  onClick={() => setQuery((q) => ({ ...q, offset: Math.max(0, offset - PAGE) }))}
                >
                  Previous
                </button>
                <button
                  type="button"
                  className="btn btn-ghost"
                  disabled={offset + PAGE >= page.total}
                  onClick={() => setQuery((q) => ({ ...q, offset: offset + PAGE }))}
                >
                  Next
                </button>
              </div>
            </>
          ) : records.error ? (
            <ErrorNote error={records.error} />
          ) : (
            <Loading what="records" />
          )}
        </Panel>
      </div>
      {open !== undefined ? (
        <RecordDetailPanel key={open} recordId={open} onClose={() => setOpen(undefined)} />
      ) : null}
    </div>
  );
}

/** Formats a selection downloads as: a sheet that round-trips, or the records themselves. */
const EXPORTS = [
  ['csv', 'CSV'],
  ['xlsx', 'Excel'],
  ['ris', 'RIS'],
  ['bibtex', 'BibTeX'],
  ['csl-json', 'CSL-JSON'],
] as const;

/** Download links for every record the filters select (not only this page). */
function ExportLinks({
  reviewId,
  query,
}: {
  reviewId: number;
  query: Omit<RecordListQuery, 'reviewId'>;
}): ReactNode {
  const href = (format: string): string => {
    const params = new URLSearchParams({ reviewId: String(reviewId), format });
    for (const key of [
      'search',
      'stage',
      'status',
      'reviewer',
      'tag',
      'sort',
      'direction',
    ] as const) {
      const value = query[key];
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    if (query.duplicates) params.set('duplicates', 'true');
    return `/api/records.export?${params.toString()}`;
  };
  return (
    <p className="export-links">
      <span className="muted">Export these records:</span>{' '}
      {EXPORTS.map(([format, label], i) => (
        <span key={format}>
          {i > 0 ? ' · ' : ''}
          <a href={href(format)} download>
            {label}
          </a>
        </span>
      ))}
    </p>
  );
}
