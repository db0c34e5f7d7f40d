import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RequestOrigin, Action, PermissionTable } from '../accounts/index.ts';
import { loadPermissionTable, csrfMatches, resolveSession, type ActiveSession } from '../accounts/index.ts';
import { AppError, databaseUnavailable } from '../shared/index.ts';
import type { ServerContext } from './server-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account, or null for the public. */
    actor: Actor | null;
    activeSession: ActiveSession | null;
    /** The permission table as the database holds it for this request (never cached across requests). */
    permissions: PermissionTable;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; every /api route declares one (the matrix test checks). */
    action?: Action;
    /** Routes that stay open while a password change is pending (session, password, logout). */
    allowedBeforePasswordChange?: boolean;
  }
}

export const sessionCookie = 'kc_session';
export const csrfCookie = 'kc_csrf';
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originOf(request: FastifyRequest): RequestOrigin & { userAgent: string | null } {
  return { requestId: request.id, clientIp: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The signed-in actor, or 401. */
export function requireSession(request: FastifyRequest): ActiveSession {
  if (!request.activeSession) throw new AppError('unauthenticated', '请先登录', 'please sign in');
  return request.activeSession;
}

/**
 * Authentication and the coarse permission check, for every request:
 * session cookie → actor; CSRF token on state-changing requests; a pending password change
 * blocks everything else; the route's declared action must be allowed to the actor's role.
 * Scoped checks (this unit, that area) are made again by the use cases with the resource.
 */
export function registerRequestActor(app: FastifyInstance, context: ServerContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('activeSession', null);
  app.decorateRequest('permissions', undefined as unknown as PermissionTable);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const path = request.routeOptions.url ?? '';
    // The web app's files and the API's documentation need no session: they load even while the
    // database is down, so that the app can say the service is unavailable.
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
    const token = request.cookies[sessionCookie];
    if (token) {
      // A database that does not answer says nothing about the session: 503, never "signed out".
      const active = await databaseRead(request, () => resolveSession(context.database.db, token, context.settings, context.now()));
      if (active) {
        request.activeSession = active;
        request.actor = active.actor;
      }
    }
    // Read for every request, so that a grant or revoke through another app server holds here at once.
    request.permissions = await databaseRead(request, () => loadPermissionTable(context.database.db));
    if (!safeMethods.has(request.method) && request.activeSession && !csrfMatches(request.activeSession.session, headerValue(request.headers[csrfHeader]))) {
      throw new AppError('csrf', '请求缺少有效的 CSRF 令牌，请刷新页面后重试', 'missing or wrong CSRF token: reload the page and try again');
    }
    const action = config.action;
    if (!action) throw new AppError('internal', '该接口未声明权限', `route ${request.method} ${path} declares no permission`);
    if (request.activeSession?.user.mustChangePassword && !config.allowedBeforePasswordChange) {
      throw new AppError('password_change_required', '请先修改初始密码', 'change your password first');
    }
    request.permissions.assertHolds(request.actor, action);
  });
}

/**
 * A read every request needs (the session, the permission table). These only read the database,
 * so any failure other than the application's own errors means it did not answer: the request
 * gets 503 `unavailable`, with the cause in the log.
 */
async function databaseRead<T>(request: FastifyRequest, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError) throw error;
    request.log.error({ err: error }, 'the database did not answer a session or permission read');
    throw databaseUnavailable(error);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
