import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { renderChartSvg } from '#core/render/echarts';
import { chartFileUrl } from '#web/api';
import type { ChartQuery } from '#web/api';
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
      <Charts
        fields={fields}
        choices={choices.length ? choices : fields}
        x={pick('methods')}
        y={pick('severity_band')}
        colour={pick('role')}
        panel={pick('species')}
      />
      <Crosstab fields={fields} first={pick('severity_band')} second={pick('role')} />
      <Strata fields={fields} first={pick('severity_band')} second={pick('role')} />
    </div>
  );
}

type Field = { id: string; label: string };

const NONE = '';
/** The map's panels wrap onto further rows past the width of the page's panel. */
const MAP_WIDTH = 1100;

/** The studies behind a count: what every cell and bubble opens. */
function DrillDown({
  testId,
  title,
  recordIds,
  studies,
}: {
  testId: string;
  title: string;
  recordIds: readonly number[];
  studies: readonly { recordId: number; study: string }[] | undefined;
}): ReactNode {
  return (
    <div className="note drill-down" data-testid={testId}>
      <strong>{title}</strong>
      <ul>
        {(studies ?? [])
          .filter((s) => recordIds.includes(s.recordId))
          .map((s) => (
            <li key={s.recordId}>{s.study}</li>
          ))}
      </ul>
    </div>
  );
}

/**
 * A chart drawn live: the server sends the chart's spec, this page draws it with the same
 * function the server uses for the report (core/render/echarts.ts), so the figure on screen
 * is the figure in the DOCX. Every bubble of a map is listed below it and opens its studies.
 */
function Charts({
  fields,
  choices,
  x: firstX,
  y: firstY,
  colour: firstColour,
  panel: firstPanel,
}: {
  fields: Field[];
  choices: Field[];
  x: string;
  y: string;
  colour: string;
  panel: string;
}): ReactNode {
  const { reviewId } = useReview();
  const [kind, setKind] = useState<ChartQuery['kind']>('map');
  const [x, setX] = useState(firstX);
  const [y, setY] = useState(firstY);
  const [colour, setColour] = useState(firstColour);
  const [panel, setPanel] = useState(firstPanel);
  const [field, setField] = useState(firstY);
  const [open, setOpen] = useState<{ title: string; recordIds: number[] }>();
  const query: ChartQuery =
    kind === 'map'
      ? {
          kind,
          x,
          y,
          ...(colour ? { colour } : {}),
          ...(panel ? { panel } : {}),
          maxWidth: MAP_WIDTH,
        }
      : kind === 'frequencies'
        ? { kind, field }
        : { kind };
  const spec = useApiQuery('synthesise.chart', { reviewId, ...query });
  const map = useApiQuery(
    'synthesise.map',
    kind === 'map'
      ? { reviewId, x, y, ...(colour ? { colour } : {}), ...(panel ? { panel } : {}) }
      : undefined,
  );
  const studies = useApiQuery('synthesise.table', { reviewId, fields: [fields[0]!.id] });
  const src = useMemo(
    () =>
      spec.data
        ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderChartSvg(spec.data))}`
        : undefined,
    [spec.data],
  );
  const optional = [{ id: NONE, label: '(none)' }, ...choices];
  return (
    <Panel title="Charts and evidence map">
      <div className="builder-row">
        <label className="choice">
          Chart
          <select
            aria-label="Chart"
            value={kind}
            onChange={(e) => (setKind(e.target.value as ChartQuery['kind']), setOpen(undefined))}
          >
            <option value="map">Evidence map</option>
            <option value="frequencies">Frequencies of a field</option>
            <option value="timeline">Publications per year</option>
          </select>
        </label>
        {kind === 'map' ? (
          <>
            <FieldSelect label="Across" value={x} fields={fields} onChange={setX} />
            <FieldSelect label="Down" value={y} fields={fields} onChange={setY} />
            <FieldSelect label="Colour" value={colour} fields={optional} onChange={setColour} />
            <FieldSelect label="Panels" value={panel} fields={optional} onChange={setPanel} />
          </>
        ) : kind === 'frequencies' ? (
          <FieldSelect label="Field" value={field} fields={fields} onChange={setField} />
        ) : null}
      </div>
      <ErrorNote error={spec.error} />
      {src && spec.data ? (
        <figure className="chart" data-testid="chart">
          <img
            src={src}
            alt={spec.data.title}
            width={spec.data.width}
            style={{ maxWidth: '100%', height: 'auto' }}
          />
          <figcaption className="builder-row">
            {(['svg', 'png', 'pdf'] as const).map((format) => (
              <a key={format} className="button" href={chartFileUrl(reviewId, query, format)}>
                {format.toUpperCase()}
              </a>
            ))}
          </figcaption>
        </figure>
      ) : spec.error ? null : (
        <Loading what="the chart" />
      )}
      {kind === 'map' && map.data ? (
        <ul className="bubbles" data-testid="bubbles">
          {map.data.panels.flatMap((p) =>
            p.bubbles.map((b) => {
              const title = [
                map.data!.panel ? p.panel : '',
                b.x,
                b.y,
                map.data!.colour ? b.colour : '',
              ]
                .filter(Boolean)
                .join(' · ');
              return (
                <li key={`${p.panel}|${b.x}|${b.y}|${b.colour}`}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setOpen({ title, recordIds: b.recordIds })}
                  >
                    {title}: {b.count}
                  </button>
                </li>
              );
            }),
          )}
        </ul>
      ) : null}
      {open ? (
        <DrillDown
          testId="chart-drill-down"
          title={open.title}
          recordIds={open.recordIds}
          studies={studies.data?.rows}
        />
      ) : null}
    </Panel>
  );
}

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
                            aria-label={`${cell.count} ${cell.count === 1 ? 'study' : 'studies'}: ${r}, ${c}`}
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
        <DrillDown
          testId="drill-down"
          title={`${open.row} × ${open.col}`}
          recordIds={open.recordIds}
          studies={studies.data?.rows}
        />
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
