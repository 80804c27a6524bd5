import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useAction } from './use-api';
import { Button, ErrorNote } from './ui';

export interface AccountFields {
  name: string;
  email: string;
  password: string;
}

/**
 * The email and password form every way in shares: signing in, creating an account, or
 * creating one from an invitation or the setup link. `lockedEmail` fixes the email (an
 * invitation bound to one address).
 */
export function AccountForm({
  creating,
  submitLabel,
  lockedEmail,
  onSubmit,
}: {
  /** Asks for a name and a new password. */
  creating: boolean;
  submitLabel: string;
  lockedEmail?: string;
  /** Resolves once done; a thrown error is shown under the form and nothing is lost. */
  onSubmit: (fields: AccountFields) => Promise<void>;
}): ReactNode {
  const [name, setName] = useState('');
  const [email, setEmail] = useState(lockedEmail ?? '');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = (lockedEmail ?? email).trim();
    await action.run(() => onSubmit({ name: name.trim() || trimmed, email: trimmed, password }));
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="form" aria-label={submitLabel}>
      {creating ? (
        <label className="field">
          <span>Name</span>
          <input
            name="name"
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
      ) : null}
      <label className="field">
        <span>Email</span>
        <input
          name="email"
          type="email"
          autoComplete="email"
          value={lockedEmail ?? email}
          readOnly={lockedEmail !== undefined}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete={creating ? 'new-password' : 'current-password'}
          minLength={creating ? 10 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {creating ? (
          <small className="muted">At least 10 characters, and not a common password.</small>
        ) : null}
      </label>
      <ErrorNote error={action.error} />
      <Button type="submit" variant="primary" busy={action.busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** The card every signed-out page sits in: the brand, a line of purpose, the content. */
export function AuthCard({ children }: { children: ReactNode }): ReactNode {
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <h1 className="auth-title">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          ReviewBench
        </h1>
        <p className="muted">Scoping and systematic reviews, from protocol to PRISMA.</p>
        {children}
      </div>
    </main>
  );
}
