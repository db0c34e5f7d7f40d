import { permissionRowsSchema, permissionTableSchema, setPermissionBodySchema, actionCatalog } from '../../platform/index.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountAnswerSchema, accountListSchema, accountWithPasswordSchema, assignRoleBodySchema, createAccountBodySchema, createUser, assignRole, disableUser, enableUser, resetPassword, setPermission, presentPermissionRows, presentPermissionTable, presentUser, presentUserWithPassword, listUsers, findSourceLocks } from '../../accounts/index.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';
import { scopeNames } from './scope-names.ts';

const tags = ['accounts'];
const accountParams = z.object({ id: z.string().min(1).describe('account id (uuid)') });

export function accountRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const commandOptions = (request: Parameters<typeof originOf>[0]) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now() });

  return async (app) => {
    app.get('/api/accounts', { config: { action: 'accounts.read' }, schema: { tags, summary: 'Every account (administrators), with the client addresses each is locked for', response: { 200: accountListSchema } } }, async (request) => {
      request.permissions.assertCan(request.actor, 'accounts.read');
      const names = await scopeNames(db);
      const locks = await findSourceLocks(db, context.now());
      return {
        accounts: (await listUsers(db)).map((user) => ({
          ...presentUser(user, names),
          locked_addresses: (locks.get(user.id) ?? []).map((lock) => ({ address: lock.source, locked_until: lock.lockedUntil.toISOString() })),
        })),
      };
    });

    app.post(
      '/api/accounts',
      {
        config: { action: 'accounts.manage' },
        schema: { tags, summary: 'Create a (non-administrator) account; returns its temporary password once', body: createAccountBodySchema, response: { 201: accountWithPasswordSchema } },
      },
      async (request, reply) => {
        const { user, temporaryPassword } = await createUser(db, request.body, commandOptions(request));
        return reply.status(201).send(presentUserWithPassword(user, temporaryPassword, await scopeNames(db)));
      },
    );

    app.post(
      '/api/accounts/:id/disable',
      { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Disable an account and close its sessions', params: accountParams, response: { 200: accountAnswerSchema } } },
      async (request) => ({ account: presentUser(await disableUser(db, request.params.id, commandOptions(request)), await scopeNames(db)) }),
    );

    app.post(
      '/api/accounts/:id/enable',
      { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Enable a disabled account, or unlock a locked one (everywhere and for every address); 409 when it is active and unlocked', params: accountParams, response: { 200: accountAnswerSchema } } },
      async (request) => ({ account: presentUser(await enableUser(db, request.params.id, commandOptions(request)), await scopeNames(db)) }),
    );

    app.post(
      '/api/accounts/:id/reset-password',
      { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Reset a password: a temporary one, changed at next login', params: accountParams, response: { 200: accountWithPasswordSchema } } },
      async (request) => {
        const { user, temporaryPassword } = await resetPassword(db, request.params.id, commandOptions(request));
        return presentUserWithPassword(user, temporaryPassword, await scopeNames(db));
      },
    );

    app.put(
      '/api/accounts/:id/role',
      {
        config: { action: 'roles.manage' },
        schema: { tags, summary: 'Give an account another role and scope (security administrator)', params: accountParams, body: assignRoleBodySchema, response: { 200: accountAnswerSchema } },
      },
      async (request) => {
        const { role, unit_id: unitId, org_code: orgCode, credit_code: creditCode } = request.body;
        const user = await assignRole(db, request.params.id, { role, unitId, orgCode, creditCode }, commandOptions(request));
        return { account: presentUser(user, await scopeNames(db)) };
      },
    );

    app.get(
      '/api/permissions',
      { config: { action: 'permissions.read' }, schema: { tags, summary: 'The permission table (role × action × scope), with each declared action’s label and rules', response: { 200: permissionTableSchema } } },
      async (request) => {
        request.permissions.assertCan(request.actor, 'permissions.read');
        return presentPermissionTable(request.permissions, actionCatalog);
      },
    );

    app.put(
      '/api/permissions',
      { config: { action: 'roles.manage' }, schema: { tags, summary: 'Grant (scope) or revoke (null) one action for one role', body: setPermissionBodySchema, response: { 200: permissionRowsSchema } } },
      async (request) => presentPermissionRows(await setPermission(db, request.body, { ...commandOptions(request), catalog: actionCatalog }), actionCatalog),
    );
  };
}
