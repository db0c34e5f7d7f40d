import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, api, rememberCsrfToken, setSessionProblemHandler, type SessionProblem } from '../../api/client.ts';
import { privateKey } from '../../api/private-queries.ts';
import type { Action, Session } from '../../api/types.ts';
import { readSession } from './read-session.ts';
import { sessionPaths, withNext } from './session-paths.ts';
import { SessionContext, sessionKey, type SessionValue } from './use-session.ts';

function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/**
 * The session of this browser, read once from GET /api/session and kept by TanStack Query. It
 * also answers the API client when a call finds the session gone (idle 30 min, 12 h at most,
 * signed out elsewhere) or a password change pending, by sending the person where they can act,
 * and when the service does not answer, by saying so while keeping the signed-in state.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: sessionKey,
    queryFn: ({ signal }) => readSession(signal),
    // Another tab may sign out or in: look again when the person comes back to this one.
    staleTime: 60 * 1000,
    refetchOnWindowFocus: true,
  });

  /**
   * Answers refused under the previous state of the session (the policy itself, while a password
   * change was pending) may be given now: ask again instead of keeping the error on screen.
   */
  const retryRefused = useCallback(() => {
    void queryClient.invalidateQueries({ predicate: (cached) => cached.state.status === 'error' });
  }, [queryClient]);

  const forget = useCallback(() => {
    rememberCsrfToken(undefined);
    queryClient.setQueryData<Session | null>(sessionKey, null);
    queryClient.removeQueries({ queryKey: [privateKey] });
  }, [queryClient]);

  /**
   * Signing out leaves for the public home page. React Router moves in a transition, after the
   * session is already gone; until it arrives, the private page left behind must not take
   * "signed out" for "session lost" and send the person to the login page.
   */
  const [signingOut, setSigningOut] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setSigningOut(false), [pathname]);
  const leave = useCallback(() => {
    setSigningOut(true);
    void navigate('/', { replace: true });
    forget();
  }, [navigate, forget]);

  useEffect(
    () =>
      setSessionProblemHandler((problem: SessionProblem) => {
        const here = currentPath();
        if (problem === 'unavailable') {
          // Nothing is known of the session: it stays as it is, and the person is told to retry.
          void message.warning({ content: t('session.unavailable'), key: 'service-unavailable' });
          return;
        }
        if (signingOut) return;
        if (problem === 'unauthenticated') {
          forget();
          if (window.location.pathname === sessionPaths.login) return;
          void message.warning({ content: t('session.expired'), key: 'session-expired' });
          void navigate(withNext(sessionPaths.login, here), { replace: true });
        } else {
          void queryClient.invalidateQueries({ queryKey: sessionKey });
          if (window.location.pathname === sessionPaths.password) return;
          void navigate(withNext(sessionPaths.password, here), { replace: true });
        }
      }),
    [forget, message, navigate, queryClient, signingOut, t],
  );

  const { data: session, isPending, error, refetch } = query;
  const value = useMemo<SessionValue>(
    () => ({
      session,
      isPending,
      error,
      signingOut,
      can: (action: Action) => session?.abilities[action] !== undefined,
      signedIn: (next: Session) => {
        setSigningOut(false);
        queryClient.removeQueries({ queryKey: [privateKey] });
        retryRefused();
        rememberCsrfToken(next.csrf_token);
        queryClient.setQueryData<Session | null>(sessionKey, next);
      },
      refresh: async () => {
        const result = await refetch();
        retryRefused();
        return result.data ?? null;
      },
      signOut: async () => {
        try {
          await api.signOut();
        } catch (failure) {
          // Already signed out (expired, revoked): the goal is reached all the same.
          if (!(failure instanceof ApiError && failure.status === 401)) throw failure;
        }
        leave();
      },
      signOutEverywhere: async () => {
        await api.signOutEverywhere();
        leave();
      },
    }),
    [session, isPending, error, signingOut, refetch, queryClient, forget, leave, retryRefused],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
