import { Suspense, lazy, useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { STAGES } from '#core/domain/stages';
import type { Stage } from '#core/domain/stages';
import type { MeResult } from '#web/api';
import { hrefTo } from '#web/router';
import { ReviewContext } from './review-context';
import { useApiQuery } from './use-api';
import { ErrorNote, Loading } from './ui';

// Stage screens are loaded on first visit so the first page stays small.
const IdentifyScreen = lazy(() =>
  import('#web/stages/identify/identify-screen').then((m) => ({ default: m.IdentifyScreen })),
);
const DeduplicateScreen = lazy(() =>
  import('#web/stages/deduplicate/deduplicate-screen').then((m) => ({
    default: m.DeduplicateScreen,
  })),
);
const ScreenStageScreen = lazy(() =>
  import('#web/stages/screen/screen-screen').then((m) => ({ default: m.ScreenScreen })),
);
const RetrieveScreen = lazy(() =>
  import('#web/stages/retrieve/retrieve-screen').then((m) => ({ default: m.RetrieveScreen })),
);
const ExtractScreen = lazy(() =>
  import('#web/stages/extract/extract-screen').then((m) => ({ default: m.ExtractScreen })),
);
const AppraiseScreen = lazy(() =>
  import('#web/stages/appraise/appraise-screen').then((m) => ({ default: m.AppraiseScreen })),
);
const SynthesiseScreen = lazy(() =>
  import('#web/stages/synthesise/synthesise-screen').then((m) => ({ default: m.SynthesiseScreen })),
);
const ReportScreen = lazy(() =>
  import('#web/stages/report/report-screen').then((m) => ({ default: m.ReportScreen })),
);
const RecordsScreen = lazy(() =>
  import('#web/stages/records/records-screen').then((m) => ({ default: m.RecordsScreen })),
);
const ProtocolScreen = lazy(() =>
  import('#web/stages/protocol/protocol-screen').then((m) => ({ default: m.ProtocolScreen })),
);
const TeamScreen = lazy(() =>
  import('#web/stages/team/team-screen').then((m) => ({ default: m.TeamScreen })),
);

/** The pipeline stages that have a screen, by name; the tabs follow `STAGES`' order. */
const STAGE_LABELS = {
  identify: 'Identify',
  deduplicate: 'Deduplicate',
  screen: 'Screen',
  retrieve: 'Retrieve',
  extract: 'Extract',
  appraise: 'Appraise',
  synthesise: 'Synthesise',
  report: 'Report',
} as const satisfies Partial<Record<Stage, string>>;
type ShownStage = keyof typeof STAGE_LABELS;
const isShown = (stage: Stage): stage is ShownStage => stage in STAGE_LABELS;

const STAGE_TABS = [
  // Before every stage: the protocol they follow.
  { id: 'protocol', label: 'Protocol', numbered: false },
  ...STAGES.filter(isShown).map((id) => ({ id, label: STAGE_LABELS[id], numbered: true })),
  // Not stages: every record, and the review's team.
  { id: 'records', label: 'Records', numbered: false },
  { id: 'team', label: 'Team', numbered: false },
] as const;

type TabId = ShownStage | 'protocol' | 'records' | 'team';

/** One review: its header, the stage tabs the user may see, and the open stage. */
export function ReviewShell({
  reviewId,
  route,
  me,
}: {
  reviewId: number;
  route: string[];
  me: MeResult;
}): ReactNode {
  const query = useApiQuery('reviews.get', { reviewId });
  const detail = query.data;
  const value = useMemo(
    () => (detail ? { reviewId, detail, me, reload: query.reload } : undefined),
    [reviewId, detail, me, query.reload],
  );

  const tab = route[0];
  const { reload } = query;
  useEffect(() => {
    // Counts in the header and the policies change as the team works: refresh on every stage switch.
    void reload();
  }, [tab, reload]);

  if (query.error && !detail) {
    return (
      <div className="page">
        <ErrorNote error={query.error} />
        <a href={hrefTo('/')}>Back to reviews</a>
      </div>
    );
  }
  if (!value || !detail) return <Loading what="review" />;

  const can = detail.policies.can;
  const visible: Record<TabId, boolean> = {
    identify: true,
    deduplicate: true,
    screen: can.screen || can.resolve,
    retrieve: true,
    extract: can.extract || can.viewExtraction || can.configure,
    appraise: can.appraise || can.viewAppraisal,
    synthesise: true,
    report: can.viewReport,
    protocol: true,
    records: true,
    team: true,
  };
  const tabs = STAGE_TABS.filter((tab) => visible[tab.id]);
  const requested = (route[0] ?? 'identify') as TabId;
  const current: TabId = tabs.some((t) => t.id === requested) ? requested : 'identify';

  return (
    <ReviewContext.Provider value={value}>
      <div className="review-head">
        <div className="review-title-row">
          <a className="crumb" href={hrefTo('/')}>
            Reviews
          </a>
          <span aria-hidden="true" className="crumb-sep">
            /
          </span>
          <h1 className="review-title">{detail.review.title}</h1>
          <span className="chip">{detail.review.type}</span>
          {detail.role ? <span className="chip chip-quiet">{detail.role}</span> : null}
          <span className="muted review-count">
            {detail.status.records.toLocaleString()} record{detail.status.records === 1 ? '' : 's'}
          </span>
        </div>
        <nav className="stage-nav" aria-label="Review stages">
          {tabs.map((tab) => (
            <a
              key={tab.id}
              href={hrefTo(`/reviews/${reviewId}/${tab.id}`)}
              className="stage-link"
              aria-current={tab.id === current ? 'page' : undefined}
            >
              {tab.numbered ? (
                <span className="stage-num" aria-hidden="true">
                  {tabs.filter((t) => t.numbered).indexOf(tab) + 1}
                </span>
              ) : null}
              {tab.label}
            </a>
          ))}
        </nav>
      </div>
      <div className="page">
        <Suspense fallback={<Loading what={current} />}>
          {current === 'identify' ? <IdentifyScreen /> : null}
          {current === 'deduplicate' ? <DeduplicateScreen /> : null}
          {current === 'screen' ? <ScreenStageScreen view={route[1]} /> : null}
          {current === 'retrieve' ? <RetrieveScreen /> : null}
          {current === 'extract' ? <ExtractScreen view={route.slice(1)} /> : null}
          {current === 'appraise' ? <AppraiseScreen view={route.slice(1)} /> : null}
          {current === 'synthesise' ? <SynthesiseScreen /> : null}
          {current === 'report' ? <ReportScreen /> : null}
          {current === 'protocol' ? <ProtocolScreen /> : null}
          {current === 'records' ? <RecordsScreen /> : null}
          {current === 'team' ? <TeamScreen /> : null}
        </Suspense>
      </div>
    </ReviewContext.Provider>
  );
}
