import { useState } from 'react';
import type { ReactNode } from 'react';
import { PRISMA_FORMATS, prismaUrl } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel, Stat } from '#web/components/ui';
import { ChecklistPanel, PackagePanel } from './report-package';

const FORMAT_LABELS: Record<(typeof PRISMA_FORMATS)[number], string> = {
  svg: 'SVG',
  png: 'PNG',
  pdf: 'PDF',
  csv: 'CSV',
};

/** Report: the live PRISMA flow diagram, what is still pending, and its downloads. */
export function ReportScreen(): ReactNode {
  const { reviewId } = useReview();
  const counts = useApiQuery('report.prismaCounts', { reviewId });
  const [version, setVersion] = useState(() => Date.now());
  const [imageState, setImageState] = useState<'loading' | 'ready' | 'failed'>('loading');

  const refresh = async (): Promise<void> => {
    setImageState('loading');
    setVersion(Date.now());
    await counts.reload();
  };

  const pending = counts.data?.pending;
  const c = counts.data?.counts;
  return (
    <div className="stack">
      <Panel
        title="PRISMA flow diagram"
        actions={
          <>
            <Button variant="ghost" busy={counts.loading} onClick={() => void refresh()}>
              Refresh
            </Button>
            {PRISMA_FORMATS.map((format) => (
              <a
                key={format}
                className="btn btn-secondary"
                href={prismaUrl(reviewId, format)}
                download
              >
                {FORMAT_LABELS[format]}
              </a>
            ))}
          </>
        }
      >
        {c ? (
          <div className="stats" aria-live="polite">
            <Stat
              label="records identified"
              value={((c.database_results ?? 0) + (c.register_results ?? 0)).toLocaleString()}
            />
            <Stat label="duplicates removed" value={(c.duplicates ?? 0).toLocaleString()} />
            <Stat label="records screened" value={(c.records_screened ?? 0).toLocaleString()} />
            <Stat label="records excluded" value={(c.records_excluded ?? 0).toLocaleString()} />
            <Stat
              label="studies included"
              value={(c.new_studies ?? 0).toLocaleString()}
              tone="good"
            />
          </div>
        ) : null}
        {pending &&
        pending.awaitingScreening + pending.awaitingFullTextDecision + pending.awaitingRetrieval >
          0 ? (
          <p className="note note-warn">
            Still in progress: {pending.awaitingScreening} records awaiting screening,{' '}
            {pending.awaitingRetrieval} reports awaiting retrieval,{' '}
            {pending.awaitingFullTextDecision} awaiting a full-text decision. The diagram shows the
            counts so far.
          </p>
        ) : null}
        <ErrorNote error={counts.error} />
        <div className="diagram" aria-busy={imageState === 'loading'}>
          {imageState === 'loading' ? <Loading what="diagram" /> : null}
          {imageState === 'failed' ? (
            <p className="note note-error">The diagram could not be drawn. Try Refresh.</p>
          ) : null}
          <img
            key={version}
            src={prismaUrl(reviewId, 'svg', version)}
            alt={
              c
                ? `PRISMA flow diagram: ${c.database_results ?? 0} records from databases, ${c.duplicates ?? 0} duplicates removed, ${c.records_screened ?? 0} screened, ${c.records_excluded ?? 0} excluded, ${c.new_studies ?? 0} studies included.`
                : 'PRISMA flow diagram'
            }
            className={imageState === 'ready' ? 'diagram-img' : 'diagram-img diagram-hidden'}
            onLoad={() => setImageState('ready')}
            onError={() => setImageState('failed')}
          />
        </div>
      </Panel>
      {counts.data === undefined && !counts.error ? <Loading what="counts" /> : null}
      <PackagePanel />
      <ChecklistPanel />
    </div>
  );
}
