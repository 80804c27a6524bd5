import { useEffect, useMemo, useRef, useState } from 'react';
import { ProtocolSummary } from '#web/components/protocol-summary';
import type { ReactNode } from 'react';
import type { AnswerValue, FormField, FormSection, Quote } from '#core/extract/index';
import { isShown } from '#core/extract/answers';
import { callApi } from '#web/api';
import type { ExtractorView } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { useKeys } from '#web/components/use-keys';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';
import { hrefTo, navigate } from '#web/router';
import { PdfViewer } from '#web/stages/retrieve/pdf-viewer';
import { FieldInput, answerText } from './field-input';

interface Held {
  value: AnswerValue;
  quote?: Quote;
}

const slot = (entity: string, fieldId: string): string => `${entity}\u0000${fieldId}`;
const NO_TERMS = { include: [], exclude: [] };

/**
 * Charting one study: its full text on the left (select a passage to quote it), the form on
 * the right. Every answer saves as it is given; a value carries its quote and page, and
 * clicking the quote turns the PDF to it. Values without a quote are marked. `f` finishes
 * the study, `n` opens the next one.
 */
export function ExtractStudy({ recordId }: { recordId: number }): ReactNode {
  const { reviewId } = useReview();
  const query = useApiQuery('extract.view', { reviewId, recordId });
  const studies = useApiQuery('extract.studies', { reviewId });
  const view = query.data;
  const [held, setHeld] = useState(new Map<string, Held>());
  const [entities, setEntities] = useState(new Map<string, string[]>());
  const [saving, setSaving] = useState(new Map<string, 'saving' | 'saved' | Error>());
  const [selection, setSelection] = useState<{ text: string; page: number }>();
  const [goTo, setGoTo] = useState<{ page: number; mark?: string; key: number }>();
  const [finishError, setFinishError] = useState<Error>();
  const [state, setState] = useState<ExtractorView['mine']>('not-started');
  const turns = useRef(0);
  const sent = useRef(new Map<string, number>());

  useEffect(() => {
    if (!view) return;
    setHeld(
      new Map(
        view.answers.map((a) => [
          slot(a.entity, a.fieldId),
          { value: a.value, ...(a.quote ? { quote: a.quote } : {}) },
        ]),
      ),
    );
    const byKind = new Map<string, string[]>();
    for (const a of view.answers) {
      const at = a.entity.indexOf(':');
      if (at < 0) continue;
      const [section, label] = [a.entity.slice(0, at), a.entity.slice(at + 1)];
      const list = byKind.get(section) ?? [];
      if (!list.includes(label)) list.push(label);
      byKind.set(section, list);
    }
    setEntities(byKind);
    setState(view.mine);
  }, [view]);

  const next = useMemo(() => {
    const list = studies.data ?? [];
    const open = list.filter((s) => s.open && s.mine !== 'complete' && s.recordId !== recordId);
    return open.find((s) => s.recordId > recordId) ?? open[0];
  }, [studies.data, recordId]);

  const finish = async (): Promise<void> => {
    setFinishError(undefined);
    try {
      await callApi('extract.finish', { reviewId, recordId });
      setState('complete');
      void studies.reload();
      void query.reload();
    } catch (error) {
      setFinishError(error as Error);
    }
  };
  useKeys({
    f: () => void finish(),
    n: () => next && navigate(`/reviews/${reviewId}/extract/study/${next.recordId}`),
  });

  if (!view) return query.error ? <ErrorNote error={query.error} /> : <Loading what="the study" />;
  const form = view.form.form;
  const editable = view.editable;
  const studyAnswers: Record<string, unknown> = {};
  for (const [key, answer] of held)
    if (key.startsWith('\u0000')) studyAnswers[key.slice(1)] = answer.value;
  const consensus = new Map(view.consensus.map((c) => [slot(c.entity, c.fieldId), c]));

  const save = async (entity: string, field: FormField, value: unknown, quote?: Quote | null) => {
    const key = slot(entity, field.id);
    setSaving((m) => new Map(m).set(key, 'saving'));
    // Only the latest save of a field is shown when it comes back (an earlier one arriving late
    // would undo what was chosen since).
    const ticket = (sent.current.get(key) ?? 0) + 1;
    sent.current.set(key, ticket);
    try {
      const saved = await callApi('extract.answer', {
        reviewId,
        recordId,
        fieldId: field.id,
        value,
        ...(entity ? { entity: entity.slice(entity.indexOf(':') + 1) } : {}),
        ...(quote !== undefined ? { quote } : {}),
      });
      if (sent.current.get(key) !== ticket) return;
      setHeld((m) => {
        const out = new Map(m);
        if (saved.value === null) out.delete(key);
        else out.set(key, { value: saved.value, ...(saved.quote ? { quote: saved.quote } : {}) });
        return out;
      });
      if (state === 'not-started') setState('in-progress');
      setSaving((m) => new Map(m).set(key, 'saved'));
    } catch (error) {
      setSaving((m) => new Map(m).set(key, error as Error));
    }
  };

  const fieldRow = (entity: string, field: FormField, context: Record<string, unknown>) => {
    if (!isShown(field, context)) return null;
    const key = slot(entity, field.id);
    const answer = held.get(key);
    const status = saving.get(key);
    const agreed = consensus.get(key);
    const idPrefix = `f-${entity.replace(/[^\w]+/g, '-')}`;
    return (
      <div className="extract-field" key={key} data-field={field.id}>
        <label
          className="extract-label"
          id={`${idPrefix}-${field.id}-label`}
          htmlFor={`${idPrefix}-${field.id}`}
        >
          {field.label}
          {field.required ? (
            <span className="required" aria-label="required">
              {' '}
              *
            </span>
          ) : null}
        </label>
        {field.help ? <p className="muted extract-help">{field.help}</p> : null}
        <FieldInput
          field={field}
          idPrefix={idPrefix}
          value={answer?.value}
          disabled={!editable}
          onCommit={(value) =>
            void save(entity, field, value, value === null ? undefined : (answer?.quote ?? null))
          }
        />
        <div className="extract-evidence">
          {answer?.quote ? (
            <button
              type="button"
              className="quote"
              title="Show it in the PDF"
              onClick={() =>
                setGoTo({
                  page: answer.quote!.page ?? 1,
                  mark: answer.quote!.text,
                  key: (turns.current += 1),
                })
              }
            >
              {answer.quote.page ? `p. ${answer.quote.page}: ` : ''}“
              {answer.quote.text.slice(0, 120)}
              {answer.quote.text.length > 120 ? '…' : ''}”
            </button>
          ) : answer ? (
            <span className="chip chip-warn" data-testid="no-quote">
              no quote
            </span>
          ) : null}
          {answer && editable && selection ? (
            <Button
              variant="ghost"
              onClick={() =>
                void save(entity, field, answer.value, {
                  text: selection.text,
                  page: selection.page,
                })
              }
            >
              Quote the selection (p. {selection.page})
            </Button>
          ) : null}
          {answer?.quote && editable ? (
            <button
              type="button"
              className="link"
              onClick={() => void save(entity, field, answer.value, null)}
            >
              Remove quote
            </button>
          ) : null}
          {status === 'saving' ? <span className="muted">Saving…</span> : null}
          {status === 'saved' ? (
            <span className="muted" role="status">
              Saved
            </span>
          ) : null}
          {status instanceof Error ? (
            <span className="note-inline-error" role="alert">
              {status.message}
            </span>
          ) : null}
          {agreed ? (
            <span className="chip chip-good">consensus: {answerText(agreed.value)}</span>
          ) : null}
        </div>
      </div>
    );
  };

  const section = (s: FormSection) => {
    if (!s.repeats)
      return (
        <fieldset className="extract-section" key={s.id}>
          <legend>{s.title}</legend>
          {s.help ? <p className="muted">{s.help}</p> : null}
          {s.fields.map((f) => fieldRow('', f, studyAnswers))}
        </fieldset>
      );
    const labels = entities.get(s.id) ?? [];
    return (
      <fieldset className="extract-section" key={s.id}>
        <legend>
          {s.title} <span className="muted">(one per {s.repeats})</span>
        </legend>
        {s.help ? <p className="muted">{s.help}</p> : null}
        {labels.map((label) => {
          const entity = `${s.id}:${label}`;
          const own: Record<string, unknown> = { ...studyAnswers };
          for (const f of s.fields) {
            const a = held.get(slot(entity, f.id));
            if (a) own[f.id] = a.value;
          }
          return (
            <div className="extract-entity" key={entity}>
              <h4>
                {s.repeats}: {label}
              </h4>
              {s.fields.map((f) => fieldRow(entity, f, own))}
            </div>
          );
        })}
        {editable ? (
          <AddEntity
            kind={s.repeats}
            onAdd={(label) =>
              setEntities((m) => {
                const out = new Map(m);
                const list = out.get(s.id) ?? [];
                if (!list.includes(label)) out.set(s.id, [...list, label]);
                return out;
              })
            }
          />
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
          <p className="note pdf-viewer-note" data-testid="no-full-text">
            No full text is attached to this study: chart it from the record, and quote by typing
            under Retrieve once the PDF is in.
          </p>
        )}
        {selection ? (
          <p className="note selection-note" data-testid="selection">
            Selected on page {selection.page}: “{selection.text.slice(0, 160)}
            {selection.text.length > 160 ? '…' : ''}”. Use “Quote the selection” beside a value.
          </p>
        ) : view.study.fullTextRecordId !== null ? (
          <p className="muted">Select a passage in the PDF to quote it as a value’s evidence.</p>
        ) : null}
      </div>
      <div className="extract-form">
        <Panel title={`${view.study.authors}${view.study.year ? ` (${view.study.year})` : ''}`}>
          <p className="extract-title">{view.study.title}</p>
          <ProtocolSummary plan="charting" />
          <p className="muted">
            Form: {form.title}, version {view.form.version}
            {view.form.status === 'pilot' ? ' (pilot)' : ''}. You:{' '}
            <strong data-testid="my-state">{state.replace('-', ' ')}</strong>
            {!editable ? ' — every required extractor has finished; your answers are final.' : ''}
          </p>
          {view.retired.length ? (
            <div className="note">
              Kept from an earlier version of the form:
              <ul>
                {view.retired.map((r) => (
                  <li key={`${r.entity}-${r.fieldId}`}>
                    {r.label}: {JSON.stringify(r.value)} ({r.why})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Panel>
        <form className="extract-fields" onSubmit={(event) => event.preventDefault()}>
          {form.sections.map(section)}
        </form>
        <ErrorNote error={finishError} onDismiss={() => setFinishError(undefined)} />
        <div className="actions">
          {editable && state !== 'complete' ? (
            <Button variant="primary" shortcut="F" onClick={() => void finish()}>
              Finish this study
            </Button>
          ) : null}
          {editable && state === 'complete' ? (
            <Button
              onClick={() =>
                void callApi('extract.reopen', { reviewId, recordId }).then(() =>
                  setState('in-progress'),
                )
              }
            >
              Reopen to edit
            </Button>
          ) : null}
          {next ? (
            <a
              className="btn btn-ghost"
              href={hrefTo(`/reviews/${reviewId}/extract/study/${next.recordId}`)}
            >
              Next study <kbd className="kbd">N</kbd>
            </a>
          ) : null}
          <a className="btn btn-ghost" href={hrefTo(`/reviews/${reviewId}/extract`)}>
            All studies
          </a>
        </div>
      </div>
    </div>
  );
}

function AddEntity({ kind, onAdd }: { kind: string; onAdd: (label: string) => void }): ReactNode {
  const [label, setLabel] = useState('');
  const add = (): void => {
    if (!label.trim()) return;
    onAdd(label.trim().replace(/\s+/g, ' '));
    setLabel('');
  };
  return (
    <div className="add-entity">
      <input
        type="text"
        aria-label={`New ${kind}`}
        placeholder={`Name a ${kind} (e.g. FMA-UE)`}
        value={label}
        onChange={(event) => setLabel(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add();
          }
        }}
      />
      <Button onClick={add}>Add {kind}</Button>
    </div>
  );
}
