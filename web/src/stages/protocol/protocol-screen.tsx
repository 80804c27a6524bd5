import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';

type Draft = Record<string, string>;

const TEXT_FIELDS: [string, string][] = [
  ['question', 'Review question'],
  ['population', 'Population'],
  ['concept', 'Concept'],
  ['context', 'Context'],
  ['intervention', 'Intervention (PICO)'],
  ['comparator', 'Comparator (PICO)'],
  ['outcomes', 'Outcomes (PICO)'],
  ['searchDates', 'Dates searched'],
  ['charting', 'Planned charting'],
  ['appraisal', 'Planned appraisal'],
];
const LIST_FIELDS: [string, string][] = [
  ['inclusionCriteria', 'Inclusion criteria (one per line)'],
  ['exclusionCriteria', 'Exclusion criteria (one per line)'],
  ['databases', 'Databases (one per line)'],
];

function toDraft(protocol: Record<string, unknown>): Draft {
  const draft: Draft = {};
  for (const [key, value] of Object.entries(protocol)) {
    if (Array.isArray(value)) draft[key] = value.join('\n');
    else if (key === 'registration' && value && typeof value === 'object') {
      const r = value as { registry: string; id: string };
      draft.registry = r.registry;
      draft.registrationId = r.id;
    } else if (typeof value === 'string') draft[key] = value;
  }
  return draft;
}

function fromDraft(draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key] of TEXT_FIELDS) if (draft[key]?.trim()) out[key] = draft[key]!.trim();
  if (draft.framework) out.framework = draft.framework;
  for (const [key] of LIST_FIELDS) {
    const lines = (draft[key] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length) out[key] = lines;
  }
  if (draft.registry?.trim() && draft.registrationId?.trim())
    out.registration = { registry: draft.registry.trim(), id: draft.registrationId.trim() };
  return out;
}

/**
 * The protocol, the review's first step: question, PCC or PICO, criteria, databases and dates,
 * registration, planned charting and appraisal. Leads edit it as first written; once amended,
 * every change is an amendment with its reason, and every version stays listed.
 */
export function ProtocolScreen(): ReactNode {
  const { reviewId, detail } = useReview();
  const query = useApiQuery('protocol.show', { reviewId });
  const [draft, setDraft] = useState<Draft>({});
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string>();
  const action = useAction();
  const canEdit = detail.policies.can.configure;
  useEffect(() => {
    if (query.data) setDraft(toDraft(query.data.protocol as Record<string, unknown>));
  }, [query.data]);
  if (!query.data)
    return query.error ? <ErrorNote error={query.error} /> : <Loading what="the protocol" />;
  const state = query.data;
  const field = (key: string, label: string, multiline = false) => (
    <label className="extract-field" key={key}>
      <span className="extract-label">{label}</span>
      {multiline ? (
        <textarea
          rows={3}
          value={draft[key] ?? ''}
          disabled={!canEdit}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      ) : (
        <input
          type="text"
          value={draft[key] ?? ''}
          disabled={!canEdit}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      )}
    </label>
  );
  const save = () =>
    void action.run(async () => {
      const protocol = fromDraft(draft);
      const next = reason.trim()
        ? await callApi('protocol.amend', { reviewId, protocol, reason: reason.trim() })
        : await callApi('protocol.edit', { reviewId, protocol });
      setReason('');
      setSaved(`Saved as version ${next.version}.`);
      await query.reload();
    });
  return (
    <div className="builder-layout">
      <Panel title={`Protocol, version ${state.version}`}>
        <form
          className="extract-fields"
          data-testid="protocol-form"
          onSubmit={(e) => (e.preventDefault(), save())}
        >
          {field('question', 'Review question', true)}
          <label className="choice">
            Framework
            <select
              value={draft.framework ?? ''}
              disabled={!canEdit}
              onChange={(e) => setDraft({ ...draft, framework: e.target.value })}
            >
              <option value="">—</option>
              <option value="PCC">PCC (population, concept, context)</option>
              <option value="PICO">PICO</option>
            </select>
          </label>
          {TEXT_FIELDS.slice(1).map(([key, label]) =>
            field(key, label, key === 'charting' || key === 'appraisal'),
          )}
          {LIST_FIELDS.map(([key, label]) => field(key, label, true))}
          {field('registry', 'Registry (OSF, PROSPERO)')}
          {field('registrationId', 'Registration id')}
          {canEdit ? (
            <>
              <label className="extract-field">
                <span className="extract-label">
                  {state.version > 1
                    ? 'Reason for this amendment (required)'
                    : 'Reason, to record this change as an amendment'}
                </span>
                <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <div className="actions">
                <Button type="submit" variant="primary" busy={action.busy}>
                  {reason.trim() || state.version > 1 ? 'Amend the protocol' : 'Save'}
                </Button>
                {saved ? <span role="status">{saved}</span> : null}
              </div>
            </>
          ) : null}
        </form>
        <ErrorNote error={action.error} onDismiss={action.clearError} />
      </Panel>
      <Panel title="Versions">
        <ol className="versions" data-testid="protocol-versions">
          {state.versions.map((v) => (
            <li key={v.version}>
              Version {v.version}, {v.createdAt.slice(0, 10)}, {v.createdBy}
              {v.reason ? `: ${v.reason}` : ''}
            </li>
          ))}
        </ol>
      </Panel>
    </div>
  );
}
