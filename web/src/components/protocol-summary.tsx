import type { ReactNode } from 'react';
import type { ReviewProtocol } from '#core/protocol/index';
import { useReview } from './review-context';
import { useApiQuery } from './use-api';

/**
 * The protocol beside a decision: the question, its framework's elements, the criteria and
 * what it planned for this stage, folded into one line until opened. Nothing when no protocol
 * is written yet.
 */
export function ProtocolSummary({ plan }: { plan?: 'charting' | 'appraisal' }): ReactNode {
  const { reviewId } = useReview();
  const query = useApiQuery('protocol.show', { reviewId });
  const p = query.data?.protocol as ReviewProtocol | undefined;
  if (!p || Object.keys(p).length === 0) return null;
  const elements: [string, string | undefined][] =
    p.framework === 'PICO'
      ? [
          ['Population', p.population],
          ['Intervention', p.intervention],
          ['Comparator', p.comparator],
          ['Outcomes', p.outcomes],
        ]
      : [
          ['Population', p.population],
          ['Concept', p.concept],
          ['Context', p.context],
        ];
  const planned = plan ? p[plan] : undefined;
  return (
    <details className="note protocol-summary" data-testid="protocol-summary">
      <summary>
        Protocol (version {query.data?.version}){p.question ? `: ${p.question}` : ''}
      </summary>
      <dl>
        {elements
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        {p.inclusionCriteria?.length ? (
          <div>
            <dt>Include</dt>
            <dd>{p.inclusionCriteria.join('; ')}</dd>
          </div>
        ) : null}
        {p.exclusionCriteria?.length ? (
          <div>
            <dt>Exclude</dt>
            <dd>{p.exclusionCriteria.join('; ')}</dd>
          </div>
        ) : null}
        {planned ? (
          <div>
            <dt>Planned {plan}</dt>
            <dd>{planned}</dd>
          </div>
        ) : null}
      </dl>
    </details>
  );
}
