import type { ReactNode } from 'react';
import { Button } from './ui';

/** One disagreement: what it is about, and each person's answer with its evidence. */
export interface Disagreement {
  key: string;
  /** The field or domain, a chip or two, the study. */
  head: ReactNode;
  answers: {
    who: string;
    value: string;
    /** A quote, a proposal and its reason, or a "no quote" mark. */
    evidence?: ReactNode;
    /** Settles the disagreement with this answer (absent for a blank). */
    use?: () => void;
  }[];
}

/**
 * The lead's queue of disagreements (charting and appraisal alike): each one with every
 * person's answer side by side and a button to settle it with one of them.
 */
export function SideBySide({
  items,
  busy,
  testId,
  useLabel,
}: {
  items: readonly Disagreement[];
  busy: boolean;
  testId: string;
  /** The settling button's words for one person ("Use ana’s answer"). */
  useLabel: (who: string) => string;
}): ReactNode {
  return (
    <ul className="reconcile" data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className="reconcile-item">
          <div className="reconcile-head">{item.head}</div>
          <div className="reconcile-answers">
            {item.answers.map((a) => (
              <div key={a.who} className="reconcile-answer">
                <div className="muted">{a.who}</div>
                <div className="reconcile-value">{a.value}</div>
                {a.evidence}
                {a.use ? (
                  <Button busy={busy} onClick={a.use}>
                    {useLabel(a.who)}
                  </Button>
                ) : null}
              </div>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
