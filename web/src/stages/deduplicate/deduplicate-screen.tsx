import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import type { DedupRun, DedupState, PairView } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { useKeys } from '#web/components/use-keys';
import { Button, ErrorNote, Loading, Panel, Stat } from '#web/components/ui';

/** Deduplicate: run the comparison, see the counts, decide the possible pairs one key at a time. */
export function DeduplicateScreen(): ReactNode {
  const { reviewId, detail, reload } = useReview();
  const can = detail.policies.can;
  const state = useApiQuery('deduplicate.state', { reviewId });
  const [latest, setLatest] = useState<DedupRun>();
  const run = useAction();
  const current = latest ?? state.data;

  const onRun = async (): Promise<void> => {
    const result = await run.run(() => callApi('deduplicate.run', { reviewId }));
    if (result) {
      setLatest(result);
      void reload();
    }
  };
  const refresh = async (): Promise<void> => {
    setLatest(undefined);
    await state.reload();
  };

  return (
    <div className="stack">
      <Panel
        title="Duplicates"
        actions={
          can.deduplicate ? (
            <Button variant="primary" busy={run.busy} onClick={() => void onRun()}>
              {run.busy ? 'Comparing records…' : 'Run de-duplication'}
            </Button>
          ) : null
        }
      >
        <div aria-live="polite">
          {current ? (
            <div className="stats">
              <Stat label="records imported" value={current.counts.records.toLocaleString()} />
              <Stat label="unique records" value={current.counts.unique.toLocaleString()} />
              <Stat
                label="duplicates removed"
                value={current.counts.duplicatesRemoved.toLocaleString()}
              />
              <Stat
                label="pairs to review"
                value={current.possible.length.toLocaleString()}
                tone={current.possible.length ? 'warn' : 'good'}
              />
            </div>
          ) : state.error ? null : (
            <Loading what="de-duplication state" />
          )}
          {latest?.newRecords !== undefined ? (
            <p className="muted">
              This run compared {latest.newRecords.toLocaleString()} new records.
            </p>
          ) : null}
        </div>
        <ErrorNote error={run.error ?? state.error} />
      </Panel>
      {current && current.possible.length > 0 ? (
        <PairReview state={current} canDecide={can.decidePairs} onDecided={refresh} />
      ) : null}
      {current && current.clusters.length > 0 ? (
        <ClusterList state={current} canUndo={can.decidePairs} onChanged={refresh} />
      ) : null}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  doi: 'DOI',
  pmid: 'PMID',
  issn: 'ISSN',
  isbn: 'ISBN',
  url: 'URL',
};
const label = (field: string): string =>
  FIELD_LABELS[field] ??
  field.charAt(0).toUpperCase() +
    field
      .slice(1)
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();

function PairReview({
  state,
  canDecide,
  onDecided,
}: {
  state: DedupState;
  canDecide: boolean;
  onDecided: () => Promise<void>;
}): ReactNode {
  const { reviewId } = useReview();
  const first = state.possible[0];
  const [pairId, setPairId] = useState(first?.id);
  const [pair, setPair] = useState<PairView>();
  const decide = useAction();
  const load = useAction();
  const queued = state.possible.findIndex((p) => p.id === pairId);

  useEffect(() => {
    if (!state.possible.some((p) => p.id === pairId)) setPairId(state.possible[0]?.id);
  }, [state, pairId]);

  useEffect(() => {
    if (!pairId) return;
    let live = true;
    void load.run(async () => {
      const shown = await callApi('deduplicate.show', { reviewId, pairId });
      if (live) setPair(shown);
    });
    return () => {
      live = false;
    };
  }, [reviewId, pairId]);

  const onDecide = async (decision: 'same' | 'different'): Promise<void> => {
    if (!pair || decide.busy || !canDecide) return;
    const done = await decide.run(() =>
      callApi('deduplicate.decide', { reviewId, pairId: pair.id, decision }),
    );
    if (done !== undefined) {
      const next = state.possible[queued + 1] ?? state.possible[queued - 1];
      setPairId(next?.id);
      await onDecided();
    }
  };

  const skip = (): void => setPairId(state.possible[(queued + 1) % state.possible.length]?.id);
  useKeys({ s: () => void onDecide('same'), d: () => void onDecide('different'), n: skip });

  return (
    <Panel
      title={`Possible duplicates · ${queued + 1} of ${state.possible.length}`}
      actions={
        canDecide ? (
          <div className="decision-bar">
            <Button
              variant="include"
              shortcut="s"
              busy={decide.busy}
              onClick={() => void onDecide('same')}
            >
              Same record
            </Button>
            <Button
              variant="exclude"
              shortcut="d"
              disabled={decide.busy}
              onClick={() => void onDecide('different')}
            >
              Different
            </Button>
            <Button variant="ghost" shortcut="n" onClick={skip}>
              Skip
            </Button>
          </div>
        ) : null
      }
    >
      <ErrorNote error={decide.error ?? load.error} />
      {!pair || pair.id !== pairId ? (
        <Loading what="pair" />
      ) : (
        <>
          <p className="muted pair-meta">
            Similarity {Math.round(pair.score * 100)}%
            {pair.reasons.length ? ` · ${pair.reasons.join(' · ')}` : ''}
          </p>
          <div className="table-scroll">
            <table className="table pair-table" aria-label="The two records side by side">
              <thead>
                <tr>
                  <th scope="col" className="pair-field">
                    Field
                  </th>
                  <th scope="col">Record {pair.a.recordId}</th>
                  <th scope="col">Record {pair.b.recordId}</th>
                </tr>
              </thead>
              <tbody>
                {pair.fields.map((row) => (
                  <tr key={row.field} className={`mark-${row.mark}`}>
                    <th scope="row" className="pair-field">
                      {label(row.field)}
                      {row.mark !== 'same' ? (
                        <span className="mark-badge" title={row.mark}>
                          {row.mark === 'different'
                            ? '≠'
                            : row.mark === 'only-a'
                              ? 'A only'
                              : 'B only'}
                        </span>
                      ) : null}
                    </th>
                    <td>{row.a ?? <span className="muted">—</span>}</td>
                    <td>{row.b ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}

const SHOWN_CLUSTERS = 25;

function ClusterList({
  state,
  canUndo,
  onChanged,
}: {
  state: DedupState;
  canUndo: boolean;
  onChanged: () => Promise<void>;
}): ReactNode {
  const { reviewId } = useReview();
  const change = useAction();
  const [all, setAll] = useState(false);
  const clusters = all ? state.clusters : state.clusters.slice(0, SHOWN_CLUSTERS);
  const onSplit = async (cluster: DedupState['clusters'][number]): Promise<void> => {
    const sure = window.confirm(
      `Split ${cluster.id}? Its ${cluster.members.length} records become separate records again, and de-duplication will not propose them to each other again. To take out one record only, use "Not a duplicate" on it.`,
    );
    if (!sure) return;
    const done = await change.run(() =>
      callApi('deduplicate.undo', { reviewId, clusterId: cluster.id }),
    );
    if (done !== undefined) await onChanged();
  };
  const onRemove = async (clusterId: string, recordId: number): Promise<void> => {
    const sure = window.confirm(
      `Take record ${recordId} out of ${clusterId}? It becomes a record of its own; the others stay one group.`,
    );
    if (!sure) return;
    const done = await change.run(() =>
      callApi('deduplicate.removeMember', { reviewId, clusterId, recordId }),
    );
    if (done !== undefined) await onChanged();
  };
  return (
    <Panel title={`Duplicate groups (${state.clusters.length.toLocaleString()})`}>
      <ErrorNote error={change.error} />
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Duplicate groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Records (the kept one first)</th>
              <th scope="col">Rule</th>
              {canUndo ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {clusters.map((cluster) => (
              <tr key={cluster.id}>
                <td>
                  <code>{cluster.id}</code>
                </td>
                <td>
                  <ul className="cluster-members">
                    {cluster.members.map((member) => (
                      <li key={member.recordId}>
                        <span className="muted">#{member.recordId}</span>{' '}
                        {member.title ?? <span className="muted">untitled</span>}
                        {member.year ? <span className="muted"> ({member.year})</span> : null}
                        {member.source ? <span className="muted"> · {member.source}</span> : null}
                        {member.recordId === cluster.keeper ? (
                          <span className="chip chip-quiet"> kept</span>
                        ) : null}
                        {canUndo && cluster.members.length > 2 ? (
                          <>
                            {' '}
                            <button
                              type="button"
                              className="link"
                              disabled={change.busy}
                              onClick={() => void onRemove(cluster.id, member.recordId)}
                            >
                              Not a duplicate
                            </button>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="muted">{cluster.rule}</td>
                {canUndo ? (
                  <td>
                    <button
                      type="button"
                      className="link"
                      disabled={change.busy}
                      onClick={() => void onSplit(cluster)}
                    >
                      Split…
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {state.clusters.length > SHOWN_CLUSTERS ? (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${state.clusters.length} groups`}
        </button>
      ) : null}
    </Panel>
  );
}
