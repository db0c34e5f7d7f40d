import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser, createUserInputSchema } from '../../accounts/create-user.ts';
import { assignRole, disableUser, enableUser, resetPassword } from '../../accounts/manage-account.ts';
import { setPermission } from '../../accounts/permission-repository.ts';
import { scopes } from '../../accounts/permissions.ts';
import { actionCatalog } from '../../platform/action-catalog.ts';
import { presentUser } from '../../accounts/present-user.ts';
import { roleLabels, roles } from '../../accounts/roles.ts';
import { listUsers } from '../../accounts/user-repository.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';
import { scopeNames } from './scope-names.ts';

const tags = ['accounts'];
const accountParams = z.object({ id: z.string().min(1).describe('account id (uuid)') });


export function accountRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const commandOptions = (request: Parameters<typeof originOf>[0]) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now() });

  return async (app) => {
    app.get('/api/accounts', { config: { action: 'accounts.read' }, schema: { tags, summary: 'Every account (administrators)' } }, async (request) => {
      request.permissions.assertCan(request.actor, 'accounts.read');
      const names = await scopeNames(db);
      return { accounts: (await listUsers(db)).map((user) => presentUser(user, names)) };
    });

    app.post(
      '/api/accounts',
      { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Create a (non-administrator) account; returns its temporary password once', body: createUserInputSchema.omit({ password: true }) } },
      async (request, reply) => {
        const { user, temporaryPassword } = await createUser(db, request.body, commandOptions(request));
        return reply.status(201).send({ account: presentUser(user, await scopeNames(db)), temporary_password: temporaryPassword });
      },
    );

    app.post('/api/accounts/:id/disable', { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Disable an account and close its sessions', params: accountParams } }, async (request) => ({
      account: presentUser(await disableUser(db, request.params.id, commandOptions(request)), await scopeNames(db)),
    }));

    app.post('/api/accounts/:id/enable', { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Enable (and unlock) an account', params: accountParams } }, async (request) => ({
      account: presentUser(await enableUser(db, request.params.id, commandOptions(request)), await scopeNames(db)),
    }));

    app.post('/api/accounts/:id/reset-password', { config: { action: 'accounts.manage' }, schema: { tags, summary: 'Reset a password: a temporary one, changed at next login', params: accountParams } }, async (request) => {
      const { user, temporaryPassword } = await resetPassword(db, request.params.id, commandOptions(request));
      return { account: presentUser(user, await scopeNames(db)), temporary_password: temporaryPassword };
    });

    app.put(
      '/api/accounts/:id/role',
      {
        config: { action: 'roles.manage' },
        schema: {
          tags,
          summary: 'Give an account another role and scope (security administrator)',
          params: accountParams,
          body: z.object({ role: z.enum(roles), unit_id: z.string().nullish(), org_code: z.string().nullish(), credit_code: z.string().nullish() }),
        },
      },
      async (request) => {
        const { role, unit_id: unitId, org_code: orgCode, credit_code: creditCode } = request.body;
        const user = await assignRole(db, request.params.id, { role, unitId, orgCode, creditCode }, commandOptions(request));
        return { account: presentUser(user, await scopeNames(db)) };
      },
    );

    app.get('/api/permissions', { config: { action: 'permissions.read' }, schema: { tags, summary: 'The permission table (role × action × scope)' } }, async (request) => {
      request.permissions.assertCan(request.actor, 'permissions.read');
      return {
        roles: [{ role: 'public', label: { zh: '公众（未登录）', en: 'Public (signed out)' } }, ...roles.map((role) => ({ role, label: roleLabels[role] }))],
        actions: actionCatalog.actions.map((action) => ({ action, label: actionCatalog.declaration(action).label, never_public: actionCatalog.declaration(action).neverPublic ?? false })),
        scopes,
        rows: request.permissions.rows,
        // Reserved actions belong to one administrator; fixed ones are nobody's to change.
        reserved: Object.fromEntries(
          actionCatalog.actions.flatMap((action) => {
            const declaration = actionCatalog.declaration(action);
            return declaration.fixed ? [[action, 'fixed']] : declaration.reservedTo ? [[action, declaration.reservedTo]] : [];
          }),
        ),
      };
    });

    app.put(
      '/api/permissions',
      {
        config: { action: 'roles.manage' },
        schema: { tags, summary: 'Grant (scope) or revoke (null) one action for one role', body: z.object({ role: z.enum(['public', ...roles]), action: z.string().refine((name) => actionCatalog.has(name), { message: 'unknown action' }), scope: z.enum(scopes).nullable() }) },
      },
      async (request) => {
        const table = await setPermission(db, request.body, { ...commandOptions(request), catalog: actionCatalog });
        return { rows: table.rows };
      },
    );
  };
}
