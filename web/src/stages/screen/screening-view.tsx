import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, callApi } from '#web/api';
import type { NextResult, ScreenDecision, ScreenItem, ScreenStage } from '#web/api';
import { HighlightedText } from '#web/components/highlighted-text';
import { RecordMeta } from '#web/components/record-meta';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { useKeys } from '#web/components/use-keys';
import { Button, ErrorNote, Loading, ProgressBar } from '#web/components/ui';
import { NotesPanel } from './notes-panel';

// pdf.js is loaded only when a full text is shown, not for title/abstract screening.
const PdfViewer = lazy(() =>
  import('#web/stages/retrieve/pdf-viewer').then((m) => ({ default: m.PdfViewer })),
);

const DECISION_WORDS: Record<ScreenDecision, string> = {
  include: 'Included',
  exclude: 'Excluded',
  maybe: 'Marked maybe',
};

/**
 * One record at a time: the title and abstract large, terms highlighted, the criteria beside
 * it, and one key per decision (i, e, m; u undoes, n fetches the next record).
 */
export function ScreeningView({ stage }: { stage: ScreenStage }): ReactNode {
  const { reviewId, detail } = useReview();
  const canScreen = detail.policies.can.screen;
  // The review's include/exclude terms, highlighted in a full text's text layer too.
  const settings = useApiQuery('screen.settings', stage === 'full-text' ? { reviewId } : undefined);
  const highlightTerms = useMemo(() => settings.data?.highlight ?? {}, [settings.data]);
  const [next, setNext] = useState<NextResult>();
  // A record brought back by undo is shown instead of the queue's head until decided.
  const [reopened, setReopened] = useState<ScreenItem>();
  const [announcement, setAnnouncement] = useState('');
  const [pickingReason, setPickingReason] = useState(false);
  const history = useRef<ScreenItem[]>([]);
  const load = useAction();
  const act = useAction();

  // Records passed over with `n`: the server offers them again once nothing else is open.
  const skipped = useRef<number[]>([]);
  const loadNext = useCallback(async () => {
    const result = await load.run(() =>
      callApi('screen.next', { reviewId, stage, skip: skipped.current }),
    );
    if (!result) return;
    // Everything else is done: the skipped records come round again.
    if (result.item && skipped.current.includes(result.item.recordId)) skipped.current = [];
    setNext(result);
  }, [load.run, reviewId, stage]);

  useEffect(() => {
    history.current = [];
    skipped.current = [];
    setReopened(undefined);
    setNext(undefined);
    void loadNext();
  }, [loadNext]);

  const item = reopened ?? next?.item;

  const decide = async (decision: ScreenDecision, reason?: string): Promise<void> => {
    if (!item || act.busy || !canScreen) return;
    if (decision === 'exclude' && stage === 'full-text' && !reason) {
      setPickingReason(true);
      return;
    }
    setPickingReason(false);
    const done = await act.run(async () => {
      try {
        return await callApi('screen.decide', {
          reviewId,
          recordId: item.recordId,
          stage,
          decision,
          reason,
        });
      } catch (error) {
        // Others gave this record every vote it needs while it was on screen: move on.
        if (error instanceof ApiError && error.code === 'screen/vote-final') return 'closed';
        throw error;
      }
    });
    if (done === 'closed') {
      setReopened(undefined);
      setAnnouncement(
        `${item.record.title ?? `Record ${item.recordId}`} already has every vote it needs; here is the next record.`,
      );
      await loadNext();
      return;
    }
    if (!done) return;
    history.current.push(item);
    setReopened(undefined);
    setAnnouncement(
      `${DECISION_WORDS[decision]}: ${item.record.title ?? `record ${item.recordId}`}`,
    );
    await loadNext();
  };

  const undo = async (): Promise<void> => {
    if (act.busy || !canScreen) return;
    const done = await act.run(async () => {
      try {
        await callApi('screen.undo', { reviewId, stage });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'screen/nothing-to-undo') return false;
        throw error;
      }
    });
    if (done === false) setAnnouncement('Nothing to undo.');
    if (!done) return;
    const previous = history.current.pop();
    setReopened(previous);
    setPickingReason(false);
    setAnnouncement(
      previous
        ? `Decision undone: ${previous.record.title ?? `record ${previous.recordId}`}`
        : 'Last decision undone.',
    );
    await loadNext();
  };

  const skipToQueue = (): void => {
    if (!item || act.busy) return;
    // A re-opened record goes back to the queue; a queued one is passed over for now.
    if (!reopened) {
      skipped.current = [...skipped.current.slice(-999), item.recordId];
      setAnnouncement(
        `Skipped for now: ${item.record.title ?? `record ${item.recordId}`}. It comes back once the others are screened.`,
      );
    }
    setReopened(undefined);
    setPickingReason(false);
    void loadNext();
  };

  const reasons = item?.exclusionReasons ?? [];
  const reasonKeys: Record<string, () => void> = {};
  if (pickingReason)
    reasons
      .slice(0, 9)
      .forEach(
        (reason, index) => (reasonKeys[String(index + 1)] = () => void decide('exclude', reason)),
      );
  useKeys({
    i: () => void decide('include'),
    e: () => void decide('exclude'),
    m: () => void decide('maybe'),
    u: () => void undo(),
    n: skipToQueue,
    Escape: () => setPickingReason(false),
    ...reasonKeys,
  });

  if (!next)
    return load.error ? <ErrorNote error={load.error} /> : <Loading what="the next record" />;
  const { progress, ranking } = next;

  return (
    <div className="screening">
      <div className="screening-main">
        {item ? (
          <>
            <RecordView item={item} reopened={Boolean(reopened)} />
            {stage === 'full-text' ? (
              <Suspense fallback={<Loading what="the full-text viewer" />}>
                <PdfViewer
                  key={item.recordId}
                  reviewId={reviewId}
                  recordId={item.recordId}
                  terms={highlightTerms}
                />
              </Suspense>
            ) : null}
          </>
        ) : (
          <div className="done-card" role="status">
            <h2>Nothing left for you at this stage</h2>
            <p className="muted">
              You have decided {progress.decidedByYou.toLocaleString()} of{' '}
              {progress.eligible.toLocaleString()} records. {progress.complete.toLocaleString()} are
              complete for the team.
            </p>
          </div>
        )}
      </div>
      <aside className="screening-side" aria-label="Decision and criteria">
        {canScreen && item ? (
          <div className="decision-panel">
            <div className="decision-bar decision-bar-main">
              <Button
                variant="include"
                shortcut="i"
                disabled={act.busy}
                onClick={() => void decide('include')}
              >
                Include
              </Button>
              <Button
                variant="exclude"
                shortcut="e"
                disabled={act.busy}
                onClick={() => void decide('exclude')}
                aria-expanded={stage === 'full-text' ? pickingReason : undefined}
              >
                Exclude
              </Button>
              <Button
                variant="maybe"
                shortcut="m"
                disabled={act.busy}
                onClick={() => void decide('maybe')}
              >
                Maybe
              </Button>
            </div>
            {pickingReason ? (
              <fieldset className="reason-picker">
                <legend>Reason for exclusion (press its number)</legend>
                {reasons.map((reason, index) => (
                  <button
                    key={reason}
                    type="button"
                    className="reason"
                    onClick={() => void decide('exclude', reason)}
                  >
                    <kbd className="kbd">{index + 1}</kbd> {reason}
                  </button>
                ))}
              </fieldset>
            ) : null}
            <div className="decision-bar">
              <Button variant="ghost" shortcut="u" disabled={act.busy} onClick={() => void undo()}>
                Undo
              </Button>
              <Button variant="ghost" shortcut="n" disabled={act.busy} onClick={skipToQueue}>
                Next
              </Button>
              {act.busy || load.busy ? <span className="spinner" aria-hidden="true" /> : null}
            </div>
            <p className="last-action" role="status" aria-live="polite">
              {announcement}
            </p>
          </div>
        ) : null}
        <ErrorNote error={act.error ?? load.error} onDismiss={act.clearError} />
        <div className="side-block" aria-live="polite" aria-atomic="true">
          <h3>Your progress</h3>
          <ProgressBar
            value={progress.decidedByYou}
            max={progress.eligible}
            label="Records you have screened"
          />
          <p className="progress-text" data-testid="screen-progress">
            <strong>{progress.decidedByYou.toLocaleString()}</strong> of{' '}
            {progress.eligible.toLocaleString()} screened ·{' '}
            {progress.remainingForYou.toLocaleString()} left · {progress.complete.toLocaleString()}{' '}
            complete for the team
          </p>
        </div>
        {ranking ? (
          <div className="side-block">
            <h3>Model estimate</h3>
            <p>
              Estimated recall <strong>{Math.round(ranking.estimate.recall * 100)}%</strong>
              <span className="muted">
                {' '}
                ({ranking.estimate.found} found, ~{ranking.estimate.expectedRemaining.toFixed(1)}{' '}
                expected remaining; {ranking.preset}, {ranking.labels} labels)
              </span>
            </p>
            <p className={`advice ${ranking.estimate.stop.stop ? 'advice-stop' : ''}`}>
              {ranking.estimate.stop.stop ? 'You may stop screening: ' : 'Keep screening: '}
              {ranking.estimate.stop.reason}
            </p>
          </div>
        ) : null}
        {item ? <Criteria item={item} /> : null}
        {item && canScreen ? <NotesPanel key={item.recordId} recordId={item.recordId} /> : null}
      </aside>
    </div>
  );
}

function RecordView({ item, reopened }: { item: ScreenItem; reopened: boolean }): ReactNode {
  const { record } = item;
  const heading = useRef<HTMLHeadingElement>(null);
  const flags = reopened || item.calibration || item.rank !== undefined || item.score !== undefined;
  useEffect(() => {
    // Keyboard and screen-reader users land on the new record's title.
    heading.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [item.recordId]);
  return (
    <article className="record" data-record-id={item.recordId} aria-labelledby="record-title">
      {flags ? (
        <div className="record-flags">
          {reopened ? <span className="chip chip-warn">Re-opened by undo</span> : null}
          {item.calibration ? <span className="chip">Calibration record</span> : null}
          {item.rank !== undefined ? (
            <span className="chip chip-quiet">Rank {item.rank}</span>
          ) : null}
          {item.score !== undefined ? (
            <span className="chip chip-quiet">Relevance {Math.round(item.score * 100)}%</span>
          ) : null}
        </div>
      ) : null}
      <h2 id="record-title" className="record-title" tabIndex={-1} ref={heading}>
        {record.title ? (
          <HighlightedText text={record.title} spans={item.highlights.title} />
        ) : (
          <span className="muted">(no title)</span>
        )}
      </h2>
      <RecordMeta record={record} />
      <div className="record-abstract" data-testid="record-abstract">
        {record.abstract ? (
          <HighlightedText text={record.abstract} spans={item.highlights.abstract} />
        ) : (
          <p className="muted">No abstract in the imported record.</p>
        )}
      </div>
      {record.keywords?.length ? (
        <p className="chips" aria-label="Keywords">
          {record.keywords.map((k) => (
            <span key={k} className="chip chip-quiet">
              {k}
            </span>
          ))}
        </p>
      ) : null}
    </article>
  );
}

function Criteria({ item }: { item: ScreenItem }): ReactNode {
  const { inclusion, exclusion } = item.criteria;
  if (!inclusion.length && !exclusion.length) return null;
  return (
    <div className="side-block criteria">
      <h3>Eligibility criteria</h3>
      {inclusion.length ? (
        <>
          <h4 className="crit-include">Include when</h4>
          <ul>
            {inclusion.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
      {exclusion.length ? (
        <>
          <h4 className="crit-exclude">Exclude when</h4>
          <ul>
            {exclusion.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
