import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../../accounts/change-password.ts';
import { login } from '../../accounts/login.ts';
import { presentUser } from '../../accounts/present-user.ts';
import { actorOf, logout, logoutEverywhere } from '../../accounts/sessions.ts';
import { csrfCookie, originOf, requireSession, sessionCookie } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';
import { scopeNames } from './scope-names.ts';

const tags = ['session'];

export function sessionRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: context.settings.secureCookies };

  const sessionBody = async (request: FastifyRequest, csrfToken: string, absoluteExpiresAt: Date) => {
    const active = request.activeSession;
    const user = active?.user;
    const actor = request.actor;
    return {
      user: user ? presentUser(user, await scopeNames(db)) : null,
      abilities: request.permissions.abilitiesOf(actor),
      csrf_token: csrfToken,
      must_change_password: user?.mustChangePassword ?? false,
      idle_timeout_seconds: context.settings.sessionIdleMinutes * 60,
      absolute_expires_at: absoluteExpiresAt.toISOString(),
    };
  };

  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(sessionCookie, cookieOptions).clearCookie(csrfCookie, cookieOptions);
  };

  return async (app) => {
    app.post(
      '/api/session',
      {
        config: { action: 'session.create', allowedBeforePasswordChange: true, rateLimit: { max: context.settings.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: { tags, summary: 'Sign in (rate-limited); sets the HttpOnly session cookie', body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }) },
      },
      async (request, reply) => {
        const { user, session } = await login(db, request.body, context.settings, originOf(request), context.now());
        reply
          .setCookie(sessionCookie, session.token, { ...cookieOptions, httpOnly: true, expires: session.absoluteExpiresAt })
          .setCookie(csrfCookie, session.csrfToken, { ...cookieOptions, httpOnly: false, expires: session.absoluteExpiresAt });
        const actor = actorOf(user);
        return {
          user: presentUser(user, await scopeNames(db)),
          abilities: request.permissions.abilitiesOf(actor),
          csrf_token: session.csrfToken,
          must_change_password: user.mustChangePassword,
          idle_timeout_seconds: context.settings.sessionIdleMinutes * 60,
          absolute_expires_at: session.absoluteExpiresAt.toISOString(),
        };
      },
    );

    app.get('/api/session', { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'The signed-in account, its abilities and CSRF token; 401 when signed out' } }, async (request) => {
      const active = requireSession(request);
      return sessionBody(request, active.session.csrfToken, active.session.expiresAt);
    });

    app.delete('/api/session', { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
      await logout(db, requireSession(request), originOf(request), context.now());
      clearCookies(reply);
      return reply.status(204).send();
    });

    app.post('/api/session/revoke-all', { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'Sign out everywhere: every session of this account' } }, async (request, reply) => {
      await logoutEverywhere(db, requireSession(request), originOf(request), context.now());
      clearCookies(reply);
      return reply.status(204).send();
    });

    app.post(
      '/api/account/password',
      {
        config: { action: 'account.change_password', allowedBeforePasswordChange: true },
        schema: { tags, summary: 'Change one’s own password (other sessions are closed)', body: z.object({ current_password: z.string().min(1).max(200), new_password: z.string().min(1).max(200) }) },
      },
      async (request, reply) => {
        await changePassword(db, requireSession(request), { currentPassword: request.body.current_password, newPassword: request.body.new_password }, request.permissions, originOf(request), context.now());
        return reply.status(204).send();
      },
    );
  };
}
