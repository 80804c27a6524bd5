import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { callApi } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';

const terms = (text: string): string[] => [
  ...new Set(
    text
      .split(/[,\n]/)
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** How the review screens (lead only): reviewers per record, blinding, highlight terms, reasons. */
export function SettingsView(): ReactNode {
  const { reviewId } = useReview();
  const settings = useApiQuery('screen.settings', { reviewId });
  const [form, setForm] = useState({
    reviewersPerRecord: 2,
    blinded: true,
    include: '',
    exclude: '',
    reasons: '',
  });
  const [saved, setSaved] = useState(false);
  const action = useAction();

  useEffect(() => {
    const s = settings.data;
    if (s) {
      setForm({
        reviewersPerRecord: s.reviewersPerRecord,
        blinded: s.blinded,
        include: s.highlight.include.join(', '),
        exclude: s.highlight.exclude.join(', '),
        reasons: s.exclusionReasons.join('\n'),
      });
    }
  }, [settings.data]);

  if (!settings.data)
    return settings.error ? <ErrorNote error={settings.error} /> : <Loading what="settings" />;

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    const ok = await action.run(async () => {
      await callApi('screen.configure', {
        reviewId,
        reviewersPerRecord: form.reviewersPerRecord,
        blinded: form.blinded,
        highlight: { include: terms(form.include), exclude: terms(form.exclude) },
        exclusionReasons: form.reasons
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
      });
      return true;
    });
    if (ok) {
      setSaved(true);
      await settings.reload();
    }
  };

  return (
    <Panel title="Screening settings">
      <form
        className="form form-grid"
        onSubmit={(e) => void save(e)}
        aria-label="Screening settings"
      >
        <label className="field">
          <span>Reviewers per record</span>
          <input
            type="number"
            min={1}
            max={5}
            value={form.reviewersPerRecord}
            onChange={(e) => setForm({ ...form, reviewersPerRecord: Number(e.target.value) })}
          />
        </label>
        <label className="check field-check">
          <input
            type="checkbox"
            checked={form.blinded}
            onChange={(e) => setForm({ ...form, blinded: e.target.checked })}
          />
          Blinded: reviewers do not see each other&apos;s decisions
        </label>
        <label className="field">
          <span>Highlight as include terms (comma separated)</span>
          <textarea
            rows={3}
            value={form.include}
            onChange={(e) => setForm({ ...form, include: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Highlight as exclude terms (comma separated)</span>
          <textarea
            rows={3}
            value={form.exclude}
            onChange={(e) => setForm({ ...form, exclude: e.target.value })}
          />
        </label>
        <label className="field span-2">
          <span>Full-text exclusion reasons (one per line)</span>
          <textarea
            rows={5}
            value={form.reasons}
            onChange={(e) => setForm({ ...form, reasons: e.target.value })}
          />
        </label>
        <ErrorNote error={action.error} />
        <div className="form-actions span-2">
          {saved ? (
            <span className="muted" role="status">
              Saved.
            </span>
          ) : null}
          <Button type="submit" variant="primary" busy={action.busy}>
            Save settings
          </Button>
        </div>
      </form>
    </Panel>
  );
}
