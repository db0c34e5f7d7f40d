import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey, usePermissions } from '../api/private-queries.ts';
import type { LocalizedLabel, PermissionTable, Scope } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

interface ActionRow {
  action: string;
  label: LocalizedLabel;
}

/** An empty cell: the role may not do the action at all. */
const none = '';

function scopeName(scope: PermissionTable['scopes'][number]): string {
  return typeof scope === 'string' ? scope : scope.scope;
}

/**
 * /admin/permissions — 角色权限: the permission table as a role × action matrix, one scope per
 * cell. Only the security administrator (roles.manage) edits it; the actions reserved to one
 * administrator (三权分立) are locked for everyone.
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
    mutationFn: ({ role, action, scope }: { role: string; action: string; scope: Scope | null }) => api.setPermission(role, action, scope),
    onSuccess: ({ rows }, { role, action }) => {
      queryClient.setQueryData<PermissionTable>([privateKey, 'permissions'], (table) => (table ? { ...table, rows } : table));
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
    return (role: string, action: string) => map.get(`${role}|${action}`);
  }, [query.data]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const { roles, actions, scopes, reserved } = query.data;
  const roleLabel = (role: string) => label(roles.find((entry) => entry.role === role)?.label, role);
  const scopeOptions = [
    { value: none, label: t('permissions.noScope') },
    ...scopes.map(scopeName).map((scope) => ({ value: scope, label: t(`scope.${scope as Scope}`, { defaultValue: scope }) })),
  ];

  // Actions down, roles across: ten roles fit a screen's width, fourteen actions would not.
  const columns: TableColumnsType<ActionRow> = [
    {
      key: 'action',
      title: t('permissions.action'),
      fixed: 'left',
      width: 170,
      render: (_, row) => {
        const owner = reserved[row.action];
        return (
          <Tooltip title={owner ? t('permissions.reserved', { role: roleLabel(owner) }) : row.action} placement="right">
            <span className="permission-action" data-action={row.action}>
              {owner && <LockOutlined className="permission-action__lock" aria-label={t('permissions.reserved', { role: roleLabel(owner) })} />}
              <Typography.Text strong>{label(row.label, row.action)}</Typography.Text>
            </span>
          </Tooltip>
        );
      },
    },
    ...roles.map(({ role, label: heading }) => ({
      key: role,
      width: 112,
      title: label(heading, role),
      render: (_: unknown, row: ActionRow) => (
        <Select<string>
          size="small"
          className="permission-cell"
          data-role={role}
          data-action={row.action}
          value={scopeOf(role, row.action) ?? none}
          options={scopeOptions}
          disabled={!editable || reserved[row.action] !== undefined}
          popupMatchSelectWidth={false}
          onChange={(scope) => set.mutate({ role, action: row.action, scope: scope === none ? null : (scope as Scope) })}
        />
      ),
    })),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading title={t('permissions.title')} intro={t('permissions.intro')} />
      {!editable && <Alert type="info" showIcon title={t('permissions.readOnly')} />}
      <Card>
        <Table<ActionRow>
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
