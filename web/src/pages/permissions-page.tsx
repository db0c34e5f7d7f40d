import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey, usePermissions } from '../api/private-queries.ts';
import type { LocalizedLabel, PermissionAction, PermissionRole, PermissionTableAnswer, Scope, SetPermissionBody } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

/** An empty cell: the role may not do the action at all. */
const none = '';
type CellValue = Scope | typeof none;

/**
 * Why an action's grants cannot be changed, if they cannot: it belongs to one administrator
 * (三权分立), or signing in needs it. Both come from the action's declaration, as the server sends it.
 */
function lockOf(action: PermissionAction): { kind: 'reserved'; role: PermissionRole } | { kind: 'fixed' } | undefined {
  if (action.reserved_to !== null) return { kind: 'reserved', role: action.reserved_to };
  if (action.fixed) return { kind: 'fixed' };
  return undefined;
}

/**
 * /admin/permissions — 角色权限: the permission table as a role × action matrix, one scope per
 * cell. Only the security administrator (roles.manage) edits it. What may not change is locked
 * as the server's declarations say: the actions reserved to one administrator, the fixed ones,
 * the administrator roles, and the public's access to personal, unreviewed or administrative data.
 */
export function PermissionsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { can } = useSession();
  const editable = can('roles.manage');
  const query = usePermissions();
  const label = (value: LocalizedLabel | undefined, fallback: string) => (value ? (language === 'en' ? value.en : value.zh) : fallback);

  const set = useMutation({
    mutationFn: (change: SetPermissionBody) => api.setPermission(change),
    onSuccess: ({ rows }, { role, action }) => {
      queryClient.setQueryData<PermissionTableAnswer>([privateKey, 'permissions'], (table) => (table ? { ...table, rows } : table));
      const data = query.data;
      void message.success(
        t('permissions.saved', {
          role: label(data?.roles.find((entry) => entry.role === role)?.label, role),
          action: label(data?.actions.find((entry) => entry.action === action)?.label, action),
        }),
      );
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });

  const scopeOf = useMemo(() => {
    const map = new Map((query.data?.rows ?? []).map((row) => [`${row.role}|${row.action}`, row.scope]));
    return (role: PermissionRole, action: string) => map.get(`${role}|${action}`);
  }, [query.data]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const { roles, actions, scopes } = query.data;
  const roleLabel = (role: PermissionRole) => label(roles.find((entry) => entry.role === role)?.label, role);
  const lockText = (action: PermissionAction) => {
    const lock = lockOf(action);
    if (lock?.kind === 'reserved') return t('permissions.reserved', { role: roleLabel(lock.role) });
    if (lock?.kind === 'fixed') return t('permissions.fixed');
    return undefined;
  };
  const scopeOption = (scope: Scope) => ({ value: scope, label: t(`scope.${scope}`) });
  const noneOption = { value: none, label: t('permissions.noScope') };
  // The public holds only unscoped grants, and never those the declaration keeps from it.
  const optionsFor = (role: PermissionRole) => [noneOption, ...(role === 'public' ? scopes.filter((scope) => scope === 'all') : scopes).map(scopeOption)];

  // Actions down, roles across: ten roles fit a screen's width, twenty actions would not.
  const columns: TableColumnsType<PermissionAction> = [
    {
      key: 'action',
      title: t('permissions.action'),
      fixed: 'left',
      width: 170,
      render: (_, action) => {
        const locked = lockText(action);
        return (
          <Tooltip title={locked ?? action.action} placement="right">
            <span className="permission-action" data-action={action.action}>
              {locked && <LockOutlined className="permission-action__lock" aria-label={locked} />}
              <Typography.Text strong>{label(action.label, action.action)}</Typography.Text>
            </span>
          </Tooltip>
        );
      },
    },
    ...roles.map(({ role, label: heading, fixed: roleFixed }) => ({
      key: role,
      width: 112,
      title: label(heading, role),
      render: (_: unknown, action: PermissionAction) => {
        const keptFromPublic = role === 'public' && action.never_public;
        const select = (
          <Select<CellValue>
            size="small"
            className="permission-cell"
            data-role={role}
            data-action={action.action}
            value={scopeOf(role, action.action) ?? none}
            options={optionsFor(role)}
            disabled={!editable || lockOf(action) !== undefined || roleFixed || keptFromPublic}
            popupMatchSelectWidth={false}
            onChange={(scope) => set.mutate({ role, action: action.action, scope: scope === none ? null : scope })}
          />
        );
        return keptFromPublic ? <Tooltip title={t('permissions.neverPublic')}>{select}</Tooltip> : select;
      },
    })),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading title={t('permissions.title')} intro={t('permissions.intro')} />
      {!editable && <Alert type="info" showIcon title={t('permissions.readOnly')} />}
      <Card>
        <Table<PermissionAction>
          data-testid="permissions-matrix"
          rowKey="action"
          columns={columns}
          dataSource={actions}
          pagination={false}
          size="small"
          bordered
          scroll={{ x: 170 + 112 * roles.length }}
          loading={set.isPending}
        />
      </Card>
    </Space>
  );
}
