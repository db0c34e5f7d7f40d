import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
import { sessionGate, type SessionState } from './session-gate.ts';

const session = { must_change_password: false } as Session;
const unavailable = new ApiError(503, 'unavailable', '数据库暂时无法访问，服务暂时不可用，请稍后重试', 'the database is unreachable');
const state = (partial: Partial<SessionState>): SessionState => ({ session: undefined, isPending: false, error: null, signingOut: false, pathname: '/workspace', ...partial });

describe('the gate of the signed-in pages', () => {
  it('keeps a signed-in person in when reading the session again fails with 503', () => {
    expect(sessionGate(state({ session, error: unavailable }))).toBe('open');
  });

  it('shows the service as unavailable, not the login page, when the first read fails with 503', () => {
    expect(sessionGate(state({ error: unavailable }))).toBe('unavailable');
    // A gateway in front of the server, answering for it.
    expect(sessionGate(state({ error: new ApiError(502, 'http_error', '服务器返回错误 502', 'The server answered 502') }))).toBe('unavailable');
  });

  it('shows any other failure with its message, still not the login page', () => {
    expect(sessionGate(state({ error: new ApiError(0, 'network_error', '无法连接服务器', 'Cannot reach the server') }))).toBe('failed');
  });

  it('sends the signed out to sign in, and a pending password change to change it', () => {
    expect(sessionGate(state({ session: null }))).toBe('sign_in');
    expect(sessionGate(state({ session: { ...session, must_change_password: true } }))).toBe('change_password');
    expect(sessionGate(state({ session: { ...session, must_change_password: true }, pathname: '/account/password' }))).toBe('open');
  });

  it('waits for the first answer, and for a sign-out to reach the public page', () => {
    expect(sessionGate(state({ isPending: true }))).toBe('wait');
    expect(sessionGate(state({ session: null, signingOut: true }))).toBe('wait');
  });
});
