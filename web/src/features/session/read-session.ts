import { ApiError, api, mayHaveSession, rememberCsrfToken } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';

/**
 * The session of this browser: the answer of GET /api/session, or null when signed out (no
 * session cookie, or a 401). Any other failure — the service or its database unavailable, the
 * network down — says nothing about the session and is thrown, so that the state known before
 * (signed in, say) stays as it was.
 */
export async function readSession(signal: AbortSignal): Promise<Session | null> {
  // No session cookies: signed out for sure. Asking would only log a 401 for every public reader.
  if (!mayHaveSession()) {
    rememberCsrfToken(undefined);
    return null;
  }
  try {
    const session = await api.getSession(signal);
    rememberCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    // Not signed in, or the session expired: the public pages still work.
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}
