import { useState } from 'react';
import type { ReactNode } from 'react';
import { callApi, signIn, signOut, signUp } from '#web/api';
import type { MeResult } from '#web/api';
import { navigate } from '#web/router';
import { AccountForm, AuthCard } from './account-form';
import { formatDate } from './format';
import { describeRole } from './roles';
import { useAction, useApiQuery } from './use-api';
import { Button, ErrorNote, Loading } from './ui';

/** A page a link opens, signed in (`me`) or not. */
interface LinkScreenProps {
  token: string;
  me: MeResult | undefined;
  /** Reloads the session after signing in, up or out. */
  onSignedIn: () => Promise<void>;
}

/**
 * An invitation link (`#/invite/<token>`): what it offers, then a way in. Someone new creates
 * an account with it (and joins at once); someone with an account signs in and accepts; a
 * signed-in person accepts with one click. The token is spent only when someone joins.
 */
export function InvitationScreen({ token, me, onSignedIn }: LinkScreenProps): ReactNode {
  const preview = useApiQuery('invitations.show', { token });
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  const accept = useAction();

  const joined = async (reviewId: number): Promise<void> => {
    await onSignedIn();
    navigate(`/reviews/${reviewId}`);
  };

  if (preview.error) {
    return (
      <AuthCard>
        <h2>This invitation cannot be used</h2>
        <ErrorNote error={preview.error} />
        <p className="muted">Ask the review&apos;s lead for a new invitation link.</p>
        <a className="link" href="#/">
          Go to sign in
        </a>
      </AuthCard>
    );
  }
  const invitation = preview.data;
  if (!invitation) return <Loading what="the invitation" />;
  const role = describeRole(invitation.role);
  const wrongAccount =
    me && invitation.email && me.user.email.toLowerCase() !== invitation.email.toLowerCase();

  return (
    <AuthCard>
      <section aria-label="Invitation" className="stack-sm">
        <h2>You are invited to join “{invitation.reviewTitle}”</h2>
        <p>
          as <strong>{role.label}</strong>: {role.does}.
        </p>
        <p className="muted">
          {invitation.email ? `For ${invitation.email} only. ` : ''}
          Valid until {formatDate(invitation.expiresAt)}; it works once.
        </p>
      </section>
      {me ? (
        <div className="stack-sm">
          <p>
            Signed in as <strong>{me.user.email}</strong>.
          </p>
          {wrongAccount ? (
            <p className="note note-warn" role="note">
              <span>This invitation is for {invitation.email}. Sign out and use that account.</span>
            </p>
          ) : null}
          <ErrorNote error={accept.error} />
          <div className="form-actions">
            <Button
              variant="primary"
              busy={accept.busy}
              disabled={Boolean(wrongAccount)}
              onClick={() =>
                void accept.run(async () => {
                  const result = await callApi('invitations.accept', { token });
                  await joined(result.reviewId);
                })
              }
            >
              Join the review
            </Button>
            <Button
              variant="ghost"
              onClick={() =>
                void (async () => {
                  await signOut().catch(() => undefined);
                  await onSignedIn();
                })()
              }
            >
              Sign out
            </Button>
          </div>
        </div>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Account">
            <button
              type="button"
              role="tab"
              aria-selected={mode === 'sign-up'}
              className="tab"
              onClick={() => setMode('sign-up')}
            >
              Create account
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={mode === 'sign-in'}
              className="tab"
              onClick={() => setMode('sign-in')}
            >
              I have an account
            </button>
          </div>
          <AccountForm
            key={mode}
            creating={mode === 'sign-up'}
            lockedEmail={invitation.email}
            submitLabel={mode === 'sign-up' ? 'Create account and join' : 'Sign in and join'}
            onSubmit={async ({ name, email, password }) => {
              if (mode === 'sign-up') {
                await signUp(name, email, password, { invitation: token });
              } else {
                await signIn(email, password);
                await callApi('invitations.accept', { token });
              }
              await joined(invitation.reviewId);
            }}
          />
        </>
      )}
    </AuthCard>
  );
}

/**
 * The setup link (`#/setup/<token>`) `reviewbench serve` prints while the server has no
 * administrator: it creates the administrator's account, once.
 */
export function SetupScreen({ me, token, onSignedIn }: LinkScreenProps): ReactNode {
  return (
    <AuthCard>
      <section aria-label="Set up" className="stack-sm">
        <h2>Set up this server</h2>
        <p>
          Create the administrator&apos;s account. The administrator creates reviews, invites their
          leads and may open every review on this server.
        </p>
      </section>
      {me ? (
        <p className="note note-warn" role="note">
          <span>
            You are signed in as {me.user.email}. Sign out first to create the administrator.
          </span>
        </p>
      ) : (
        <AccountForm
          creating
          submitLabel="Create administrator"
          onSubmit={async ({ name, email, password }) => {
            await signUp(name, email, password, { setup: token });
            await onSignedIn();
            navigate('/');
          }}
        />
      )}
    </AuthCard>
  );
}
