import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { uploadExport } from '#web/api';
import type { ImportFileResult } from '#web/api';
import { useReview } from '#web/components/review-context';
import { Button, Panel, ProgressBar } from '#web/components/ui';
import { FORMAT_IDS } from '#core/formats/types';

interface UploadRow {
  key: string;
  file: File;
  phase: 'waiting' | 'uploading' | 'parsing' | 'done' | 'failed';
  sent: number;
  results?: ImportFileResult[];
  error?: string;
}

/** Two uploads at a time: enough to overlap network and parsing without starving the server. */
const PARALLEL_UPLOADS = 2;

const formatSize = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Drag-and-drop import of many export files, with per-file progress and the parser's issues. */
export function UploadPanel({ onImported }: { onImported: () => void }): ReactNode {
  const { reviewId } = useReview();
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const [details, setDetails] = useState({
    source: '',
    platform: '',
    searchedOn: '',
    query: '',
    format: '',
  });
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);

  const update = (key: string, change: Partial<UploadRow>): void =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const start = (files: File[]): void => {
    if (files.length === 0) return;
    const added = files.map((file) => ({
      key: `${(counter.current += 1)}`,
      file,
      phase: 'waiting' as const,
      sent: 0,
    }));
    setRows((current) => [...added, ...current]);
    const queue = [...added];
    const worker = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const key = row.key;
        update(key, { phase: 'uploading' });
        try {
          const results = await uploadExport({
            reviewId,
            file: row.file,
            ...details,
            onProgress: (fraction) =>
              update(key, { sent: fraction, phase: fraction >= 1 ? 'parsing' : 'uploading' }),
          });
          update(key, { phase: 'done', sent: 1, results });
        } catch (error) {
          update(key, { phase: 'failed', error: (error as Error).message });
        }
      }
    };
    void Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, added.length) }, worker)).then(
      onImported,
    );
  };

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    start([...event.dataTransfer.files]);
  };

  const busy = rows.some(
    (r) => r.phase === 'waiting' || r.phase === 'uploading' || r.phase === 'parsing',
  );
  return (
    <Panel title="Import search results">
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="dropzone-text">
          Drop export files here{' '}
          <span className="muted">
            (RIS, MEDLINE/nbib, PubMed XML, Web of Science, Scopus CSV, EndNote XML, BibTeX,
            CSL-JSON, CSV)
          </span>
        </p>
        <Button variant="primary" onClick={() => input.current?.click()}>
          Choose files…
        </Button>
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          multiple
          aria-label="Export files to import"
          data-testid="import-input"
          onChange={(e) => {
            start([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </div>
      <details className="search-details">
        <summary>Search details recorded with these files (optional)</summary>
        <div className="form-grid">
          {(
            [
              ['source', 'Database', 'inferred from the file when empty'],
              ['platform', 'Platform / interface', 'e.g. Ovid'],
              ['searchedOn', 'Date searched', 'YYYY-MM-DD'],
            ] as const
          ).map(([key, label, hint]) => (
            <label key={key} className="field">
              <span>{label}</span>
              <input
                value={details[key]}
                placeholder={hint}
                type={key === 'searchedOn' ? 'date' : 'text'}
                onChange={(e) => setDetails({ ...details, [key]: e.target.value })}
              />
            </label>
          ))}
          <label className="field">
            <span>Format</span>
            <select
              value={details.format}
              onChange={(e) => setDetails({ ...details, format: e.target.value })}
            >
              <option value="">Read from the file</option>
              {[...FORMAT_IDS, 'xlsx'].map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label className="field span-2">
            <span>Search strategy as run</span>
            <textarea
              rows={3}
              value={details.query}
              onChange={(e) => setDetails({ ...details, query: e.target.value })}
            />
          </label>
        </div>
      </details>
      <div aria-live="polite" className="visually-hidden">
        {busy ? 'Importing files…' : rows.length ? 'Import finished.' : ''}
      </div>
      {rows.length ? (
        <ul className="upload-list" aria-label="Imported files">
          {rows.map((row) => (
            <UploadItem key={row.key} row={row} />
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}

function UploadItem({ row }: { row: UploadRow }): ReactNode {
  const results = row.results ?? [];
  const issues = results.flatMap((r) => r.issues);
  const summary =
    row.phase === 'waiting'
      ? 'Waiting…'
      : row.phase === 'uploading'
        ? `Uploading ${Math.round(row.sent * 100)}%`
        : row.phase === 'parsing'
          ? 'Reading records…'
          : row.phase === 'failed'
            ? 'Failed'
            : results.map((r) => describeResult(r)).join('; ');
  const tone =
    row.phase === 'failed' || results.some((r) => r.status === 'failed')
      ? 'bad'
      : row.phase === 'done'
        ? 'good'
        : 'busy';
  return (
    <li className={`upload-item upload-${tone}`} data-file={row.file.name}>
      <div className="upload-row">
        <span className="upload-name">{row.file.name}</span>
        <span className="muted">{formatSize(row.file.size)}</span>
        <span className="upload-status" data-testid="upload-status">
          {summary}
        </span>
      </div>
      {row.phase === 'uploading' || row.phase === 'parsing' || row.phase === 'waiting' ? (
        <ProgressBar
          value={Math.round(row.sent * 100)}
          max={100}
          label={`Upload of ${row.file.name}`}
        />
      ) : null}
      {row.error ? <p className="note note-error">{row.error}</p> : null}
      {issues.length ? <IssueList issues={issues} /> : null}
    </li>
  );
}

function describeResult(result: ImportFileResult): string {
  if (result.status === 'already-imported') return `Already imported (${result.format})`;
  if (result.status === 'failed')
    return `Not imported: ${result.issues.filter((i) => i.severity === 'error').length} error(s)`;
  return `${result.added.toLocaleString()} records · ${result.format} · ${result.sourceDatabase}`;
}

const SHOWN_ISSUES = 8;

function IssueList({ issues }: { issues: ImportFileResult['issues'] }): ReactNode {
  const [all, setAll] = useState(false);
  const shown = all ? issues : issues.slice(0, SHOWN_ISSUES);
  return (
    <div className="issues">
      <table className="table table-compact">
        <caption className="visually-hidden">Problems found while reading the file</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Severity</th>
            <th scope="col">Code</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((issue, index) => (
            <tr key={index}>
              <td className="num">{issue.line > 0 ? issue.line : 'file'}</td>
              <td>
                <span className={`sev sev-${issue.severity}`}>{issue.severity}</span>
              </td>
              <td>
                <code>{issue.code}</code>
              </td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > SHOWN_ISSUES ? (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${issues.length} issues`}
        </button>
      ) : null}
    </div>
  );
}
