import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser, createUserInputSchema } from '../../accounts/create-user.ts';
import { assignRole, disableUser, enableUser, resetPassword } from '../../accounts/manage-account.ts';
import { setPermission } from '../../accounts/permission-repository.ts';
import { actions, fixedActions, reservedActions, scopes } from '../../accounts/permissions.ts';
import { presentUser } from '../../accounts/present-user.ts';
import { roleLabels, roles } from '../../accounts/roles.ts';
import { listUsers } from '../../accounts/user-repository.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';
import { scopeNames } from './scope-names.ts';

const tags = ['accounts'];
const accountParams = z.object({ id: z.string().min(1).describe('account id (uuid)') });

const actionLabels: Record<(typeof actions)[number], { zh: string; en: string }> = {
  'health.read': { zh: '健康检查', en: 'Health check' },
  'session.create': { zh: '登录', en: 'Sign in' },
  'policy.read': { zh: '查阅政策', en: 'Read the policy' },
  'areas.read': { zh: '查阅行政区划', en: 'Read areas' },
  'session.read': { zh: '查看本人会话', en: 'Own session' },
  'account.change_password': { zh: '修改本人密码', en: 'Change own password' },
  'accounts.read': { zh: '查看账号', en: 'View accounts' },
  'accounts.manage': { zh: '管理账号', en: 'Manage accounts' },
  'roles.manage': { zh: '分配角色和权限', en: 'Assign roles and permissions' },
  'permissions.read': { zh: '查看权限表', en: 'View permissions' },
  'audit.read': { zh: '查阅审计日志', en: 'Read the audit log' },
  'audit.export': { zh: '导出审计日志', en: 'Export the audit log' },
  'audit.verify': { zh: '校验审计哈希链', en: 'Verify the audit chain' },
  'workspace.read': { zh: '工作台', en: 'Workspace' },
  'indicators.read': { zh: '查阅指标和评估', en: 'Read indicators and evaluations' },
  'indicators.enter': { zh: '填报指标数据', en: 'Enter indicator values' },
  'indicators.approve': { zh: '审核指标数据', en: 'Approve indicator values' },
  'indicators.import': { zh: '导入指标数据', en: 'Import indicator values' },
  'registry.read': { zh: '查阅登记库', en: 'Read the registries' },
  'registry.edit': { zh: '修改登记信息', en: 'Edit registry records' },
  'registry.edit_master': { zh: '修改企业登记主数据（名称、区划、规上标识）', en: 'Edit enterprise master data (name, area, above-scale flag)' },
  'registry.import': { zh: '导入登记库', en: 'Import registries' },
  'registry.contacts': { zh: '查看联系人（个人信息）', en: 'See contacts (personal information)' },
};

export function accountRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const commandOptions = (request: Parameters<typeof originOf>[0]) => ({ actor: requireSession(request).actor, permissions: context.permissions.current(), origin: originOf(request), now: context.now() });

  return async (app) => {
    app.get('/api/accounts', { config: { action: 'accounts.read' }, schema: { tags, summary: 'Every account (administrators)' } }, async (request) => {
      context.permissions.current().assertCan(request.actor, 'accounts.read');
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
      context.permissions.current().assertCan(request.actor, 'permissions.read');
      return {
        roles: [{ role: 'public', label: { zh: '公众（未登录）', en: 'Public (signed out)' } }, ...roles.map((role) => ({ role, label: roleLabels[role] }))],
        actions: actions.map((action) => ({ action, label: actionLabels[action] })),
        scopes,
        rows: context.permissions.current().rows,
        // Reserved actions belong to one administrator; fixed ones are nobody's to change.
        reserved: { ...reservedActions, ...Object.fromEntries(fixedActions.map((action) => [action, 'fixed'])) },
      };
    });

    app.put(
      '/api/permissions',
      {
        config: { action: 'roles.manage' },
        schema: { tags, summary: 'Grant (scope) or revoke (null) one action for one role', body: z.object({ role: z.enum(['public', ...roles]), action: z.enum(actions), scope: z.enum(scopes).nullable() }) },
      },
      async (request) => {
        const table = await setPermission(db, request.body, commandOptions(request));
        context.permissions.replace(table);
        return { rows: table.rows };
      },
    );
  };
}
