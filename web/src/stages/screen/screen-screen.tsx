import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ScreenStage } from '#web/api';
import { useReview } from '#web/components/review-context';
import { hrefTo } from '#web/router';
import { AgreementView } from './agreement-view';
import { ConflictsView } from './conflicts-view';
import { ScreeningView } from './screening-view';
import { SettingsView } from './settings-view';

const VIEWS = [
  { id: 'records', label: 'Screen records' },
  { id: 'conflicts', label: 'Conflicts' },
  { id: 'agreement', label: 'Agreement' },
  { id: 'settings', label: 'Settings' },
] as const;

/** Screen: screening one record at a time, conflicts, agreement and the lead's settings. */
export function ScreenScreen({ view }: { view?: string }): ReactNode {
  const { reviewId, detail } = useReview();
  const can = detail.policies.can;
  const [stage, setStage] = useState<ScreenStage>('ti-ab');
  const allowed = VIEWS.filter((v) =>
    v.id === 'records'
      ? can.screen
      : v.id === 'conflicts'
        ? can.resolve
        : v.id === 'settings'
          ? can.configure
          : can.viewAgreement,
  );
  const current = allowed.find((v) => v.id === view) ?? allowed[0];
  return (
    <div className="stack">
      <div className="subnav">
        <nav aria-label="Screening views" className="subnav-links">
          {allowed.map((v) => (
            <a
              key={v.id}
              className="subnav-link"
              href={hrefTo(`/reviews/${reviewId}/screen/${v.id}`)}
              aria-current={v.id === current?.id ? 'page' : undefined}
            >
              {v.label}
            </a>
          ))}
        </nav>
        {current?.id !== 'settings' ? (
          <label className="stage-select">
            <span>Stage</span>
            <select value={stage} onChange={(e) => setStage(e.target.value as ScreenStage)}>
              <option value="ti-ab">Title and abstract</option>
              <option value="full-text">Full text</option>
            </select>
          </label>
        ) : null}
      </div>
      {current?.id === 'records' ? <ScreeningView stage={stage} /> : null}
      {current?.id === 'conflicts' ? <ConflictsView stage={stage} /> : null}
      {current?.id === 'agreement' ? <AgreementView stage={stage} /> : null}
      {current?.id === 'settings' ? <SettingsView /> : null}
    </div>
  );
}
