import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { callApi } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction } from '#web/components/use-api';
import { Button, ErrorNote } from '#web/components/ui';

/** Notes and tags on the record being screened (kept by the server with their author). */
export function NotesPanel({ recordId }: { recordId: number }): ReactNode {
  const { reviewId } = useReview();
  const [note, setNote] = useState('');
  const [tag, setTag] = useState('');
  const [saved, setSaved] = useState<{ kind: 'note' | 'tag'; text: string }[]>([]);
  const action = useAction();

  const addNote = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const text = note.trim();
    if (!text) return;
    const ok = await action.run(async () => {
      await callApi('screen.note', { reviewId, recordId, text });
      return true;
    });
    if (ok) {
      setSaved((s) => [...s, { kind: 'note', text }]);
      setNote('');
    }
  };
  const addTag = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const text = tag.trim();
    if (!text) return;
    const ok = await action.run(async () => {
      await callApi('screen.tag', { reviewId, recordId, tag: text });
      return true;
    });
    if (ok) {
      setSaved((s) => [...s, { kind: 'tag', text }]);
      setTag('');
    }
  };

  return (
    <div className="side-block notes">
      <h3>Notes and tags</h3>
      {saved.length ? (
        <ul className="saved-notes">
          {saved.map((s, i) =>
            s.kind === 'tag' ? (
              <li key={i}>
                <span className="chip">#{s.text}</span>
              </li>
            ) : (
              <li key={i} className="saved-note">
                {s.text}
              </li>
            ),
          )}
        </ul>
      ) : null}
      <form onSubmit={(e) => void addTag(e)} className="inline-form">
        <input
          aria-label="Tag"
          placeholder="Add a tag"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <Button type="submit" disabled={action.busy || !tag.trim()}>
          Tag
        </Button>
      </form>
      <form onSubmit={(e) => void addNote(e)} className="stack-sm">
        <textarea
          aria-label="Note"
          placeholder="Write a note for the team"
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" busy={action.busy} disabled={!note.trim()}>
          Save note
        </Button>
      </form>
      <ErrorNote error={action.error} onDismiss={action.clearError} />
    </div>
  );
}
