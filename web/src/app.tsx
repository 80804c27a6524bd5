import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, callApi, signOut } from '#web/api';
import type { MeResult } from '#web/api';
import { AuthScreen } from '#web/components/auth-screen';
import { InvitationScreen, SetupScreen } from '#web/components/invitation-screen';
import { ReviewsScreen } from '#web/components/reviews-screen';
import { ReviewShell } from '#web/components/review-shell';
import { ErrorNote, Loading } from '#web/components/ui';
import { hrefTo, navigate, useRoute } from '#web/router';

type Session =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; me: MeResult }
  | { state: 'failed'; error: Error };

/** The whole app: who is signed in, then the screen the route names. */
export function App(): ReactNode {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const route = useRoute();

  const loadMe = useCallback(async () => {
    try {
      setSession({ state: 'signed-in', me: await callApi('me', {}) });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403))
        setSession({ state: 'signed-out' });
      else setSession({ state: 'failed', error: error as Error });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  if (session.state === 'loading') return <Loading what="ReviewBench" />;
  if (session.state === 'failed') {
    return (
      <main className="page narrow">
        <ErrorNote error={session.error} />
      </main>
    );
  }
  // Invitation and setup links work signed in or out.
  const me = session.state === 'signed-in' ? session.me : undefined;
  if (route[0] === 'invite' && route[1])
    return <InvitationScreen key={route[1]} token={route[1]} me={me} onSignedIn={loadMe} />;
  if (route[0] === 'setup' && route[1])
    return <SetupScreen token={route[1]} me={me} onSignedIn={loadMe} />;
  if (!me) return <AuthScreen onSignedIn={loadMe} />;

  const onSignOut = async (): Promise<void> => {
    await signOut().catch(() => undefined);
    navigate('/');
    setSession({ state: 'signed-out' });
  };
  const reviewId = route[0] === 'reviews' && route[1] ? Number(route[1]) : undefined;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={hrefTo('/')}>
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          ReviewBench
        </a>
        <div className="topbar-user">
          <span className="muted" title={me.user.email}>
            {me.user.name || me.user.email}
            {me.user.admin ? ' · admin' : ''}
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => void onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {reviewId !== undefined && Number.isInteger(reviewId) ? (
          <ReviewShell key={reviewId} reviewId={reviewId} route={route.slice(2)} me={me} />
        ) : (
          <ReviewsScreen me={me} onChanged={loadMe} />
        )}
      </main>
    </>
  );
}
