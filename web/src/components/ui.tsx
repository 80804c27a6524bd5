// Small building blocks shared by every screen.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** A spinner that screen readers skip (the surrounding text says what is happening). */
export function Spinner({ label }: { label?: string }): ReactNode {
  return (
    <span className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      {label ? <span>{label}</span> : null}
    </span>
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy?: boolean;
  variant?: 'primary' | 'secondary' | 'ghost' | 'include' | 'exclude' | 'maybe' | 'danger';
  shortcut?: string;
}

/** A button that shows progress while its action runs and its keyboard shortcut. */
export function Button({
  busy,
  variant = 'secondary',
  shortcut,
  children,
  className,
  disabled,
  ...rest
}: ButtonProps): ReactNode {
  return (
    <button
      type="button"
      className={`btn btn-${variant}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      aria-keyshortcuts={shortcut}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
      {shortcut ? (
        <kbd className="kbd" aria-hidden="true">
          {shortcut}
        </kbd>
      ) : null}
    </button>
  );
}

/** An error the user should read; announced at once. */
export function ErrorNote({
  error,
  onDismiss,
}: {
  error: Error | undefined;
  onDismiss?: () => void;
}): ReactNode {
  if (!error) return null;
  return (
    <div className="note note-error" role="alert">
      <span>{error.message}</span>
      {onDismiss ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

/** A labelled progress bar; `value` of `max`. */
export function ProgressBar({
  value,
  max,
  label,
}: {
  value: number;
  max: number;
  label: string;
}): ReactNode {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** A panel with a heading. */
export function Panel({
  title,
  actions,
  children,
  className,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}): ReactNode {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** One big number with its label. */
export function Stat({
  label,
  value,
  tone,
}: {
  label: string;
  value: ReactNode;
  tone?: 'good' | 'warn';
}): ReactNode {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** Loading placeholder for a screen or panel. */
export function Loading({ what }: { what: string }): ReactNode {
  return (
    <div className="loading" role="status">
      <Spinner label={`Loading ${what}…`} />
    </div>
  );
}
