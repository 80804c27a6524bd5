import { useState } from 'react';
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
                </tr>
              </thead>
              <tbody>
                {log.data.map((entry) => (
                  <tr key={entry.batchId}>
                    <td>{entry.database ?? <span className="muted">unknown</span>}</td>
                    <td>{entry.platform ?? '—'}</td>
                    <td>{entry.searchedOn ?? '—'}</td>
                    <td className="cell-file" title={entry.query ?? undefined}>
                      {entry.fileName}
                    </td>
                    <td className="num">{entry.recordsImported.toLocaleString()}</td>
                    <td>{entry.importedBy}</td>
                  </tr>
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
      {result ? (
        <div className="translation" aria-live="polite">
          <pre className="code-block">{result.query}</pre>
          {[
            ...result.errors.map((m) => ({ ...m, kind: 'error' })),
            ...result.warnings.map((m) => ({ ...m, kind: 'warning' })),
          ].map((m, i) => (
            <p key={i} className={`note ${m.kind === 'error' ? 'note-error' : 'note-warn'}`}>
              {m.code ? <code>{m.code}</code> : null} {m.message}
            </p>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}
