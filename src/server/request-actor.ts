import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RequestOrigin, Action, PermissionTable } from '../accounts/index.ts';
import { loadPermissionTable, csrfMatches, findSessionWithUser, resolveSession, type ActiveSession, type SessionLookup } from '../accounts/index.ts';
import type { ChangeVersions } from '../db/index.ts';
import { actionCatalog, defaultPermissionTable } from '../platform/index.ts';
import { AppError, databaseUnavailable } from '../shared/index.ts';
import type { ServerContext } from './server-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account, or null for the public. */
    actor: Actor | null;
    activeSession: ActiveSession | null;
    /**
     * The permission table as the database holds it for this request: kept between requests only
     * while its change counter stands still, so a grant or revoke holds at the next request.
     */
    permissions: PermissionTable;
    /** The change counters, read once at the start of every API request (src/db/change-counters.ts). */
    changeVersions: ChangeVersions;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; every /api route declares one (the matrix test checks). */
    action?: Action;
    /** Routes that stay open while a password change is pending (session, password, logout). */
    allowedBeforePasswordChange?: boolean;
    /**
     * A liveness or readiness probe (`/api/live`, `/api/health`): answered without reading a
     * session or the permission table, so that a load balancer polling it costs the database one
     * trivial query at most. Allowed only for an action that is fixed and granted to everyone,
     * which no permission table can change (checked when the route is registered).
     */
    probe?: boolean;
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
  app.addHook('onRoute', (route) => {
    const config = route.config as { action?: Action; probe?: boolean } | undefined;
    if (config?.probe && !(config.action && isProbeAction(config.action))) {
      throw new Error(`route ${route.url} is marked probe, but its action ${config.action ?? '(none)'} is not fixed and granted to everyone`);
    }
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('activeSession', null);
  app.decorateRequest('permissions', undefined as unknown as PermissionTable);
  app.decorateRequest('changeVersions', undefined as unknown as ChangeVersions);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const path = request.routeOptions.url ?? '';
    // The web app's files and the API's documentation need no session: they load even while the
    // database is down, so that the app can say the service is unavailable.
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
    if (config.probe) {
      request.permissions = defaultPermissionTable;
      return;
    }
    // Read for every request, so that a grant, revoke or sign-out through another app server holds here at once.
    const versions = await databaseRead(request, () => context.database.changes.current());
    request.changeVersions = versions;
    const token = request.cookies[sessionCookie];
    if (token) {
      const db = context.database.db;
      const lookup: SessionLookup = (tokenHash) => context.caches.sessions.get(versions, tokenHash, () => findSessionWithUser(db, tokenHash));
      // A database that does not answer says nothing about the session: 503, never "signed out".
      const active = await databaseRead(request, () => resolveSession(db, token, context.settings, context.now(), lookup));
      if (active) {
        request.activeSession = active;
        request.actor = active.actor;
      }
    }
    request.permissions = await databaseRead(request, () => context.caches.permissions.get(versions, 'table', () => loadPermissionTable(context.database.db)));
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

/** An action no permission table can change, granted to the public and every role. */
function isProbeAction(action: Action): boolean {
  const declaration = actionCatalog.declaration(action);
  return declaration.fixed === true && declaration.grants.public === 'all' && declaration.grants.every_role === 'all';
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
