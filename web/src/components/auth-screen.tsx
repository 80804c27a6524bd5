import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { signIn, signUp } from '#web/api';
import { useAction } from './use-api';
import { Button, ErrorNote } from './ui';

/** Sign in, or create an account (the first account becomes the administrator). */
export function AuthScreen({ onSignedIn }: { onSignedIn: () => Promise<void> }): ReactNode {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const done = await action.run(async () => {
      if (mode === 'sign-up') await signUp(name.trim() || email, email.trim(), password);
      else await signIn(email.trim(), password);
      return true;
    });
    if (done) await onSignedIn();
  };

  const signingUp = mode === 'sign-up';
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
        <div className="tabs" role="tablist" aria-label="Account">
          <button
            type="button"
            role="tab"
            aria-selected={!signingUp}
            className="tab"
            onClick={() => setMode('sign-in')}
          >
            Sign in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={signingUp}
            className="tab"
            onClick={() => setMode('sign-up')}
          >
            Create account
          </button>
        </div>
        <form
          onSubmit={(e) => void submit(e)}
          className="form"
          aria-label={signingUp ? 'Create account' : 'Sign in'}
        >
          {signingUp ? (
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
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              minLength={8}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          <ErrorNote error={action.error} />
          <Button type="submit" variant="primary" busy={action.busy}>
            {signingUp ? 'Create account' : 'Sign in'}
          </Button>
        </form>
      </div>
    </main>
  );
}
