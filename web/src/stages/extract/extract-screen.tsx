import { Suspense, lazy, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { callApi, extractExportUrl, importExtractionSheet } from '#web/api';
import type { ReconcileItem, StudyOverview } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel, Stat } from '#web/components/ui';
import { hrefTo } from '#web/router';
import { SideBySide } from '#web/components/side-by-side';
import { ExtractStudy } from './extract-study';
import { answerText } from './field-input';

const FormBuilder = lazy(() => import('./form-builder').then((m) => ({ default: m.FormBuilder })));

const STATUS_LABELS: Record<StudyOverview['status'], string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete: disagreements wait',
  consensus: 'Consensus',
};

/**
 * Extract: the studies to chart (each extractor sees their own progress only), the form
 * builder for leads, one study's charting beside its PDF, and for the lead every study's
 * status, the disagreements side by side, agreement and the exports.
 */
export function ExtractScreen({ view }: { view: string[] }): ReactNode {
  const { reviewId, detail } = useReview();
  const can = detail.policies.can;
  const [sub, id] = view;
  // Settling a disagreement changes the status and agreement shown below it.
  const [settled, setSettled] = useState(0);
  if (sub === 'study' && id) return <ExtractStudy key={id} recordId={Number(id)} />;
  if (sub === 'form')
    return (
      <Suspense fallback={<Loading what="the form builder" />}>
        <FormBuilder />
      </Suspense>
    );
  return (
    <div className="stack">
      <FormSummary />
      {can.extract ? <MyStudies /> : null}
      {can.resolve ? <Reconcile onSettled={() => setSettled((n) => n + 1)} /> : null}
      {can.viewExtraction ? <Overview reviewId={reviewId} settled={settled} /> : null}
    </div>
  );
}

function FormSummary(): ReactNode {
  const { reviewId, detail } = useReview();
  const form = useApiQuery('extract.form', { reviewId });
  const settings = useApiQuery('extract.settings', { reviewId });
  if (form.data === undefined) return form.error ? <ErrorNote error={form.error} /> : null;
  const current = form.data;
  return (
    <Panel title="Charting form">
      {current ? (
        <p>
          <strong>{current.form.title}</strong>, version {current.version} (
          {current.status === 'published'
            ? 'published'
            : 'pilot: try it on a few studies, then publish'}
          ), {current.form.sections.reduce((n, s) => n + s.fields.length, 0)} fields.
          {settings.data
            ? ` ${settings.data.extractorsPerStudy} extractor${settings.data.extractorsPerStudy === 1 ? '' : 's'} per study, ${settings.data.blinded ? 'blinded' : 'not blinded'}.`
            : ''}
        </p>
      ) : (
        <p className="muted">No charting form yet.</p>
      )}
      {detail.policies.can.configure ? (
        <a className="btn btn-secondary" href={hrefTo(`/reviews/${reviewId}/extract/form`)}>
          {current ? 'Edit the form' : 'Build the form'}
        </a>
      ) : null}
    </Panel>
  );
}

function MyStudies(): ReactNode {
  const { reviewId } = useReview();
  const studies = useApiQuery('extract.studies', { reviewId });
  const sheet = useAction();
  const [imported, setImported] = useState<string>();
  if (!studies.data)
    return studies.error ? <ErrorNote error={studies.error} /> : <Loading what="studies" />;
  const list = studies.data;
  const mine = (state: string) => list.filter((s) => s.mine === state).length;
  return (
    <Panel title="Your studies">
      <div className="stats">
        <Stat label="included studies" value={list.length.toLocaleString()} />
        <Stat label="finished by you" value={mine('complete').toLocaleString()} tone="good" />
        <Stat label="in progress" value={mine('in-progress').toLocaleString()} />
        <Stat
          label="open to you"
          value={list.filter((s) => s.open && s.mine === 'not-started').length.toLocaleString()}
        />
      </div>
      {list.length === 0 ? (
        <p className="muted">
          No study is included yet: the studies included at full-text screening are charted here.
        </p>
      ) : (
        <table className="table" data-testid="my-studies">
          <thead>
            <tr>
              <th>Study</th>
              <th>Full text</th>
              <th>You</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.recordId}>
                <td>
                  {s.open ? (
                    <a href={hrefTo(`/reviews/${reviewId}/extract/study/${s.recordId}`)}>
                      {s.authors}
                      {s.year ? ` (${s.year})` : ''} {s.title}
                    </a>
                  ) : (
                    <span className="muted">
                      {s.authors}
                      {s.year ? ` (${s.year})` : ''} {s.title} (charted by others)
                    </span>
                  )}
                </td>
                <td>{s.fullText ? 'PDF' : '—'}</td>
                <td>{s.mine.replace('-', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <label className="btn btn-ghost">
          Import your charting sheet (CSV or XLSX)
          <input
            type="file"
            accept=".csv,.xlsx,text/csv"
            hidden
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (!file) return;
              void sheet
                .run(() => importExtractionSheet(reviewId, file))
                .then((result) => {
                  if (!result) return;
                  setImported(
                    `${result.file}: ${result.answers} answers for ${result.studies} studies; ${result.finished} finished.`,
                  );
                  void studies.reload();
                });
            }}
          />
        </label>
        <span className="muted">One row per study: record_id, then a column per field id.</span>
      </div>
      {imported ? <p role="status">{imported}</p> : null}
      <ErrorNote error={sheet.error} onDismiss={sheet.clearError} />
    </Panel>
  );
}

function Reconcile({ onSettled }: { onSettled: () => void }): ReactNode {
  const { reviewId } = useReview();
  const queue = useApiQuery('extract.reconcile', { reviewId });
  const action = useAction();
  if (!queue.data) return queue.error ? <ErrorNote error={queue.error} /> : null;
  const items = queue.data;
  const settle = (item: ReconcileItem, value: unknown) =>
    void action
      .run(() =>
        callApi('extract.resolve', {
          reviewId,
          recordId: item.recordId,
          fieldId: item.fieldId,
          value,
          ...(item.entity ? { entity: item.entity.slice(item.entity.indexOf(':') + 1) } : {}),
        }),
      )
      .then(() => {
        onSettled();
        return queue.reload();
      });
  return (
    <Panel title={`Disagreements to settle (${items.length})`}>
      {items.length === 0 ? (
        <p className="muted">
          No disagreement waits: what the extractors agreed on is the consensus.
        </p>
      ) : (
        <SideBySide
          testId="reconcile"
          busy={action.busy}
          useLabel={(who) => `Use ${who}’s answer`}
          items={items.map((item) => {
            const entity = item.entity ? item.entity.slice(item.entity.indexOf(':') + 1) : '';
            return {
              key: `${item.recordId}-${item.entity}-${item.fieldId}`,
              head: (
                <>
                  <strong>{item.label}</strong>
                  {entity ? <span className="chip">{entity}</span> : null}
                  <span className="muted">
                    study {item.recordId}: {item.title.slice(0, 90)}
                  </span>
                </>
              ),
              answers: item.answers.map((a) => ({
                who: a.extractor,
                value: answerText(a.value),
                evidence: a.quote ? (
                  <blockquote>
                    {a.quote.page ? `p. ${a.quote.page}: ` : ''}“{a.quote.text.slice(0, 200)}”
                  </blockquote>
                ) : (
                  <span className="chip chip-warn">no quote</span>
                ),
                ...(a.value !== null ? { use: () => settle(item, a.value) } : {}),
              })),
            };
          })}
        />
      )}
      <ErrorNote error={action.error} onDismiss={action.clearError} />
    </Panel>
  );
}

function Overview({ reviewId, settled }: { reviewId: number; settled: number }): ReactNode {
  const overview = useApiQuery('extract.overview', { reviewId });
  const agreement = useApiQuery('extract.agreement', { reviewId });
  const { reload: reloadOverview } = overview;
  const { reload: reloadAgreement } = agreement;
  useEffect(() => {
    if (settled === 0) return;
    void reloadOverview();
    void reloadAgreement();
  }, [settled, reloadOverview, reloadAgreement]);
  if (!overview.data) return overview.error ? <ErrorNote error={overview.error} /> : null;
  const studies = overview.data;
  const count = (status: StudyOverview['status']) =>
    studies.filter((s) => s.status === status).length;
  const compared = agreement.data?.fields.filter((f) => f.n > 0) ?? [];
  return (
    <>
      <Panel title="Extraction status">
        <div className="stats">
          {(Object.keys(STATUS_LABELS) as StudyOverview['status'][]).map((status) => (
            <Stat
              key={status}
              label={STATUS_LABELS[status].toLowerCase()}
              value={count(status).toLocaleString()}
            />
          ))}
        </div>
        <table className="table" data-testid="extract-overview">
          <thead>
            <tr>
              <th>Study</th>
              <th>Status</th>
              <th>Extractors</th>
              <th>Disagreements</th>
            </tr>
          </thead>
          <tbody>
            {studies.map((s) => (
              <tr key={s.recordId}>
                <td>
                  {s.authors}
                  {s.year ? ` (${s.year})` : ''} {s.title}
                </td>
                <td>{STATUS_LABELS[s.status]}</td>
                <td>
                  {s.extractors
                    .map((e) => `${e.name}${e.state === 'complete' ? ' ✓' : ' …'}`)
                    .join(', ')}
                </td>
                <td>{s.conflicts || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <span>Download the charted data:</span>
          {(['long', 'wide'] as const).flatMap((shape) =>
            (['csv', 'xlsx', 'json'] as const).map((format) => (
              <a
                key={`${shape}-${format}`}
                className="btn btn-ghost"
                href={extractExportUrl(reviewId, shape, format)}
                download
              >
                {shape} {format.toUpperCase()}
              </a>
            )),
          )}
        </div>
      </Panel>
      {compared.length ? (
        <Panel
          title={`Agreement between extractors (${agreement.data?.studies ?? 0} ${agreement.data?.studies === 1 ? 'study' : 'studies'})`}
        >
          <table className="table">
            <thead>
              <tr>
                <th>Field</th>
                <th>Compared</th>
                <th>Agreed</th>
                <th>Kappa</th>
              </tr>
            </thead>
            <tbody>
              {compared.map((f) => (
                <tr key={f.fieldId}>
                  <td>{f.label}</td>
                  <td>{f.n}</td>
                  <td>{f.percent === null ? '' : `${Math.round(f.percent * 100)}%`}</td>
                  <td>{f.kappa === null ? '—' : f.kappa.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      ) : null}
    </>
  );
}
