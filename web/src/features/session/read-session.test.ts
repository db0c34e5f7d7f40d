import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setSessionProblemHandler, type SessionProblem } from '../../api/client.ts';
import { readSession } from './read-session.ts';

/** fetch answering every call with this status and body. */
function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

const unavailableBody = { error: { code: 'unavailable', message: '数据库暂时无法访问，服务暂时不可用，请稍后重试', message_en: 'the database is unreachable', request_id: 'r-1' } };

describe('reading the session while the database is down', () => {
  const problems: SessionProblem[] = [];
  let unregister: () => void;

  beforeEach(() => {
    // A browser that holds a session: the readable CSRF cookie is there.
    vi.stubGlobal('document', { cookie: 'kc_csrf=token-1' });
    problems.length = 0;
    unregister = setSessionProblemHandler((problem) => problems.push(problem));
  });

  afterEach(() => {
    unregister();
    vi.unstubAllGlobals();
  });

  it('does not take a 503 for "signed out": the read fails, and the service is reported unavailable', async () => {
    vi.stubGlobal('fetch', answer(503, unavailableBody));
    const failure: unknown = await readSession(new AbortController().signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 503, code: 'unavailable' });
    expect(problems).toEqual(['unavailable']);
  });

  it('takes a 401 for "signed out"', async () => {
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthenticated', message: '请先登录', message_en: 'please sign in', request_id: 'r-2' } }));
    await expect(readSession(new AbortController().signal)).resolves.toBeNull();
    expect(problems).toEqual([]);
  });

  it('reports a 503 of a signed-in page as unavailable, never as a lost session', async () => {
    vi.stubGlobal('fetch', answer(503, unavailableBody));
    await expect(api.getWorkspace()).rejects.toMatchObject({ code: 'unavailable' });
    expect(problems).toEqual(['unavailable']);
  });

  it('still reports a 401 of a signed-in page as a lost session', async () => {
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthenticated', message: '请先登录', message_en: 'please sign in', request_id: 'r-3' } }));
    await expect(api.getWorkspace()).rejects.toMatchObject({ status: 401 });
    expect(problems).toEqual(['unauthenticated']);
  });
});
