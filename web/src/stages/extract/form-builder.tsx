import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ChartingForm, FieldType, FormField, FormSection } from '#core/extract/index';
import { isShown } from '#core/extract/answers';
import { callApi } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';
import { hrefTo } from '#web/router';
import { FieldInput } from './field-input';

const TYPES: { type: FieldType; label: string }[] = [
  { type: 'text', label: 'Short text' },
  { type: 'long-text', label: 'Long text' },
  { type: 'integer', label: 'Whole number' },
  { type: 'decimal', label: 'Decimal number' },
  { type: 'range', label: 'Range' },
  { type: 'date', label: 'Date' },
  { type: 'single-choice', label: 'One choice' },
  { type: 'multiple-choice', label: 'Several choices' },
  { type: 'boolean', label: 'Yes / no' },
  { type: 'table', label: 'Table' },
];
const ENTITIES = ['arm', 'group', 'outcome', 'timepoint', 'measure'] as const;

/** A field id from its label: lower case words joined by _, unique in the form. */
function idFrom(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'f_$1')
      .slice(0, 40) || 'field';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
  return id;
}

/** A field of another type, keeping what both types share. */
function retype(field: FormField, type: FieldType): FormField {
  const { id, label, help, required, showIf, was } = field;
  const base = {
    id,
    label,
    ...(help ? { help } : {}),
    ...(required ? { required } : {}),
    ...(showIf ? { showIf } : {}),
    ...(was ? { was } : {}),
  };
  const options = 'options' in field ? field.options : ['First option', 'Second option'];
  switch (type) {
    case 'single-choice':
    case 'multiple-choice':
      return { ...base, type, options };
    case 'table':
      return { ...base, type, rows: ['Row 1'], columns: ['Column 1'] };
    default:
      return { ...base, type } as FormField;
  }
}

function move<T>(list: T[], index: number, by: number): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return list;
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The form builder: sections (optionally repeated per entity) of fields, each with its type,
 * options, unit and bounds, help, whether it is required, and when it is shown; reordered with
 * the arrows; previewed as extractors will see it. Saving replaces the pilot (or, after
 * publishing, makes the next version, answers carried forward); the server checks the form
 * and names every problem.
 */
export function FormBuilder(): ReactNode {
  const { reviewId } = useReview();
  const stored = useApiQuery('extract.form', { reviewId });
  const templates = useApiQuery('extract.templates', { reviewId });
  const [form, setForm] = useState<ChartingForm>();
  const [dirty, setDirty] = useState(false);
  const [note, setNote] = useState<string>();
  const action = useAction();

  useEffect(() => {
    if (stored.data) setForm(structuredClone(stored.data.form));
  }, [stored.data]);

  if (stored.data === undefined)
    return stored.error ? <ErrorNote error={stored.error} /> : <Loading what="the form" />;

  const change = (next: ChartingForm): void => {
    setForm(next);
    setDirty(true);
    setNote(undefined);
  };
  const save = () =>
    void action.run(async () => {
      if (!form) return;
      const saved = await callApi('extract.saveForm', { reviewId, form });
      setDirty(false);
      setNote(`Saved as version ${saved.version} (${saved.status}).`);
      await stored.reload();
    });
  const publish = () =>
    void action.run(async () => {
      const published = await callApi('extract.publishForm', { reviewId });
      setNote(`Version ${published.version} is published: extractors chart with it.`);
      await stored.reload();
    });

  if (!form)
    return (
      <Panel title="Build the charting form">
        <p>Start from a template, or from an empty form.</p>
        <div className="actions">
          {(templates.data ?? []).map((t) => (
            <Button
              key={t.id}
              busy={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await callApi('extract.useTemplate', { reviewId, templateId: t.id });
                  await stored.reload();
                })
              }
            >
              {t.title}
            </Button>
          ))}
          <Button
            onClick={() =>
              change({
                id: 'charting',
                title: 'Charting form',
                version: 1,
                sections: [
                  {
                    id: 'study',
                    title: 'The study',
                    fields: [{ id: 'authors', label: 'Authors', type: 'text', required: true }],
                  },
                ],
              })
            }
          >
            An empty form
          </Button>
        </div>
        <ErrorNote error={action.error} onDismiss={action.clearError} />
      </Panel>
    );

  const allFields = form.sections.flatMap((s) => s.fields);
  const storedIds = new Set(stored.data?.form.sections.flatMap((s) => s.fields.map((f) => f.id)));
  const taken = new Set(allFields.map((f) => f.id));
  const setSection = (index: number, section: FormSection) =>
    change({ ...form, sections: form.sections.map((s, i) => (i === index ? section : s)) });
  const setField = (si: number, fi: number, field: FormField) => {
    const section = form.sections[si]!;
    setSection(si, { ...section, fields: section.fields.map((f, i) => (i === fi ? field : f)) });
  };

  return (
    <div className="builder-layout">
      <div className="builder-edit">
        <Panel title="Charting form">
          <label className="builder-row">
            Title
            <input
              type="text"
              value={form.title}
              onChange={(e) => change({ ...form, title: e.target.value })}
            />
          </label>
          <p className="muted">
            {stored.data
              ? `Stored: version ${stored.data.version}, ${stored.data.status}.`
              : 'Not saved yet.'}{' '}
            {dirty ? 'Unsaved changes.' : ''}
          </p>
          <div className="actions">
            <Button variant="primary" busy={action.busy} disabled={!dirty} onClick={save}>
              Save
            </Button>
            <Button
              busy={action.busy}
              disabled={dirty || stored.data?.status !== 'pilot'}
              onClick={publish}
            >
              Publish this version
            </Button>
            <a
              className="btn btn-ghost"
              download={`${form.id}.json`}
              href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(form, null, 2))}`}
            >
              Export JSON
            </a>
            <label className="btn btn-ghost">
              Import JSON
              <input
                type="file"
                accept="application/json,.json"
                hidden
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (file)
                    void file.text().then((text) => {
                      try {
                        change(JSON.parse(text) as ChartingForm);
                      } catch {
                        setNote(`${file.name} is not JSON.`);
                      }
                    });
                }}
              />
            </label>
            <a className="btn btn-ghost" href={hrefTo(`/reviews/${reviewId}/extract`)}>
              Back to extraction
            </a>
          </div>
          {note ? <p role="status">{note}</p> : null}
          <ErrorNote error={action.error} onDismiss={action.clearError} />
        </Panel>
        {form.sections.map((section, si) => (
          <fieldset className="builder-section" key={si} data-testid="builder-section">
            <legend>Section {si + 1}</legend>
            <div className="builder-row">
              <input
                type="text"
                aria-label="Section title"
                value={section.title}
                onChange={(e) => setSection(si, { ...section, title: e.target.value })}
              />
              <select
                aria-label="Repeated per"
                value={section.repeats ?? ''}
                onChange={(e) => {
                  const { repeats: _old, ...rest } = section;
                  setSection(
                    si,
                    e.target.value
                      ? { ...rest, repeats: e.target.value as (typeof ENTITIES)[number] }
                      : rest,
                  );
                }}
              >
                <option value="">Asked once per study</option>
                {ENTITIES.map((e) => (
                  <option key={e} value={e}>
                    Asked per {e}
                  </option>
                ))}
              </select>
              <Button
                variant="ghost"
                aria-label="Move section up"
                onClick={() => change({ ...form, sections: move(form.sections, si, -1) })}
              >
                ↑
              </Button>
              <Button
                variant="ghost"
                aria-label="Move section down"
                onClick={() => change({ ...form, sections: move(form.sections, si, 1) })}
              >
                ↓
              </Button>
              <Button
                variant="ghost"
                disabled={form.sections.length === 1}
                onClick={() =>
                  change({ ...form, sections: form.sections.filter((_, i) => i !== si) })
                }
              >
                Remove section
              </Button>
            </div>
            {section.fields.map((field, fi) => (
              <FieldEditor
                key={`${si}-${fi}`}
                field={field}
                stored={storedIds}
                others={allFields.filter((f) => f.id !== field.id)}
                onChange={(next) => setField(si, fi, next)}
                onMove={(by) =>
                  setSection(si, { ...section, fields: move(section.fields, fi, by) })
                }
                onRemove={
                  section.fields.length > 1
                    ? () =>
                        setSection(si, {
                          ...section,
                          fields: section.fields.filter((_, i) => i !== fi),
                        })
                    : undefined
                }
              />
            ))}
            <Button
              onClick={() =>
                setSection(si, {
                  ...section,
                  fields: [
                    ...section.fields,
                    { id: idFrom('New field', taken), label: 'New field', type: 'text' },
                  ],
                })
              }
            >
              Add a field
            </Button>
          </fieldset>
        ))}
        <Button
          onClick={() =>
            change({
              ...form,
              sections: [
                ...form.sections,
                {
                  id: idFrom(
                    `section ${form.sections.length + 1}`,
                    new Set(form.sections.map((s) => s.id)),
                  ),
                  title: 'New section',
                  fields: [{ id: idFrom('New field', taken), label: 'New field', type: 'text' }],
                },
              ],
            })
          }
        >
          Add a section
        </Button>
      </div>
      <aside className="builder-preview" aria-label="Preview">
        <Preview form={form} />
      </aside>
    </div>
  );
}

function FieldEditor({
  field,
  stored,
  others,
  onChange,
  onMove,
  onRemove,
}: {
  field: FormField;
  /** Field ids of the stored form: their answers are keyed by them, so they never follow the label. */
  stored: ReadonlySet<string>;
  others: FormField[];
  onChange: (field: FormField) => void;
  onMove: (by: number) => void;
  onRemove?: () => void;
}): ReactNode {
  const on = field.showIf ? others.find((f) => f.id === field.showIf!.field) : undefined;
  return (
    <div className="builder-field" data-testid="builder-field">
      <div className="builder-row">
        <input
          type="text"
          aria-label="Field label"
          value={field.label}
          onChange={(e) => {
            // An id still made from the label follows it; one typed by hand stays.
            const taken = new Set(others.map((f) => f.id));
            const follows = !stored.has(field.id) && field.id === idFrom(field.label, taken);
            onChange({
              ...field,
              label: e.target.value,
              ...(follows ? { id: idFrom(e.target.value, taken) } : {}),
            });
          }}
        />
        <input
          type="text"
          aria-label="Field id"
          className="builder-id"
          value={field.id}
          onChange={(e) => onChange({ ...field, id: e.target.value })}
        />
        <select
          aria-label="Field type"
          value={field.type}
          onChange={(e) => onChange(retype(field, e.target.value as FieldType))}
        >
          {TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
        <label className="choice">
          <input
            type="checkbox"
            checked={field.required ?? false}
            onChange={(e) => {
              const { required: _r, ...rest } = field;
              onChange((e.target.checked ? { ...rest, required: true } : rest) as FormField);
            }}
          />
          Required
        </label>
        <Button variant="ghost" aria-label="Move field up" onClick={() => onMove(-1)}>
          ↑
        </Button>
        <Button variant="ghost" aria-label="Move field down" onClick={() => onMove(1)}>
          ↓
        </Button>
        {onRemove ? (
          <Button variant="ghost" onClick={onRemove}>
            Remove
          </Button>
        ) : null}
      </div>
      {field.type === 'single-choice' || field.type === 'multiple-choice' ? (
        <div className="builder-row">
          <textarea
            aria-label="Options, one per line"
            rows={Math.min(8, field.options.length + 1)}
            value={field.options.join('\n')}
            onChange={(e) => onChange({ ...field, options: lines(e.target.value) })}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={field.other ?? false}
              onChange={(e) => onChange({ ...field, other: e.target.checked || undefined })}
            />
            “Other, specify”
          </label>
        </div>
      ) : null}
      {field.type === 'integer' || field.type === 'decimal' || field.type === 'range' ? (
        <div className="builder-row">
          {(['min', 'max'] as const).map((bound) => (
            <input
              key={bound}
              type="number"
              aria-label={bound === 'min' ? 'Minimum' : 'Maximum'}
              placeholder={bound === 'min' ? 'minimum' : 'maximum'}
              value={field[bound] ?? ''}
              onChange={(e) =>
                onChange({
                  ...field,
                  [bound]: e.target.value === '' ? undefined : Number(e.target.value),
                })
              }
            />
          ))}
          <input
            type="text"
            aria-label="Unit"
            placeholder="unit"
            value={field.unit ?? ''}
            onChange={(e) => onChange({ ...field, unit: e.target.value || undefined })}
          />
        </div>
      ) : null}
      {field.type === 'table' ? (
        <div className="builder-row">
          <textarea
            aria-label="Rows, one per line"
            value={field.rows.join('\n')}
            onChange={(e) => onChange({ ...field, rows: lines(e.target.value) })}
          />
          <textarea
            aria-label="Columns, one per line"
            value={field.columns.join('\n')}
            onChange={(e) => onChange({ ...field, columns: lines(e.target.value) })}
          />
        </div>
      ) : null}
      <div className="builder-row">
        <input
          type="text"
          aria-label="Help text"
          placeholder="Help for extractors (optional)"
          value={field.help ?? ''}
          onChange={(e) => onChange({ ...field, help: e.target.value || undefined })}
        />
        <select
          aria-label="Shown when"
          value={field.showIf?.field ?? ''}
          onChange={(e) => {
            const { showIf: _s, ...rest } = field;
            const target = others.find((f) => f.id === e.target.value);
            if (!target) return onChange(rest as FormField);
            const first =
              'options' in target ? target.options[0]! : target.type === 'boolean' ? true : '';
            onChange({ ...rest, showIf: { field: target.id, equals: [first] } } as FormField);
          }}
        >
          <option value="">Always shown</option>
          {others.map((f) => (
            <option key={f.id} value={f.id}>
              Shown when “{f.label}” is…
            </option>
          ))}
        </select>
        {field.showIf && on && 'options' in on ? (
          <select
            aria-label="Shown for answer"
            multiple
            value={field.showIf.equals.map(String)}
            onChange={(e) =>
              onChange({
                ...field,
                showIf: {
                  field: on.id,
                  equals: Array.from(e.target.selectedOptions, (o) => o.value),
                },
              })
            }
          >
            {on.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : field.showIf && on?.type === 'boolean' ? (
          <select
            aria-label="Shown for answer"
            value={String(field.showIf.equals[0])}
            onChange={(e) =>
              onChange({ ...field, showIf: { field: on.id, equals: [e.target.value === 'true'] } })
            }
          >
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        ) : null}
      </div>
    </div>
  );
}

/** The form as extractors will see it, with answers kept here only (so conditions can be tried). */
function Preview({ form }: { form: ChartingForm }): ReactNode {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  return (
    <Panel title="Preview">
      {form.sections.map((section, si) => (
        <fieldset className="extract-section" key={si}>
          <legend>
            {section.title}
            {section.repeats ? <span className="muted"> (one per {section.repeats})</span> : null}
          </legend>
          {section.fields
            .filter((f) => isShown(f, answers))
            .map((field) => (
              <div className="extract-field" key={field.id}>
                <label
                  className="extract-label"
                  htmlFor={`preview-${field.id}`}
                  id={`preview-${field.id}-label`}
                >
                  {field.label}
                  {field.required ? ' *' : ''}
                </label>
                {field.help ? <p className="muted extract-help">{field.help}</p> : null}
                <FieldInput
                  field={field}
                  idPrefix="preview"
                  value={answers[field.id] as never}
                  onCommit={(value) =>
                    setAnswers((a) => {
                      const next = { ...a };
                      if (value === null) delete next[field.id];
                      else next[field.id] = value;
                      return next;
                    })
                  }
                />
              </div>
            ))}
        </fieldset>
      ))}
    </Panel>
  );
}
