import type { ReactNode } from 'react';
import type { ScreenStage } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Stat } from '#web/components/ui';

const fmt = (value: number | undefined, digits = 2): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
const pct = (value: number | undefined): string =>
  value === undefined ? '—' : `${Math.round(value * 100)}%`;

/** Inter-rater agreement: Cohen's kappa and friends per reviewer pair, Fleiss' kappa overall. */
export function AgreementView({ stage }: { stage: ScreenStage }): ReactNode {
  const { reviewId } = useReview();
  const query = useApiQuery('screen.agreement', { reviewId, stage });
  if (!query.data)
    return query.error ? <ErrorNote error={query.error} /> : <Loading what="agreement" />;
  const { pairs = [], overall, raters = [] } = query.data;
  return (
    <div className="stack">
      <div className="stats" aria-live="polite">
        <Stat label="reviewers" value={raters.length} />
        <Stat
          label="records with two or more votes (agreement is measured on these)"
          value={overall?.multiplyRated ?? 0}
        />
        <Stat label="records with any vote" value={overall?.n ?? '—'} />
        <Stat label="Fleiss' κ, all reviewers" value={fmt(overall?.kappa)} />
      </div>
      {overall ? (
        <p className="muted" data-testid="fleiss-detail">
          Fleiss&apos; κ {fmt(overall.kappa)} (SE {fmt(overall.se, 3)}; 95% CI {fmt(overall.ci[0])}{' '}
          to {fmt(overall.ci[1])}), observed agreement {pct(overall.pa)}, chance agreement{' '}
          {pct(overall.pe)}, over the {overall.multiplyRated} records screened by two or more
          reviewers.
        </p>
      ) : null}
      {pairs.length === 0 ? (
        <p className="muted">
          Agreement appears once two reviewers have screened the same records.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label="Agreement per reviewer pair">
            <thead>
              <tr>
                <th scope="col">Reviewers</th>
                <th scope="col" className="num">
                  Records
                </th>
                <th scope="col" className="num">
                  Agreement
                </th>
                <th scope="col" className="num">
                  Cohen&apos;s κ
                </th>
                <th scope="col" className="num">
                  SE
                </th>
                <th scope="col" className="num">
                  95% CI
                </th>
                <th scope="col" className="num">
                  PABAK
                </th>
                <th scope="col" className="num">
                  Gwet AC1
                </th>
                <th scope="col">Strength</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((pair) => (
                <tr key={`${pair.raterA}|${pair.raterB}`}>
                  <td>
                    {pair.raterA} · {pair.raterB}
                  </td>
                  <td className="num">{pair.stats?.n ?? 0}</td>
                  <td className="num">{pct(pair.stats?.percentAgreement)}</td>
                  <td className="num">{fmt(pair.stats?.cohen.kappa)}</td>
                  <td className="num">{fmt(pair.stats?.cohen.se, 3)}</td>
                  <td className="num">
                    {pair.stats
                      ? `${fmt(pair.stats.cohen.ci[0])} to ${fmt(pair.stats.cohen.ci[1])}`
                      : '—'}
                  </td>
                  <td className="num">{fmt(pair.stats?.brennanPrediger)}</td>
                  <td className="num">{fmt(pair.stats?.gwetAc1)}</td>
                  <td>
                    {pair.stats?.band ?? <span className="muted">not enough shared records</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
