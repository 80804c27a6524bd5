import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { attachFullText, attachFullTexts, callApi, fullTextUrl } from '#web/api';
import type { AttachManyResult, ReportStatus } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel, Stat } from '#web/components/ui';

const STATE_LABELS: Record<ReportStatus['state'], string> = {
  sought: 'Sought',
  found: 'Found',
  'needs-manual': 'Needs finding by hand',
  retrieved: 'Retrieved',
  'not-retrieved': 'Not retrieved',
};

/**
 * Retrieve: the reports sought (records kept at title/abstract), their full texts and why some
 * could not be had. PDFs dropped here are matched to reports by the DOI or PMID printed on
 * their first page, else by title; sure matches are attached, the others wait for a person
 * with the best candidate and the evidence.
 */
export function RetrieveScreen(): ReactNode {
  const { reviewId, detail } = useReview();
  const status = useApiQuery('retrieve.status', { reviewId });
  const reasons = useApiQuery('retrieve.reasons', { reviewId });
  const canRetrieve = detail.policies.can.retrieve;
  const reports = status.data;

  if (!reports)
    return status.error ? <ErrorNote error={status.error} /> : <Loading what="reports" />;
  const count = (state: ReportStatus['state']) => reports.filter((r) => r.state === state).length;
  return (
    <div className="stack">
      <Panel title="Reports sought">
        <div className="stats">
          <Stat label="reports sought" value={reports.length.toLocaleString()} />
          <Stat label="retrieved" value={count('retrieved').toLocaleString()} tone="good" />
          <Stat label="not retrieved" value={count('not-retrieved').toLocaleString()} />
          <Stat
            label="still to find"
            value={(count('sought') + count('found') + count('needs-manual')).toLocaleString()}
          />
        </div>
        {reports.length === 0 ? (
          <p className="muted">
            No reports sought yet: the records kept at title/abstract screening appear here.
          </p>
        ) : null}
      </Panel>
      {canRetrieve && reports.length > 0 ? (
        <>
          <DropPanel onDone={() => void status.reload()} reports={reports} />
          <LookUpPanel onDone={() => void status.reload()} />
        </>
      ) : null}
      {reports.length > 0 ? (
        <Panel title="Every report sought">
          <ReportsTable
            reports={reports}
            reasons={reasons.data ?? []}
            canRetrieve={canRetrieve}
            onChanged={() => void status.reload()}
          />
        </Panel>
      ) : null}
    </div>
  );
}

/** Uncompressed bytes taken from one zip at most: a zip bomb stops here, in the browser. */
const MAX_ZIP_BYTES = 1024 * 1024 * 1024;

/** The PDFs inside a zip (any folder, macOS resource forks skipped), unpacked here with fflate. */
async function pdfsInZip(zip: File): Promise<File[]> {
  const { unzipSync } = await import('fflate');
  let total = 0;
  const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()), {
    filter: (entry) => {
      const wanted = /\.pdf$/i.test(entry.name) && !entry.name.startsWith('__MACOSX/');
      if (wanted) total += entry.originalSize;
      if (total > MAX_ZIP_BYTES) throw new Error(`${zip.name} unpacks to more than 1 GiB of PDFs.`);
      return wanted;
    },
  });
  return Object.entries(entries).map(
    ([name, bytes]) =>
      new File([bytes as Uint8Array<ArrayBuffer>], name.split('/').pop() ?? name, {
        type: 'application/pdf',
      }),
  );
}

/** Drag and drop (or choose) many PDFs: matched and attached, the rest shown with their evidence. */
function DropPanel({
  onDone,
  reports,
}: {
  onDone: () => void;
  reports: readonly ReportStatus[];
}): ReactNode {
  const { reviewId } = useReview();
  const [dragging, setDragging] = useState(false);
  const [result, setResult] = useState<AttachManyResult>();
  const [files, setFiles] = useState<Map<string, File>>(new Map());
  const input = useRef<HTMLInputElement>(null);
  const act = useAction();

  const send = async (chosen: File[]): Promise<void> => {
    const answer = await act.run(async () => {
      const pdfs: File[] = [];
      for (const file of chosen) {
        if (/\.zip$/i.test(file.name)) pdfs.push(...(await pdfsInZip(file)));
        else if (/\.pdf$/i.test(file.name) || file.type === 'application/pdf') pdfs.push(file);
      }
      if (pdfs.length === 0) throw new Error('Nothing to attach: drop PDF files or a zip of them.');
      setFiles(new Map(pdfs.map((file) => [file.name, file])));
      setConfirmed(new Set());
      return attachFullTexts(reviewId, pdfs);
    });
    if (answer) {
      setResult(answer);
      onDone();
    }
  };
  // Files a person attached to the suggested report: the server's answer stays as it was.
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const confirm = async (file: string, recordId: number): Promise<void> => {
    const chosen = files.get(file);
    if (!chosen) return;
    if (await act.run(() => attachFullText(reviewId, recordId, chosen))) {
      setConfirmed((current) => new Set(current).add(file));
      onDone();
    }
  };
  const titleOf = (recordId: number | undefined) =>
    reports.find((r) => r.recordId === recordId)?.title ?? `record ${recordId}`;

  return (
    <Panel title="Attach full texts">
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        data-testid="pdf-dropzone"
        onDragOver={(event: DragEvent) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event: DragEvent) => {
          event.preventDefault();
          setDragging(false);
          void send(Array.from(event.dataTransfer.files));
        }}
      >
        <p className="dropzone-text">
          Drop PDFs (or a zip of them) here, many at once.{' '}
          <span className="muted">
            Each is matched to a report by the DOI or PMID on its first page, else by its title.
          </span>
        </p>
        <Button busy={act.busy} onClick={() => input.current?.click()}>
          Choose PDFs
        </Button>
        <input
          ref={input}
          type="file"
          accept="application/pdf,.pdf,application/zip,.zip"
          multiple
          hidden
          aria-label="PDF files"
          onChange={(event) => {
            void send(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
      </div>
      <ErrorNote error={act.error} onDismiss={act.clearError} />
      {result ? (
        <div className="attach-result" role="status" aria-live="polite">
          <p>
            {result.attached.length} attached, {result.unmatched.length} to confirm,{' '}
            {result.errors.length} refused.
          </p>
          <ul className="attach-list">
            {result.attached.map((a) => (
              <li key={`a-${a.file}`}>
                <strong>{a.file}</strong> → {titleOf(a.recordId)}{' '}
                <span className="muted">
                  ({a.evidence}
                  {a.unchanged ? '; already attached' : ''})
                </span>
              </li>
            ))}
            {result.suggestions.map((s) => (
              <li key={`s-${s.file}`} className="attach-pending">
                <strong>{s.file}</strong>: not attached, {s.why}.
                {confirmed.has(s.file) ? (
                  <> Attached by hand to {titleOf(s.recordId)}.</>
                ) : s.recordId !== undefined ? (
                  <>
                    {' '}
                    Best candidate: {titleOf(s.recordId)}{' '}
                    <Button
                      variant="secondary"
                      busy={act.busy}
                      onClick={() => void confirm(s.file, s.recordId!)}
                    >
                      Attach to this report
                    </Button>
                  </>
                ) : null}
              </li>
            ))}
            {result.errors.map((e) => (
              <li key={`e-${e.file}`} className="attach-error">
                <strong>{e.file}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Panel>
  );
}

/**
 * Open-access look-up: Europe PMC, Unpaywall and OpenAlex are asked for the reports still to
 * find, with the user's contact email (Unpaywall requires one); what they point to is
 * downloaded, checked and attached.
 */
function LookUpPanel({ onDone }: { onDone: () => void }): ReactNode {
  const { reviewId, me } = useReview();
  const [email, setEmail] = useState(me.user.email);
  const [summary, setSummary] = useState('');
  const act = useAction();
  const lookUp = async (): Promise<void> => {
    const result = await act.run(() => callApi('retrieve.lookup', { reviewId, email }));
    if (!result) return;
    setSummary(
      `Asked about ${result.asked} reports: ${result.retrieved.length} retrieved, ${result.failed.length} copies could not be used, ${result.notFound.length} not found (to find by hand).`,
    );
    onDone();
  };
  return (
    <Panel title="Open-access copies">
      <p className="muted">
        Ask Europe PMC, Unpaywall and OpenAlex where an open-access PDF of each report still to find
        is, then download and attach it. The services ask for a contact email.
      </p>
      <div className="inline-form">
        <input
          type="email"
          aria-label="Contact email for the open-access services"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Button busy={act.busy} disabled={!email} onClick={() => void lookUp()}>
          Look up open-access copies
        </Button>
      </div>
      <ErrorNote error={act.error} onDismiss={act.clearError} />
      {summary ? (
        <p role="status" aria-live="polite">
          {summary}
        </p>
      ) : null}
    </Panel>
  );
}

function ReportsTable({
  reports,
  reasons,
  canRetrieve,
  onChanged,
}: {
  reports: readonly ReportStatus[];
  reasons: readonly string[];
  canRetrieve: boolean;
  onChanged: () => void;
}): ReactNode {
  const studySizes = new Map<number, number>();
  for (const r of reports) studySizes.set(r.studyId, (studySizes.get(r.studyId) ?? 0) + 1);
  return (
    <table className="table reports-table">
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">Title</th>
          <th scope="col">State</th>
          <th scope="col">Full text</th>
          <th scope="col">Study</th>
          {canRetrieve ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {reports.map((report) => (
          <ReportRow
            key={report.recordId}
            report={report}
            studySize={studySizes.get(report.studyId) ?? 1}
            reasons={reasons}
            canRetrieve={canRetrieve}
            onChanged={onChanged}
          />
        ))}
      </tbody>
    </table>
  );
}

function ReportRow({
  report,
  studySize,
  reasons,
  canRetrieve,
  onChanged,
}: {
  report: ReportStatus;
  /** Reports sought in the same study (itself included). */
  studySize: number;
  reasons: readonly string[];
  canRetrieve: boolean;
  onChanged: () => void;
}): ReactNode {
  const { reviewId } = useReview();
  const act = useAction();
  const [reason, setReason] = useState('');
  const [linkTo, setLinkTo] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const shared = studySize > 1 || report.studyId !== report.recordId;
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    if ((await act.run(action)) !== undefined) onChanged();
  };
  const { fullText } = report;
  return (
    <tr data-record-id={report.recordId}>
      <td>{report.recordId}</td>
      <td>{report.title ?? <span className="muted">(no title)</span>}</td>
      <td>
        <span className={`chip state-${report.state}`}>{STATE_LABELS[report.state]}</span>
        {report.reason ? <span className="muted"> {report.reason}</span> : null}
      </td>
      <td>
        {fullText ? (
          <>
            <a href={fullTextUrl(reviewId, report.recordId)} target="_blank" rel="noreferrer">
              {fullText.fileName}
            </a>{' '}
            <span className="muted">
              {fullText.pages} p.{fullText.scanned ? ', a scan without text' : ''}
            </span>
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td>
        {shared ? (
          <>
            study {report.studyId}
            {report.primary ? ' (primary report)' : ''}
          </>
        ) : (
          <span className="muted">its own</span>
        )}
      </td>
      {canRetrieve ? (
        <td>
          <div className="row-actions">
            <Button variant="ghost" busy={act.busy} onClick={() => input.current?.click()}>
              {fullText ? 'Replace PDF' : 'Attach PDF'}
            </Button>
            <input
              ref={input}
              type="file"
              accept="application/pdf,.pdf"
              hidden
              aria-label={`PDF for record ${report.recordId}`}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void run(() => attachFullText(reviewId, report.recordId, file));
              }}
            />
            {fullText ? (
              <Button
                variant="ghost"
                busy={act.busy}
                onClick={() =>
                  void run(() =>
                    callApi('retrieve.detach', { reviewId, recordId: report.recordId }),
                  )
                }
              >
                Detach
              </Button>
            ) : null}
            {report.state === 'not-retrieved' ? (
              <Button
                variant="ghost"
                busy={act.busy}
                onClick={() =>
                  void run(() =>
                    callApi('retrieve.reopen', { reviewId, recordId: report.recordId }),
                  )
                }
              >
                Seek again
              </Button>
            ) : null}
            {!fullText && report.state !== 'not-retrieved' ? (
              <span className="inline-form">
                <select
                  aria-label={`Why record ${report.recordId} was not retrieved`}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                >
                  <option value="">Not retrieved because…</option>
                  {reasons.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                <Button
                  variant="ghost"
                  disabled={!reason}
                  busy={act.busy}
                  onClick={() =>
                    void run(() =>
                      callApi('retrieve.notRetrieved', {
                        reviewId,
                        recordId: report.recordId,
                        reason,
                      }),
                    )
                  }
                >
                  Mark
                </Button>
              </span>
            ) : null}
            {shared ? (
              <>
                <Button
                  variant="ghost"
                  busy={act.busy}
                  onClick={() =>
                    void run(() =>
                      callApi('retrieve.unlink', { reviewId, recordId: report.recordId }),
                    )
                  }
                >
                  Unlink
                </Button>
                {report.primary ? null : (
                  <Button
                    variant="ghost"
                    busy={act.busy}
                    onClick={() =>
                      void run(() =>
                        callApi('retrieve.primary', { reviewId, recordId: report.recordId }),
                      )
                    }
                  >
                    Make primary
                  </Button>
                )}
              </>
            ) : null}
            <span className="inline-form">
              <input
                className="record-number"
                inputMode="numeric"
                aria-label={`Record of the same study as record ${report.recordId}`}
                placeholder="record"
                value={linkTo}
                onChange={(event) => setLinkTo(event.target.value.replace(/\D/g, ''))}
              />
              <Button
                variant="ghost"
                disabled={!linkTo}
                busy={act.busy}
                onClick={() =>
                  void run(() =>
                    callApi('retrieve.linkReports', {
                      reviewId,
                      a: report.recordId,
                      b: Number(linkTo),
                    }),
                  ).then(() => setLinkTo(''))
                }
              >
                Same study
              </Button>
            </span>
          </div>
          <ErrorNote error={act.error} onDismiss={act.clearError} />
        </td>
      ) : null}
    </tr>
  );
}
