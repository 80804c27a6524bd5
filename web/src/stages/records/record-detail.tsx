import type { ReactNode } from 'react';
import { formatDate } from '#web/components/format';
import { RecordMeta } from '#web/components/record-meta';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel } from '#web/components/ui';
import { StatusChip } from './records-screen';

const ACTION: Record<string, string> = {
  voted: 'voted',
  withdrew: 'withdrew a vote',
  resolved: 'resolved as',
  unresolved: 'undid the resolution',
  note: 'noted',
  tag: 'tagged',
};

const STAGE: Record<string, string> = { 'ti-ab': 'title/abstract', 'full-text': 'full text' };

/** One record in full: where it came from, its state at each stage, and its history. */
export function RecordDetailPanel({
  recordId,
  onClose,
}: {
  recordId: number;
  onClose: () => void;
}): ReactNode {
  const { reviewId } = useReview();
  const query = useApiQuery('records.show', { reviewId, recordId });
  const detail = query.data;
  return (
    <Panel
      title={`Record ${recordId}`}
      className="record-detail"
      actions={
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Close
        </button>
      }
    >
      {!detail ? (
        query.error ? (
          <ErrorNote error={query.error} />
        ) : (
          <Loading what="the record" />
        )
      ) : (
        <div className="stack-sm">
          <h3 className="conflict-title">{detail.record.title ?? '(no title)'}</h3>
          <RecordMeta record={detail.record} />
          <p className="muted">
            From {detail.batch.fileName}
            {detail.batch.source ? ` (${detail.batch.source})` : ''}, imported{' '}
            {formatDate(detail.batch.importedAt)}
            {detail.duplicates.length ? ` · duplicates: ${detail.duplicates.join(', ')}` : ''}
            {detail.related.length ? ` · same study: ${detail.related.join(', ')}` : ''}
          </p>
          <p>
            Title/abstract: <StatusChip view={detail.item.stages['ti-ab']} /> · Full text:{' '}
            <StatusChip view={detail.item.stages['full-text']} />
          </p>
          {detail.record.abstract ? (
            <details>
              <summary>Abstract</summary>
              <p className="record-detail-abstract">{detail.record.abstract}</p>
            </details>
          ) : null}
          <h4>History</h4>
          {detail.history.length === 0 ? (
            <p className="muted">Nothing yet.</p>
          ) : (
            <ol className="record-history" aria-label="History">
              {detail.history.map((step, index) => (
                <li key={index}>
                  <span className="muted">{formatDate(step.at)}</span> {step.who}{' '}
                  {ACTION[step.action] ?? step.action}
                  {step.decision ? ` ${step.decision}` : ''}
                  {step.stage ? <span className="muted"> at {STAGE[step.stage]}</span> : null}
                  {step.reason ? ` (${step.reason})` : ''}
                  {step.text ? `: “${step.text}”` : ''}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Panel>
  );
}
