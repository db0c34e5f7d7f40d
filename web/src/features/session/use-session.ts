import { createContext, useContext } from 'react';
import type { Action, Session } from '../../api/types.ts';

export interface SessionValue {
  /** undefined while the first answer is awaited; null when signed out. */
  session: Session | null | undefined;
  isPending: boolean;
  /** GET /api/session failed for another reason than "signed out" (network, server error). */
  error: unknown;
  /** Between "signed out" and arriving on the public page: private pages wait rather than ask for a sign-in. */
  signingOut: boolean;
  /** Does the server grant this action at all? The UI shows an item or button only then. */
  can(action: Action): boolean;
  /** Adopt the answer of a successful sign-in: drop the previous account's cached data. */
  signedIn(session: Session): void;
  /** Re-read the session, e.g. after the password was changed. */
  refresh(): Promise<Session | null>;
  /** Signs out and leaves for the public home page. */
  signOut(): Promise<void>;
  /** Ends every session of the account (all devices), then as signOut. */
  signOutEverywhere(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in account (if any) and what it may do; only inside <SessionProvider>. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession used outside <SessionProvider>');
  return value;
}

export const sessionKey = ['session'] as const;
