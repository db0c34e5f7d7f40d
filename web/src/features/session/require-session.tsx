import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import type { Action } from '../../api/types.ts';
import { ForbiddenResult } from '../../components/forbidden-result.tsx';
import { Loading } from '../../components/loading.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { ServiceUnavailable } from '../../components/service-unavailable.tsx';
import { sessionGate } from './session-gate.ts';
import { sessionPaths, withNext } from './session-paths.ts';
import { useSession } from './use-session.ts';

/**
 * The pages behind sign-in: signed out → the login page, which brings the person back here;
 * a password change pending → the change-password page first.
 */
export function RequireSession() {
  const { session, isPending, error, signingOut, refresh } = useSession();
  const { pathname, search } = useLocation();
  switch (sessionGate({ session, isPending, error, signingOut, pathname })) {
    case 'wait':
      return <Loading />;
    case 'unavailable':
      return <ServiceUnavailable onRetry={() => void refresh()} />;
    case 'failed':
      return <QueryError error={error} onRetry={() => void refresh()} />;
    case 'sign_in':
      return <Navigate replace to={withNext(sessionPaths.login, `${pathname}${search}`)} />;
    case 'change_password':
      return <Navigate replace to={withNext(sessionPaths.password, `${pathname}${search}`)} />;
    case 'open':
      return <Outlet />;
  }
}

/**
 * A page for the holders of one ability. The server refuses the data anyway; this only spares
 * the person a page of errors when they follow an old link.
 */
export function RequireAbility({ action, children }: { action: Action; children: ReactNode }) {
  const { can } = useSession();
  return can(action) ? children : <ForbiddenResult />;
}

/**
 * The public pages stay public, but an account that must change its password is sent to do so
 * (the server refuses every other call until then).
 */
export function PasswordChangeGate() {
  const { session } = useSession();
  const { pathname, search } = useLocation();
  if (session?.must_change_password && pathname !== sessionPaths.password) {
    return <Navigate replace to={withNext(sessionPaths.password, `${pathname}${search}`)} />;
  }
  return <Outlet />;
}
