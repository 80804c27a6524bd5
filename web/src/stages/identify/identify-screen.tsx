import { Fragment, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { DATABASE_IDS } from '#core/identify/index';
import { callApi } from '#web/api';
import type { DatabaseId, TranslateResult } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';
import { UploadPanel } from './upload-panel';

/** Identify: import exports, the PRISMA-S search log, and strategy translation. */
export function IdentifyScreen(): ReactNode {
  const { reviewId, detail, reload } = useReview();
  const log = useApiQuery('identify.log', { reviewId });
  const mayRetract = detail.policies.can.import;
  const [retracting, setRetracting] = useState<number>();
  const onImported = (): void => {
    void log.reload();
    void reload();
  };
  return (
    <div className="stack">
      {detail.policies.can.import ? <UploadPanel onImported={onImported} /> : null}
      <Panel title="Search log">
        {log.data === undefined ? (
          log.error ? (
            <ErrorNote error={log.error} />
          ) : (
            <Loading what="search log" />
          )
        ) : log.data.length === 0 ? (
          <p className="muted">No searches recorded yet. Import an export file to start the log.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-label="Search log">
              <thead>
                <tr>
                  <th scope="col">Database</th>
                  <th scope="col">Platform</th>
                  <th scope="col">Searched</th>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Records
                  </th>
                  <th scope="col">Imported by</th>
                  {mayRetract ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {log.data.map((entry) => (
                  <Fragment key={entry.batchId}>
                    <tr>
                      <td>{entry.database ?? <span className="muted">unknown</span>}</td>
                      <td>{entry.platform ?? '—'}</td>
                      <td>{entry.searchedOn ?? '—'}</td>
                      <td className="cell-file" title={entry.query ?? undefined}>
                        {entry.fileName}
                      </td>
                      <td className="num">{entry.recordsImported.toLocaleString()}</td>
                      <td>{entry.importedBy}</td>
                      {mayRetract ? (
                        <td>
                          <Button
                            variant="ghost"
                            aria-expanded={retracting === entry.batchId}
                            onClick={() =>
                              setRetracting(
                                retracting === entry.batchId ? undefined : entry.batchId,
                              )
                            }
                          >
                            Retract…
                          </Button>
                        </td>
                      ) : null}
                    </tr>
                    {retracting === entry.batchId ? (
                      <tr>
                        <td colSpan={7}>
                          <RetractForm
                            batchId={entry.batchId}
                            fileName={entry.fileName}
                            records={entry.recordsImported}
                            onCancel={() => setRetracting(undefined)}
                            onRetracted={() => {
                              setRetracting(undefined);
                              onImported();
                            }}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    Total
                  </th>
                  <td className="num">
                    {log.data.reduce((sum, e) => sum + e.recordsImported, 0).toLocaleString()}
                  </td>
                  <td />
                  {mayRetract ? <td /> : null}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </Panel>
      <TranslatePanel />
    </div>
  );
}

/**
 * Retracting a batch asks why (the log keeps it) and says what it does; the server refuses,
 * saying which, when someone has already judged its records.
 */
function RetractForm({
  batchId,
  fileName,
  records,
  onCancel,
  onRetracted,
}: {
  batchId: number;
  fileName: string;
  records: number;
  onCancel: () => void;
  onRetracted: () => void;
}): ReactNode {
  const { reviewId } = useReview();
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const done = await action.run(() => callApi('identify.retract', { reviewId, batchId, reason }));
    if (done) onRetracted();
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label={`Retract ${fileName}`}>
      <p>
        Retracting <strong>{fileName}</strong> removes its {records.toLocaleString()} records from
        every stage and from the PRISMA counts; the log keeps what was removed, by whom and why. It
        is refused once any of its records has a screening decision, a note or a tag.
      </p>
      <label className="field">
        <span>Why is it retracted?</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          required
          placeholder="Exported the wrong search"
        />
      </label>
      <ErrorNote error={action.error} />
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={action.busy} disabled={!reason.trim()}>
          Retract batch
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const DATABASE_LABELS: Record<DatabaseId, string> = {
  pubmed: 'PubMed',
  'ovid-medline': 'Ovid MEDLINE',
  'ovid-embase': 'Ovid Embase',
  embase: 'Embase.com',
  wos: 'Web of Science',
  scopus: 'Scopus',
  cinahl: 'CINAHL (EBSCO)',
  cochrane: 'Cochrane Library',
  europepmc: 'Europe PMC',
  scholar: 'Google Scholar',
};

function TranslatePanel(): ReactNode {
  const [query, setQuery] = useState('');
  const [from, setFrom] = useState<'pubmed' | 'ovid'>('pubmed');
  const [to, setTo] = useState<DatabaseId>('scopus');
  const [result, setResult] = useState<TranslateResult>();
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const translated = await action.run(() => callApi('identify.translate', { query, from, to }));
    if (translated) setResult(translated);
  };

  return (
    <Panel title="Translate a search strategy">
      <form
        className="form translate"
        onSubmit={(e) => void submit(e)}
        aria-label="Translate a search strategy"
      >
        <label className="field">
          <span>Strategy</span>
          <textarea
            rows={4}
            className="mono"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder='("loneliness"[tiab] OR "social isolation"[mh]) AND aged[mh]'
            required
          />
        </label>
        <div className="inline-fields">
          <label className="field">
            <span>From</span>
            <select value={from} onChange={(e) => setFrom(e.target.value as 'pubmed' | 'ovid')}>
              <option value="pubmed">PubMed</option>
              <option value="ovid">Ovid</option>
            </select>
          </label>
          <label className="field">
            <span>To</span>
            <select value={to} onChange={(e) => setTo(e.target.value as DatabaseId)}>
              {DATABASE_IDS.map((id) => (
                <option key={id} value={id}>
                  {DATABASE_LABELS[id]}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" busy={action.busy}>
            Translate
          </Button>
        </div>
      </form>
      <ErrorNote error={action.error} />
      {result ? <Translation result={result} /> : null}
    </Panel>
  );
}

/**
 * A translation: the search to paste into the target, a strategy's lines one by one, then
 * each warning once with the fragments (and lines) it is about.
 */
function Translation({ result }: { result: TranslateResult }): ReactNode {
  const grouped = new Map<string, { code: string; message: string; where: string[] }>();
  for (const warning of result.warnings) {
    const key = `${warning.code}\u0000${warning.message}`;
    const entry = grouped.get(key) ?? { code: warning.code, message: warning.message, where: [] };
    const where = `${warning.line === undefined ? '' : `line ${warning.line}: `}${warning.fragment}`;
    if (!entry.where.includes(where)) entry.where.push(where);
    grouped.set(key, entry);
  }
  return (
    <div className="translation" aria-live="polite">
      {result.query ? <pre className="code-block">{result.query}</pre> : null}
      {result.errors.map((error, i) => (
        <p key={`e${i}`} className="note note-error">
          <code>{error.code}</code> {error.line === undefined ? '' : `Line ${error.line}: `}
          {error.message}
        </p>
      ))}
      {result.lines.length > 0 ? (
        <table className="table" aria-label="Strategy lines">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">As written</th>
              <th scope="col">Translated</th>
            </tr>
          </thead>
          <tbody>
            {result.lines.map((line) => (
              <tr key={line.number}>
                <td className="num">{line.number}</td>
                <td className="mono">{line.source}</td>
                <td className="mono">
                  {line.query || (
                    <span className="note-error">
                      {line.errors.map((e) => e.message).join('; ')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {[...grouped.values()].map((warning) => (
        <div key={`${warning.code}${warning.message}`} className="note note-warn">
          <p>
            <code>{warning.code}</code> {warning.message}
          </p>
          <ul className="fragments">
            {warning.where.map((where) => (
              <li key={where}>
                <code>{where}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
