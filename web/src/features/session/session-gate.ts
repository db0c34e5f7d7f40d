import { isServiceUnavailable } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
import { sessionPaths } from './session-paths.ts';

/** What a page behind sign-in shows, given what is known of the session. */
export type SessionGate =
  /** The first answer is awaited, or a sign-out is on its way to the public page. */
  | 'wait'
  /** Nothing is known because the service does not answer: say so, keep the state, offer a retry. */
  | 'unavailable'
  /** Nothing is known for another reason (the network): the error and a retry. */
  | 'failed'
  | 'sign_in'
  | 'change_password'
  | 'open';

export interface SessionState {
  /** undefined while unknown; null when signed out. */
  session: Session | null | undefined;
  isPending: boolean;
  /** The last failure of reading the session (kept beside the last known session). */
  error: unknown;
  signingOut: boolean;
  pathname: string;
}

/**
 * The gate of the signed-in pages. A failed read never signs anyone out: a session known before
 * stays open (the pages' own requests show what fails), and with none known yet an unavailable
 * service is shown as such, never as the login page.
 */
export function sessionGate({ session, isPending, error, signingOut, pathname }: SessionState): SessionGate {
  if (isPending || (signingOut && !session)) return 'wait';
  if (session) return session.must_change_password && pathname !== sessionPaths.password ? 'change_password' : 'open';
  if (error) return isServiceUnavailable(error) ? 'unavailable' : 'failed';
  return 'sign_in';
}
