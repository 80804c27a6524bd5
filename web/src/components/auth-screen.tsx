import { useState } from 'react';
import type { ReactNode } from 'react';
import { signIn, signUp } from '#web/api';
import { AccountForm, AuthCard } from './account-form';
import { useApiQuery } from './use-api';

/**
 * Sign in. On an open server anyone may also create an account (they see no review until a
 * lead invites them); on an invite-only server, the default, new people come in through an
 * invitation link, and the first administrator through the setup link.
 */
export function AuthScreen({ onSignedIn }: { onSignedIn: () => Promise<void> }): ReactNode {
  const info = useApiQuery('server.info', {});
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const open = info.data?.signUpMode === 'open';
  const signingUp = open && mode === 'sign-up';

  return (
    <AuthCard>
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
        {open ? (
          <button
            type="button"
            role="tab"
            aria-selected={signingUp}
            className="tab"
            onClick={() => setMode('sign-up')}
          >
            Create account
          </button>
        ) : null}
      </div>
      <AccountForm
        key={signingUp ? 'sign-up' : 'sign-in'}
        creating={signingUp}
        submitLabel={signingUp ? 'Create account' : 'Sign in'}
        onSubmit={async ({ name, email, password }) => {
          if (signingUp) await signUp(name, email, password);
          else await signIn(email, password);
          await onSignedIn();
        }}
      />
      {info.data?.needsSetup ? (
        <p className="note note-warn" role="note">
          <span>
            This server has no administrator yet. Open the setup link <code>reviewbench serve</code>{' '}
            printed when it started, or run <code>reviewbench admin create</code>.
          </span>
        </p>
      ) : info.data && !open ? (
        <p className="muted">
          New here? Accounts on this server are made from an invitation: ask a review&apos;s lead
          for an invitation link.
        </p>
      ) : null}
    </AuthCard>
  );
}
