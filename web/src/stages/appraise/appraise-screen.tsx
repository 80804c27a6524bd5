import { useEffect, useRef, useState } from 'react';
import { ProtocolSummary } from '#web/components/protocol-summary';
import type { ReactNode } from 'react';
import { appraisalCsvUrl, appraisalPlotUrl, callApi } from '#web/api';
import type { AppraisalView, ToolSummary } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';
import { hrefTo } from '#web/router';
import { SideBySide } from '#web/components/side-by-side';
import { PdfViewer } from '#web/stages/retrieve/pdf-viewer';

const NO_TERMS = { include: [], exclude: [] };
const OVERALL = 'overall';

/**
 * Appraise: each assessor's studies (their own progress only, blind to the others), one study's
 * appraisal beside its PDF with the proposal updating as questions are answered, and for the
 * lead the tool per study, the disagreements side by side, agreement and the robvis figures.
 */
export function AppraiseScreen({ view }: { view: string[] }): ReactNode {
  const { detail } = useReview();
  const can = detail.policies.can;
  const [sub, id] = view;
  const [settled, setSettled] = useState(0);
  if (sub === 'study' && id) return <AppraiseStudy key={id} recordId={Number(id)} />;
  return (
    <div className="stack">
      {can.appraise ? <MyAppraisals /> : null}
      {can.resolve ? <Disagreements onSettled={() => setSettled((n) => n + 1)} /> : null}
      {can.viewAppraisal ? <Overview settled={settled} /> : null}
    </div>
  );
}

function MyAppraisals(): ReactNode {
  const { reviewId } = useReview();
  const studies = useApiQuery('appraise.studies', { reviewId });
  if (!studies.data)
    return studies.error ? <ErrorNote error={studies.error} /> : <Loading what="studies" />;
  return (
    <Panel title="Your appraisals">
      {studies.data.length === 0 ? (
        <p className="muted">No study is included yet.</p>
      ) : (
        <table className="table" data-testid="my-appraisals">
          <thead>
            <tr>
              <th>Study</th>
              <th>Tool</th>
              <th>You</th>
            </tr>
          </thead>
          <tbody>
            {studies.data.map((s) => (
              <tr key={s.recordId}>
                <td>
                  {s.open ? (
                    <a href={hrefTo(`/reviews/${reviewId}/appraise/study/${s.recordId}`)}>
                      {s.authors}
                      {s.year ? ` (${s.year})` : ''} {s.title}
                    </a>
                  ) : (
                    <span className="muted">
                      {s.authors}
                      {s.year ? ` (${s.year})` : ''} {s.title}
                      {s.toolId ? ' (appraised by others)' : ''}
                    </span>
                  )}
                </td>
                <td>{s.toolId ?? <span className="muted">no tool yet</span>}</td>
                <td>{s.mine.replace('-', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function AppraiseStudy({ recordId }: { recordId: number }): ReactNode {
  const { reviewId } = useReview();
  const tools = useApiQuery('appraise.tools', { reviewId });
  // Tools appraised per result or outcome: which one ('' is the study's main result).
  const [unit, setUnit] = useState('');
  const [unitText, setUnitText] = useState('');
  const query = useApiQuery('appraise.view', { reviewId, recordId, ...(unit ? { unit } : {}) });
  const [view, setView] = useState<AppraisalView>();
  const [errors, setErrors] = useState(new Map<string, Error>());
  const [finishError, setFinishError] = useState<Error>();
  const [reasons, setReasons] = useState(new Map<string, string>());
  const [selection, setSelection] = useState<{ text: string; page: number }>();
  // Saves of one domain answer in order; only the latest one's answer is shown (an earlier
  // answer arriving late would undo a click made since).
  const sent = useRef(new Map<string, number>());
  const [goTo, setGoTo] = useState<{ page: number; mark?: string; key: number }>();
  useEffect(() => setView(query.data), [query.data]);
  if (!view || !tools.data)
    return query.error ? <ErrorNote error={query.error} /> : <Loading what="the appraisal" />;
  const tool = tools.data.find((t) => t.id === view.toolId) as ToolSummary | undefined;
  if (!tool)
    return (
      <p className="note">
        This study's tool ({view.toolId}) is no longer defined: the lead changed the review's own
        tool since it was assigned. Ask them to assign the study a tool again.
      </p>
    );
  const mine = new Map(view.judgements.map((j) => [j.domainId, j]));
  const consensus = new Map(view.consensus.map((c) => [c.domainId, c.judgement]));

  const send = async (
    domainId: string,
    body: {
      answers?: Record<string, string>;
      judgement?: string | null;
      justification?: string;
      quotes?: Record<string, { text: string; page: number } | null>;
    },
  ) => {
    // Shown at once as clicked; the saved answers (and the proposal) replace it when they come.
    if (body.answers)
      setView((v) => {
        if (!v) return v;
        const before = v.judgements.find((j) => j.domainId === domainId);
        const merged = { ...(before?.answers ?? {}), ...body.answers };
        // A directly judged domain's answer is its judgement: shown as picked, not emptied.
        const direct = body.answers?.[domainId];
        return {
          ...v,
          judgements: [
            ...v.judgements.filter((j) => j.domainId !== domainId),
            before
              ? { ...before, answers: merged, ...(direct ? { judgement: direct } : {}) }
              : {
                  domainId,
                  answers: merged,
                  proposal: null,
                  judgement: direct ?? null,
                  justification: null,
                  quotes: {},
                },
          ],
        };
      });
    const ticket = (sent.current.get(domainId) ?? 0) + 1;
    sent.current.set(domainId, ticket);
    try {
      const judged = await callApi('appraise.judge', {
        reviewId,
        recordId,
        domainId,
        ...(unit ? { unit } : {}),
        ...body,
      });
      if (sent.current.get(domainId) !== ticket) return;
      setErrors((m) => {
        const out = new Map(m);
        out.delete(domainId);
        return out;
      });
      setView((v) =>
        v
          ? {
              ...v,
              mine: v.mine === 'not-started' ? 'in-progress' : v.mine,
              judgements: [
                ...v.judgements.filter(
                  (j) => j.domainId !== domainId && !(judged.overall && j.domainId === OVERALL),
                ),
                // The overall follows the domains (its override stays): the server says how.
                ...(judged.overall
                  ? [
                      {
                        answers: {},
                        quotes: {},
                        ...v.judgements.find((j) => j.domainId === OVERALL),
                        domainId: OVERALL,
                        ...judged.overall,
                      },
                    ]
                  : []),
                {
                  domainId,
                  answers: judged.answers,
                  proposal: judged.proposal,
                  judgement: judged.judgement,
                  justification: judged.justification,
                  quotes: Object.fromEntries(
                    Object.entries({
                      ...(v.judgements.find((j) => j.domainId === domainId)?.quotes ?? {}),
                      ...(body.quotes ?? {}),
                    }).filter((e): e is [string, { text: string; page: number }] => e[1] !== null),
                  ),
                },
              ],
            }
          : v,
      );
    } catch (error) {
      setErrors((m) => new Map(m).set(domainId, error as Error));
    }
  };
  // A review's own tool lists "Not applicable" among its levels already.
  const levels = [...new Set([...tool.judgements, 'Not applicable'])];

  const domainPanel = (
    domain: ToolSummary['domains'][number] | { id: string; name: string; questions: [] },
  ) => {
    const own = mine.get(domain.id);
    const answers = own?.answers ?? {};
    const error = errors.get(domain.id);
    const overridden = own?.proposal && own.judgement && own.judgement !== own.proposal;
    // A domain the assessor judges directly (ROBINS-I, ROBINS-E, QUIPS, the review's own tool):
    // the judgement is the domain's one answer, nothing is proposed and nothing overridden.
    const direct = domain.questions.length === 1 && domain.questions[0]!.id === domain.id;
    return (
      <fieldset className="extract-section" key={domain.id} data-domain={domain.id}>
        <legend>{domain.id === OVERALL ? 'Overall' : `${domain.id}: ${domain.name}`}</legend>
        {'note' in domain && domain.note ? <p className="muted">{domain.note}</p> : null}
        {domain.questions
          .filter((q) => !(q.id === domain.id && domain.questions.length === 1))
          .map((q) => (
            <div className="extract-field" key={q.id}>
              <span className="extract-label" id={`q-${q.id}`}>
                {q.id} {q.text}
              </span>
              {q.askedWhen ? (
                <span className="muted extract-help">Asked when {q.askedWhen}.</span>
              ) : null}
              {q.unverified ? <span className="chip chip-warn">unverified wording</span> : null}
              <QuoteLine
                quote={own?.quotes[q.id]}
                selection={answers[q.id] && view.editable ? selection : undefined}
                onShow={(quote) =>
                  setGoTo({ page: quote.page ?? 1, mark: quote.text, key: Date.now() })
                }
                onQuote={(quote) => void send(domain.id, { quotes: { [q.id]: quote } })}
              />
              <span className="choices" role="radiogroup" aria-labelledby={`q-${q.id}`}>
                {q.options.map((option) => (
                  <label key={option} className="choice">
                    <input
                      type="radio"
                      name={`q-${q.id}`}
                      checked={answers[q.id] === option}
                      disabled={!view.editable}
                      onChange={() => void send(domain.id, { answers: { [q.id]: option } })}
                    />
                    {option}
                  </label>
                ))}
              </span>
            </div>
          ))}
        <div className="builder-row" data-testid={`judgement-${domain.id}`}>
          {direct ? null : (
            <span>
              Proposed:{' '}
              <strong>
                {own?.proposal ?? (domain.id === OVERALL ? '—' : 'answer the questions')}
              </strong>
            </span>
          )}
          <label className="choice">
            Judgement
            <select
              aria-label={`Judgement of ${domain.id}`}
              value={own?.judgement ?? ''}
              disabled={!view.editable}
              onChange={(e) => {
                const judgement = e.target.value || null;
                const reason = reasons.get(domain.id)?.trim();
                void send(
                  domain.id,
                  direct && judgement
                    ? { answers: { [domain.id]: judgement } }
                    : { judgement, ...(reason ? { justification: reason } : {}) },
                );
              }}
            >
              <option value="">—</option>
              {(domain.id === OVERALL && tool.overallOptions ? tool.overallOptions : levels).map(
                (l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ),
              )}
            </select>
          </label>
          {view.editable && !direct ? (
            <input
              type="text"
              aria-label={`Why (overriding ${domain.id})`}
              placeholder="Why, when overriding the proposal"
              value={reasons.get(domain.id) ?? ''}
              onChange={(e) => setReasons((m) => new Map(m).set(domain.id, e.target.value))}
            />
          ) : null}
          {overridden ? (
            <span className="chip chip-warn">overridden: {own?.justification}</span>
          ) : null}
          {consensus.has(domain.id) ? (
            <span className="chip chip-good">consensus: {consensus.get(domain.id)}</span>
          ) : null}
        </div>
        {error ? (
          <span className="note-inline-error" role="alert">
            {error.message}
          </span>
        ) : null}
      </fieldset>
    );
  };

  return (
    <div className="extract-layout">
      <div className="extract-pdf">
        {view.study.fullTextRecordId !== null ? (
          <PdfViewer
            reviewId={reviewId}
            recordId={view.study.fullTextRecordId}
            terms={NO_TERMS}
            goTo={goTo}
            onSelect={setSelection}
          />
        ) : (
          <p className="note pdf-viewer-note">No full text is attached to this study.</p>
        )}
      </div>
      <div className="extract-form">
        <Panel title={`${view.study.authors}${view.study.year ? ` (${view.study.year})` : ''}`}>
          <p className="extract-title">{view.study.title}</p>
          <ProtocolSummary plan="appraisal" />
          <p className="muted">
            {tool.name}, {tool.version}. You:{' '}
            <strong data-testid="my-appraisal-state">{view.mine.replace('-', ' ')}</strong>
            {!view.editable
              ? ' — every required assessor has finished; your judgements are final.'
              : ''}
          </p>
          {tool.unit !== 'study' ? (
            <form
              className="builder-row"
              onSubmit={(event) => {
                event.preventDefault();
                setUnit(unitText.trim());
              }}
            >
              <span>
                {tool.name.split(':')[0]} is judged per {tool.unit}: appraising{' '}
                <strong>{unit || 'the main ' + tool.unit}</strong>.
              </span>
              <input
                type="text"
                aria-label={`Which ${tool.unit}`}
                placeholder={`e.g. FMA-UE at 3 months`}
                value={unitText}
                onChange={(e) => setUnitText(e.target.value)}
              />
              <Button type="submit">Appraise this {tool.unit}</Button>
            </form>
          ) : null}
          {tool.unverified.length ? (
            <div className="note">
              Not verified in this tool's data:
              <ul>
                {tool.unverified.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </Panel>
        {tool.domains.map(domainPanel)}
        {tool.overall || tool.overallOptions
          ? domainPanel({ id: OVERALL, name: 'Overall', questions: [] })
          : null}
        <ErrorNote error={finishError} onDismiss={() => setFinishError(undefined)} />
        <div className="actions">
          {view.editable && view.mine !== 'complete' ? (
            <Button
              variant="primary"
              onClick={() =>
                void callApi('appraise.finish', { reviewId, recordId, ...(unit ? { unit } : {}) })
                  .then(() => query.reload())
                  .catch((error: unknown) => setFinishError(error as Error))
              }
            >
              Finish this appraisal
            </Button>
          ) : null}
          <a className="btn btn-ghost" href={hrefTo(`/reviews/${reviewId}/appraise`)}>
            All studies
          </a>
        </div>
      </div>
    </div>
  );
}

/** A question's supporting quote (click: the PDF turns to it), or a button to quote the selection. */
function QuoteLine({
  quote,
  selection,
  onShow,
  onQuote,
}: {
  quote: { text: string; page?: number } | undefined;
  selection: { text: string; page: number } | undefined;
  onShow: (quote: { text: string; page?: number }) => void;
  onQuote: (quote: { text: string; page: number } | null) => void;
}): ReactNode {
  if (!quote && !selection) return null;
  return (
    <span className="extract-evidence">
      {quote ? (
        <button type="button" className="quote" onClick={() => onShow(quote)}>
          {quote.page ? `p. ${quote.page}: ` : ''}“{quote.text.slice(0, 100)}”
        </button>
      ) : null}
      {selection ? (
        <Button variant="ghost" onClick={() => onQuote(selection)}>
          Quote the selection (p. {selection.page})
        </Button>
      ) : null}
      {quote && selection ? (
        <button type="button" className="link" onClick={() => onQuote(null)}>
          Remove quote
        </button>
      ) : null}
    </span>
  );
}

function Disagreements({ onSettled }: { onSettled: () => void }): ReactNode {
  const { reviewId } = useReview();
  const queue = useApiQuery('appraise.reconcile', { reviewId });
  const action = useAction();
  if (!queue.data) return queue.error ? <ErrorNote error={queue.error} /> : null;
  return (
    <Panel title={`Appraisal disagreements to settle (${queue.data.length})`}>
      {queue.data.length === 0 ? (
        <p className="muted">No disagreement waits.</p>
      ) : (
        <SideBySide
          testId="appraise-reconcile"
          busy={action.busy}
          useLabel={(who) => `Use ${who}’s judgement`}
          items={queue.data.map((item) => ({
            key: `${item.recordId}-${item.unit}-${item.domainId}`,
            head: (
              <>
                <strong>
                  {item.domainId === OVERALL ? 'Overall' : `${item.domainId}: ${item.domain}`}
                </strong>
                <span className="chip">{item.toolId}</span>
                <span className="muted">
                  study {item.recordId}: {item.title.slice(0, 80)}
                </span>
              </>
            ),
            answers: item.judgements.map((j) => ({
              who: j.assessor,
              value: j.judgement ?? '—',
              ...(j.proposal && j.proposal !== j.judgement
                ? {
                    evidence: (
                      <span className="muted">
                        proposed {j.proposal}; {j.justification}
                      </span>
                    ),
                  }
                : {}),
              ...(j.judgement
                ? {
                    use: () =>
                      void action
                        .run(() =>
                          callApi('appraise.resolve', {
                            reviewId,
                            recordId: item.recordId,
                            domainId: item.domainId,
                            judgement: j.judgement!,
                            ...(item.unit ? { unit: item.unit } : {}),
                          }),
                        )
                        .then(() => {
                          onSettled();
                          return queue.reload();
                        }),
                  }
                : {}),
            })),
          }))}
        />
      )}
      <ErrorNote error={action.error} onDismiss={action.clearError} />
    </Panel>
  );
}

function Overview({ settled }: { settled: number }): ReactNode {
  const { reviewId, detail } = useReview();
  const overview = useApiQuery('appraise.overview', { reviewId });
  const tools = useApiQuery('appraise.tools', { reviewId });
  const action = useAction();
  const { reload } = overview;
  useEffect(() => {
    if (settled) void reload();
  }, [settled, reload]);
  if (!overview.data) return overview.error ? <ErrorNote error={overview.error} /> : null;
  const rows = overview.data;
  const used = [...new Set(rows.map((r) => r.toolId).filter((t): t is string => Boolean(t)))];
  const settledTools = used.filter((t) =>
    rows.some((r) => r.toolId === t && r.status === 'consensus'),
  );
  return (
    <>
      <Panel title="Appraisal status">
        <table className="table" data-testid="appraise-overview">
          <thead>
            <tr>
              <th>Study</th>
              <th>Tool</th>
              <th>Status</th>
              <th>Assessors</th>
              <th>Disagreements</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.recordId}-${r.unit}`}>
                <td>
                  {r.authors}
                  {r.year ? ` (${r.year})` : ''} {r.title}
                </td>
                <td>
                  {detail.policies.can.configure ? (
                    <select
                      aria-label={`Tool for study ${r.recordId}`}
                      value={r.toolId ?? ''}
                      onChange={(e) =>
                        void action
                          .run(() =>
                            callApi('appraise.assign', {
                              reviewId,
                              recordId: r.recordId,
                              toolId: e.target.value,
                            }),
                          )
                          .then(() => reload())
                      }
                    >
                      <option value="">—</option>
                      {(tools.data ?? []).map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.id}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (r.toolId ?? '—')
                  )}
                  {r.assignedBy === 'extraction' ? (
                    <span className="muted"> (from charting)</span>
                  ) : null}
                </td>
                <td>{r.status.replace('-', ' ')}</td>
                <td>
                  {r.assessors
                    .map((a) => `${a.name}${a.state === 'complete' ? ' ✓' : ' …'}`)
                    .join(', ')}
                </td>
                <td>{r.conflicts || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorNote error={action.error} onDismiss={action.clearError} />
      </Panel>
      {settledTools.map((toolId) => (
        <Panel key={`${toolId}-${settled}`} title={`Risk of bias: ${toolId}`}>
          <div className="rob-figures" data-testid={`rob-figures-${toolId}`}>
            <img
              alt={`Traffic-light plot, ${toolId}`}
              src={appraisalPlotUrl(reviewId, toolId, 'traffic', 'svg', settled)}
            />
            <img
              alt={`Summary plot, ${toolId}`}
              src={appraisalPlotUrl(reviewId, toolId, 'summary', 'svg', settled)}
            />
          </div>
          <div className="actions">
            {(['svg', 'png', 'pdf'] as const).flatMap((format) =>
              (['traffic', 'summary'] as const).map((type) => (
                <a
                  key={`${type}-${format}`}
                  className="btn btn-ghost"
                  href={appraisalPlotUrl(reviewId, toolId, type, format)}
                  download
                >
                  {type} {format.toUpperCase()}
                </a>
              )),
            )}
            <a className="btn btn-ghost" href={appraisalCsvUrl(reviewId, toolId)} download>
              robvis CSV
            </a>
          </div>
        </Panel>
      ))}
    </>
  );
}
