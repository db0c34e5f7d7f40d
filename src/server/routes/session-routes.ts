import type { FastifyReply } from 'fastify';
import { sessionSchema, actionCatalog } from '../../platform/index.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePasswordBodySchema, signInBodySchema, changePassword, login, presentSession, logout, logoutEverywhere } from '../../accounts/index.ts';
import { csrfCookie, originOf, requireSession, sessionCookie } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';
import { scopeNames } from './scope-names.ts';

const tags = ['session'];

/** A 204 answer: no body (the type provider shows it in OpenAPI as a response without content). */
const noContent = (description: string) => z.undefined().describe(description);

export function sessionRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: context.settings.secureCookies };
  const idleTimeoutMinutes = context.settings.sessionIdleMinutes;

  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(sessionCookie, cookieOptions).clearCookie(csrfCookie, cookieOptions);
  };

  return async (app) => {
    app.post(
      '/api/session',
      {
        config: { action: 'session.create', allowedBeforePasswordChange: true, rateLimit: { max: context.settings.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: { tags, summary: 'Sign in (rate-limited); sets the HttpOnly session cookie', body: signInBodySchema, response: { 200: sessionSchema } },
      },
      async (request, reply) => {
        const { user, session } = await login(db, request.body, context.settings, originOf(request), context.now());
        reply
          .setCookie(sessionCookie, session.token, { ...cookieOptions, httpOnly: true, expires: session.absoluteExpiresAt })
          .setCookie(csrfCookie, session.csrfToken, { ...cookieOptions, httpOnly: false, expires: session.absoluteExpiresAt });
        const facts = { user, csrfToken: session.csrfToken, absoluteExpiresAt: session.absoluteExpiresAt, idleTimeoutMinutes };
        return presentSession(facts, request.permissions, actionCatalog, await scopeNames(db));
      },
    );

    app.get(
      '/api/session',
      { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'The signed-in account, its abilities and CSRF token; 401 when signed out', response: { 200: sessionSchema } } },
      async (request) => {
        const active = requireSession(request);
        const facts = { user: active.user, csrfToken: active.session.csrfToken, absoluteExpiresAt: active.session.expiresAt, idleTimeoutMinutes };
        return presentSession(facts, request.permissions, actionCatalog, await scopeNames(db));
      },
    );

    app.delete('/api/session', { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'Sign out', response: { 204: noContent('Signed out') } } }, async (request, reply) => {
      await logout(db, requireSession(request), originOf(request), context.now());
      clearCookies(reply);
      return reply.status(204).send();
    });

    app.post(
      '/api/session/revoke-all',
      { config: { action: 'session.read', allowedBeforePasswordChange: true }, schema: { tags, summary: 'Sign out everywhere: every session of this account', response: { 204: noContent('Every session of the account ended') } } },
      async (request, reply) => {
        await logoutEverywhere(db, requireSession(request), originOf(request), context.now());
        clearCookies(reply);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/account/password',
      {
        config: { action: 'account.change_password', allowedBeforePasswordChange: true },
        schema: { tags, summary: 'Change one’s own password (other sessions are closed)', body: changePasswordBodySchema, response: { 204: noContent('Password changed') } },
      },
      async (request, reply) => {
        await changePassword(db, requireSession(request), { currentPassword: request.body.current_password, newPassword: request.body.new_password }, request.permissions, originOf(request), context.now());
        return reply.status(204).send();
      },
    );
  };
}
