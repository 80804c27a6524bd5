import { useState } from 'react';
import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import type { ConflictView, ScreenDecision, ScreenStage } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading } from '#web/components/ui';

/** Records the reviewers disagree on, for the resolver to settle. */
export function ConflictsView({ stage }: { stage: ScreenStage }): ReactNode {
  const { reviewId, detail } = useReview();
  const conflicts = useApiQuery('screen.conflicts', { reviewId, stage });
  if (!detail.policies.can.resolve)
    return (
      <p className="muted">
        Only the review&apos;s resolvers see conflicts while screening is blinded.
      </p>
    );
  if (!conflicts.data)
    return conflicts.error ? <ErrorNote error={conflicts.error} /> : <Loading what="conflicts" />;
  if (conflicts.data.length === 0) {
    return (
      <p className="done-card" role="status">
        No conflicts at this stage.
      </p>
    );
  }
  return (
    <div className="stack">
      <p className="muted" role="status">
        {conflicts.data.length} record{conflicts.data.length === 1 ? '' : 's'} with conflicting
        decisions.
      </p>
      <ul className="conflict-list">
        {conflicts.data.map((conflict) => (
          <ConflictCard
            key={conflict.recordId}
            conflict={conflict}
            stage={stage}
            onResolved={conflicts.reload}
          />
        ))}
      </ul>
    </div>
  );
}

function ConflictCard({
  conflict,
  stage,
  onResolved,
}: {
  conflict: ConflictView;
  stage: ScreenStage;
  onResolved: () => Promise<void>;
}): ReactNode {
  const { reviewId } = useReview();
  const action = useAction();
  const [reason, setReason] = useState('');
  const settings = useApiQuery('screen.settings', stage === 'full-text' ? { reviewId } : undefined);
  const resolve = async (decision: ScreenDecision): Promise<void> => {
    const done = await action.run(() =>
      callApi('screen.resolve', {
        reviewId,
        recordId: conflict.recordId,
        stage,
        decision,
        reason: decision === 'exclude' && reason ? reason : undefined,
      }),
    );
    if (done) await onResolved();
  };
  return (
    <li className="conflict" data-record-id={conflict.recordId}>
      <h3 className="conflict-title">{conflict.title ?? `Record ${conflict.recordId}`}</h3>
      <ul className="votes">
        {conflict.decisions.map((d) => (
          <li key={`${d.reviewer}-${d.at}`}>
            <span className={`vote vote-${d.decision}`}>{d.decision}</span> {d.reviewer}
            {d.reason ? <span className="muted"> — {d.reason}</span> : null}
          </li>
        ))}
      </ul>
      <div className="decision-bar">
        <Button variant="include" disabled={action.busy} onClick={() => void resolve('include')}>
          Resolve: include
        </Button>
        <Button
          variant="exclude"
          disabled={action.busy || (stage === 'full-text' && !reason)}
          onClick={() => void resolve('exclude')}
        >
          Resolve: exclude
        </Button>
        {stage === 'full-text' ? (
          <select
            aria-label="Exclusion reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          >
            <option value="">Reason…</option>
            {(settings.data?.exclusionReasons ?? []).map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        ) : null}
        {action.busy ? <span className="spinner" aria-hidden="true" /> : null}
      </div>
      <ErrorNote error={action.error} />
    </li>
  );
}
