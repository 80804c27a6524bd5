import { useState } from 'react';
import type { ReactNode } from 'react';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel } from '#web/components/ui';

/**
 * Synthesise: pick two fields of the charting form and see their cross-tabulation over the
 * settled studies, every count opening the studies behind it; stratify by one field with the
 * tally of another, the risk of bias and the quotes of each stratum.
 */
export function SynthesiseScreen(): ReactNode {
  const { reviewId } = useReview();
  const form = useApiQuery('extract.form', { reviewId });
  if (form.data === undefined)
    return form.error ? <ErrorNote error={form.error} /> : <Loading what="the form" />;
  if (!form.data)
    return (
      <Panel title="Synthesise">
        <p className="muted">
          Synthesis reads the settled charting: build the charting form under Extract first.
        </p>
      </Panel>
    );
  const fields = form.data.form.sections.filter((s) => !s.repeats).flatMap((s) => s.fields);
  const choices = fields.filter(
    (f) => f.type === 'single-choice' || f.type === 'multiple-choice' || f.type === 'boolean',
  );
  const pick = (id: string) =>
    choices.find((f) => f.id === id)?.id ?? choices[0]?.id ?? fields[0]!.id;
  return (
    <div className="stack">
      <Crosstab fields={fields} first={pick('severity_band')} second={pick('role')} />
      <Strata fields={fields} first={pick('severity_band')} second={pick('role')} />
    </div>
  );
}

type Field = { id: string; label: string };

function FieldSelect({
  label,
  value,
  fields,
  onChange,
}: {
  label: string;
  value: string;
  fields: Field[];
  onChange: (id: string) => void;
}): ReactNode {
  return (
    <label className="choice">
      {label}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {fields.map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Crosstab({
  fields,
  first,
  second,
}: {
  fields: Field[];
  first: string;
  second: string;
}): ReactNode {
  const { reviewId } = useReview();
  const [rows, setRows] = useState(first);
  const [cols, setCols] = useState(second);
  const [open, setOpen] = useState<{ row: string; col: string; recordIds: number[] }>();
  const table = useApiQuery('synthesise.crosstab', { reviewId, rows, cols });
  const studies = useApiQuery('synthesise.table', { reviewId, fields: [rows, cols] });
  const label = (id: string) => fields.find((f) => f.id === id)?.label ?? id;
  const data = table.data;
  return (
    <Panel title="Cross-tabulation">
      <div className="builder-row">
        <FieldSelect
          label="Rows"
          value={rows}
          fields={fields}
          onChange={(id) => (setRows(id), setOpen(undefined))}
        />
        <FieldSelect
          label="Columns"
          value={cols}
          fields={fields}
          onChange={(id) => (setCols(id), setOpen(undefined))}
        />
      </div>
      <ErrorNote error={table.error} />
      {data ? (
        data.rows.length === 0 ? (
          <p className="muted">
            No study is settled yet: synthesis counts what the extractors agreed on.
          </p>
        ) : (
          <table className="table crosstab" data-testid="crosstab">
            <thead>
              <tr>
                <th>
                  {label(rows)} \ {label(cols)}
                </th>
                {data.cols.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r}>
                  <th scope="row">{r}</th>
                  {data.cols.map((c) => {
                    const cell = data.cells.find((x) => x.row === r && x.col === c)!;
                    return (
                      <td key={c}>
                        {cell.count ? (
                          <button
                            type="button"
                            className="link"
                            onClick={() => setOpen(cell)}
                            aria-label={`${cell.count} studies: ${r}, ${c}`}
                          >
                            {cell.count}
                          </button>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : (
        <Loading what="the table" />
      )}
      {open ? (
        <div className="note drill-down" data-testid="drill-down">
          <strong>
            {open.row} × {open.col}
          </strong>
          <ul>
            {(studies.data?.rows ?? [])
              .filter((s) => open.recordIds.includes(s.recordId))
              .map((s) => (
                <li key={s.recordId}>{s.study}</li>
              ))}
          </ul>
        </div>
      ) : null}
    </Panel>
  );
}

function Strata({
  fields,
  first,
  second,
}: {
  fields: Field[];
  first: string;
  second: string;
}): ReactNode {
  const { reviewId } = useReview();
  const [by, setBy] = useState(first);
  const [tally, setTally] = useState(second);
  const strata = useApiQuery('synthesise.stratify', { reviewId, by, tally });
  return (
    <Panel title="Stratified summary">
      <div className="builder-row">
        <FieldSelect label="Stratify by" value={by} fields={fields} onChange={setBy} />
        <FieldSelect label="Tally" value={tally} fields={fields} onChange={setTally} />
      </div>
      <ErrorNote error={strata.error} />
      <div className="strata" data-testid="strata">
        {(strata.data ?? []).map((s) => (
          <section key={s.stratum} className="stratum">
            <h3>
              {s.stratum} <span className="muted">({s.studies.length})</span>
            </h3>
            <ul>
              {s.tally.map((t) => (
                <li key={t.value}>
                  {t.value}: <strong>{t.count}</strong>
                </li>
              ))}
            </ul>
            {s.risk.length ? (
              <p className="muted">
                Risk of bias: {s.risk.map((r) => `${r.value} ${r.count}`).join(', ')}
              </p>
            ) : null}
            {s.quotes.map((q) => (
              <blockquote key={q.recordId}>
                {q.label}: “{q.text.slice(0, 160)}”{q.page ? ` (p. ${q.page})` : ''}
              </blockquote>
            ))}
          </section>
        ))}
      </div>
    </Panel>
  );
}
