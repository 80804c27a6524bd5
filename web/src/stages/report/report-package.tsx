import { useState } from 'react';
import type { ReactNode } from 'react';
import { reportDownloadUrl } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel, Stat } from '#web/components/ui';

type ChecklistType = 'prisma-scr' | 'prisma-2020';
const STATUS_CHIP: Record<string, string> = {
  filled: 'chip chip-good',
  draft: 'chip chip-warn',
  todo: 'chip chip-quiet',
};

/**
 * The reporting checklist, each item filled from the review's records, drafted, or still to
 * write, with the text that fills it; downloadable as DOCX, PDF or HTML.
 */
export function ChecklistPanel(): ReactNode {
  const { reviewId, detail } = useReview();
  const [type, setType] = useState<ChecklistType>(
    detail.review.type === 'scoping' ? 'prisma-scr' : 'prisma-2020',
  );
  const items = useApiQuery('report.checklist', { reviewId, type });
  const count = (status: string) => items.data?.filter((i) => i.status === status).length ?? 0;
  return (
    <Panel
      title="Reporting checklist"
      actions={
        <>
          <select
            aria-label="Checklist"
            value={type}
            onChange={(e) => setType(e.target.value as ChecklistType)}
          >
            <option value="prisma-scr">PRISMA-ScR (22 items)</option>
            <option value="prisma-2020">PRISMA 2020 (27 items)</option>
          </select>
          {(['docx', 'pdf', 'html'] as const).map((format) => (
            <a
              key={format}
              className="btn btn-secondary"
              href={reportDownloadUrl('report.checklistFile', reviewId, { type, format })}
              download
            >
              {format.toUpperCase()}
            </a>
          ))}
        </>
      }
    >
      <ErrorNote error={items.error} />
      {items.data ? (
        <>
          <div className="stats" aria-live="polite">
            <Stat label="filled from the records" value={String(count('filled'))} tone="good" />
            <Stat label="drafted to finish" value={String(count('draft'))} />
            <Stat label="to write" value={String(count('todo'))} />
          </div>
          <table className="table" data-testid="checklist">
            <thead>
              <tr>
                <th>Item</th>
                <th>Topic</th>
                <th>Status</th>
                <th>Text</th>
              </tr>
            </thead>
            <tbody>
              {items.data.map((item) => (
                <tr key={item.item}>
                  <td>{item.item}</td>
                  <td>
                    <strong>{item.title}</strong>
                    <div className="muted">{item.section}</div>
                  </td>
                  <td>
                    <span className={STATUS_CHIP[item.status] ?? 'chip'}>{item.status}</span>
                  </td>
                  <td className={item.status === 'todo' ? 'muted' : undefined}>{item.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : items.error ? null : (
        <Loading what="the checklist" />
      )}
    </Panel>
  );
}

/** The report package: the drafted report in a chosen reference style, the workbook, the bundle. */
export function PackagePanel(): ReactNode {
  const { reviewId, detail } = useReview();
  const [style, setStyle] = useState('vancouver');
  return (
    <Panel title="Report package">
      <p className="muted">
        The report is drafted from the review&apos;s records: methods from the protocol and the
        logs, the flow diagram, the characteristics table, the evidence map, the risk-of-bias
        figures and the references. Paragraphs marked [Draft] are for the authors to finish.
      </p>
      <div className="builder-row">
        <label className="choice">
          References
          <select
            aria-label="Reference style"
            value={style}
            onChange={(e) => setStyle(e.target.value)}
          >
            <option value="vancouver">Vancouver</option>
            <option value="ama">AMA</option>
            <option value="apa">APA</option>
          </select>
        </label>
        {(['docx', 'pdf', 'html'] as const).map((format) => (
          <a
            key={format}
            className="btn btn-primary"
            href={reportDownloadUrl('report.file', reviewId, { format, style })}
            download
          >
            Report ({format.toUpperCase()})
          </a>
        ))}
      </div>
      {detail.policies.can.exportReview ? (
        <div className="builder-row">
          <a
            className="btn btn-secondary"
            href={reportDownloadUrl('report.workbook', reviewId)}
            download
          >
            Data workbook (XLSX)
          </a>
          <a
            className="btn btn-secondary"
            href={reportDownloadUrl('report.bundle', reviewId)}
            download
          >
            Reproducibility bundle (ZIP)
          </a>
          <span className="muted">
            Every stage&apos;s data with a manifest of hashes:{' '}
            <code>reviewbench bundle verify</code> checks it, <code>reviewbench bundle import</code>{' '}
            rebuilds the review.
          </span>
        </div>
      ) : null}
    </Panel>
  );
}
