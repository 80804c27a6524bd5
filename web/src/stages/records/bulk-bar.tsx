import { useState } from 'react';
import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction } from '#web/components/use-api';
import { Button, ErrorNote } from '#web/components/ui';

/**
 * What a lead does to the selected records: tag them, put them in the calibration round, or
 * exclude them at title/abstract as off-topic with a reason (after a confirmation). Each is
 * all or nothing on the server.
 */
export function BulkBar({
  selected,
  onDone,
}: {
  selected: readonly number[];
  /** Called with a sentence saying what was done (this bar closes with the selection). */
  onDone: (said: string) => Promise<void>;
}): ReactNode {
  const { reviewId } = useReview();
  const [tag, setTag] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const count = `${selected.length} record${selected.length === 1 ? '' : 's'}`;

  const addTag = async (): Promise<void> => {
    const done = await action.run(() =>
      callApi('records.tag', { reviewId, recordIds: [...selected], tag: tag.trim() }),
    );
    if (!done) return;
    setTag('');
    await onDone(
      `Tagged ${done.tagged} record${done.tagged === 1 ? '' : 's'} “${tag.trim()}”${done.alreadyTagged ? ` (${done.alreadyTagged} already were)` : ''}.`,
    );
  };
  const calibrate = async (): Promise<void> => {
    const done = await action.run(() =>
      callApi('records.calibrate', { reviewId, recordIds: [...selected], stage: 'ti-ab' }),
    );
    if (!done) return;
    await onDone(
      `Added ${done.added} record${done.added === 1 ? '' : 's'} to the calibration round (${done.recordIds.length} in it): every reviewer screens them first.`,
    );
  };
  const exclude = async (): Promise<void> => {
    const done = await action.run(() =>
      callApi('records.exclude', { reviewId, recordIds: [...selected], reason: reason.trim() }),
    );
    if (!done) return;
    setConfirming(false);
    setReason('');
    await onDone(
      `Excluded ${done.excluded} record${done.excluded === 1 ? '' : 's'}${done.alreadySettled ? `; ${done.alreadySettled} already settled were left as they are` : ''}.`,
    );
  };

  return (
    <div className="bulk-bar" role="group" aria-label="With the selected records">
      <strong>{count} selected</strong>
      <label className="field">
        <span>Tag</span>
        <input value={tag} onChange={(e) => setTag(e.target.value)} maxLength={40} />
      </label>
      <Button disabled={!tag.trim() || action.busy} onClick={() => void addTag()}>
        Tag selected
      </Button>
      <Button disabled={action.busy} onClick={() => void calibrate()}>
        Add to calibration
      </Button>
      <label className="field grow">
        <span>Exclusion reason</span>
        <input
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
          maxLength={200}
          placeholder="off-topic: not stroke"
        />
      </label>
      {confirming ? (
        <>
          <Button variant="exclude" busy={action.busy} onClick={() => void exclude()}>
            Exclude {count}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </>
      ) : (
        <Button
          variant="exclude"
          disabled={!reason.trim() || action.busy}
          onClick={() => setConfirming(true)}
        >
          Exclude selected…
        </Button>
      )}
      <ErrorNote error={action.error} onDismiss={action.clearError} />
    </div>
  );
}
