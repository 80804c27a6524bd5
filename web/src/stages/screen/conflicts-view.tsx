import { useState } from 'react';
import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import type { ConflictView, HistoryStep, ScreenDecision, ScreenStage } from '#web/api';
import { formatDate } from '#web/components/format';
import { RecordMeta } from '#web/components/record-meta';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading } from '#web/components/ui';

type Show = 'open' | 'resolved';

/**
 * Records the reviewers disagree on, for the resolver to settle with the whole record in view
 * (every vote with its reason, the notes and tags, the history), and those already resolved,
 * whose resolution can be undone.
 */
export function ConflictsView({ stage }: { stage: ScreenStage }): ReactNode {
  const { reviewId, detail } = useReview();
  const [show, setShow] = useState<Show>('open');
  const conflicts = useApiQuery('screen.conflicts', { reviewId, stage, show });
  if (!detail.policies.can.resolve)
    return (
      <p className="muted">
        Only the review&apos;s resolvers see conflicts while screening is blinded.
      </p>
    );
  return (
    <div className="stack">
      <div className="tabs" role="tablist" aria-label="Conflicts to show">
        {(
          [
            ['open', 'Open'],
            ['resolved', 'Resolved'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            className="tab"
            aria-selected={show === value}
            onClick={() => setShow(value)}
          >
            {label}
          </button>
        ))}
      </div>
      {!conflicts.data ? (
        conflicts.error ? (
          <ErrorNote error={conflicts.error} />
        ) : (
          <Loading what="conflicts" />
        )
      ) : conflicts.data.length === 0 ? (
        <p className="done-card" role="status">
          {show === 'open' ? 'No conflicts at this stage.' : 'No conflict resolved yet.'}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {conflicts.data.length} record{conflicts.data.length === 1 ? '' : 's'}{' '}
            {show === 'open' ? 'with conflicting decisions.' : 'resolved, latest first.'}
          </p>
          <ul className="conflict-list">
            {conflicts.data.map((conflict) => (
              <ConflictCard
                key={conflict.recordId}
                conflict={conflict}
                stage={stage}
                onChanged={conflicts.reload}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ConflictCard({
  conflict,
  stage,
  onChanged,
}: {
  conflict: ConflictView;
  stage: ScreenStage;
  onChanged: () => Promise<void>;
}): ReactNode {
  const { record } = conflict;
  const titleId = `conflict-${conflict.recordId}-title`;
  return (
    <li className="conflict" data-record-id={conflict.recordId} aria-labelledby={titleId}>
      <h3 className="conflict-title" id={titleId}>
        {record.title ?? `Record ${conflict.recordId}`}
      </h3>
      <RecordMeta record={record} />
      {record.abstract ? (
        <details className="conflict-abstract" open={conflict.status === 'conflict'}>
          <summary>Abstract</summary>
          <p>{record.abstract}</p>
        </details>
      ) : (
        <p className="muted">No abstract in the imported record.</p>
      )}
      <h4 className="visually-hidden">Votes</h4>
      <ul className="votes" aria-label="Votes">
        {conflict.decisions.map((d) => (
          <li key={`${d.reviewer}-${d.at}`}>
            <span className={`vote vote-${d.decision}`}>{d.decision}</span> {d.reviewer}
            {d.reason ? <span className="muted"> — {d.reason}</span> : null}
          </li>
        ))}
      </ul>
      {conflict.notes.length > 0 ? (
        <ul className="conflict-notes" aria-label="Notes and tags">
          {conflict.notes.map((n, index) => (
            <li key={index}>
              {n.kind === 'tag' ? (
                <span className="chip chip-quiet">{n.text}</span>
              ) : (
                <span>“{n.text}”</span>
              )}{' '}
              <span className="muted">{n.reviewer}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {conflict.status === 'conflict' ? (
        <ResolveBar conflict={conflict} stage={stage} onResolved={onChanged} />
      ) : (
        <ResolvedBar conflict={conflict} stage={stage} onUndone={onChanged} />
      )}
      <History steps={conflict.history} />
    </li>
  );
}

/** Resolve in two steps: choose, then confirm (or cancel) the choice. */
function ResolveBar({
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
  const [chosen, setChosen] = useState<ScreenDecision>();
  const settings = useApiQuery('screen.settings', stage === 'full-text' ? { reviewId } : undefined);
  const confirm = async (decision: ScreenDecision): Promise<void> => {
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
    <>
      {chosen ? (
        <div className="decision-bar" role="group" aria-label="Confirm the resolution">
          <span>
            Resolve record {conflict.recordId} as <strong>{chosen}</strong>
            {chosen === 'exclude' && reason ? ` (${reason})` : ''}?
          </span>
          <Button variant="primary" busy={action.busy} onClick={() => void confirm(chosen)}>
            Confirm: {chosen}
          </Button>
          <Button variant="ghost" disabled={action.busy} onClick={() => setChosen(undefined)}>
            Cancel
          </Button>
        </div>
      ) : (
        <div className="decision-bar">
          <Button variant="include" onClick={() => setChosen('include')}>
            Resolve: include
          </Button>
          <Button
            variant="exclude"
            disabled={stage === 'full-text' && !reason}
            onClick={() => setChosen('exclude')}
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
        </div>
      )}
      <ErrorNote error={action.error} />
    </>
  );
}

function ResolvedBar({
  conflict,
  stage,
  onUndone,
}: {
  conflict: ConflictView;
  stage: ScreenStage;
  onUndone: () => Promise<void>;
}): ReactNode {
  const { reviewId } = useReview();
  const action = useAction();
  const resolution = conflict.resolution;
  const undo = async (): Promise<void> => {
    const done = await action.run(() =>
      callApi('screen.unresolve', { reviewId, recordId: conflict.recordId, stage }),
    );
    if (done) await onUndone();
  };
  return (
    <>
      <div className="decision-bar">
        {resolution ? (
          <span>
            Resolved as{' '}
            <span className={`vote vote-${resolution.decision}`}>{resolution.decision}</span> by{' '}
            {resolution.reviewer} on {formatDate(resolution.at)}
            {resolution.reason ? ` (${resolution.reason})` : ''}
          </span>
        ) : null}
        <Button variant="ghost" busy={action.busy} onClick={() => void undo()}>
          Undo resolution
        </Button>
      </div>
      <ErrorNote error={action.error} />
    </>
  );
}

const ACTION_LABEL: Record<HistoryStep['action'], string> = {
  voted: 'voted',
  withdrew: 'withdrew a vote',
  resolved: 'resolved as',
  unresolved: 'undid the resolution',
};

/** The record's history at this stage, oldest first. */
function History({ steps }: { steps: readonly HistoryStep[] }): ReactNode {
  return (
    <details className="conflict-history">
      <summary>History ({steps.length})</summary>
      <ol>
        {steps.map((step, index) => (
          <li key={index}>
            <span className="muted">{formatDate(step.at)}</span> {step.reviewer}{' '}
            {ACTION_LABEL[step.action]}
            {step.decision ? ` ${step.decision}` : ''}
            {step.reason ? ` (${step.reason})` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
